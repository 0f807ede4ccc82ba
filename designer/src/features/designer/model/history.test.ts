import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, maxHistory, record, redo, startHistory, undo } from './history';

describe('history', () => {
  it('undoes and redoes in order, and a new change drops what could be redone', () => {
    let history = startHistory('a');
    history = record(history, 'b');
    history = record(history, 'c');
    history = undo(history);
    expect(history.present).toBe('b');
    history = undo(history);
    expect([history.present, canUndo(history), canRedo(history)]).toEqual(['a', false, true]);
    history = redo(history);
    expect(history.present).toBe('b');
    history = record(history, 'd');
    expect([history.present, canRedo(history)]).toEqual(['d', false]);
    expect(undo(undo(undo(undo(history)))).present).toBe('a');
  });

  it('records nothing for an unchanged document and keeps a bounded past', () => {
    const history = startHistory('a');
    expect(record(history, 'a')).toBe(history);
    let long = history;
    for (let i = 0; i < maxHistory + 50; i++) long = record(long, `v${i}`);
    expect(long.past).toHaveLength(maxHistory);
  });
});
