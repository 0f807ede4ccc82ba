import { describe, expect, it } from 'vitest';
import { activityLabel, normalizeConnections } from './elsa';

const ids = new Set(['a', 'b', 'c']);

describe('normalizeConnections', () => {
  it('reads the nested form Elsa writes, keeping vertices', () => {
    const nested = [{ source: { activity: 'a', port: 'True' }, target: { activity: 'b', port: 'In' }, vertices: [{ x: 1, y: 2 }] }];
    expect(normalizeConnections(nested, ids)).toEqual(nested);
  });

  it('reads the flat form with ports, defaulting to Done and In', () => {
    expect(normalizeConnections([{ source: 'a', target: 'b', sourcePort: 'False' }, { source: 'b', target: 'c' }], ids)).toEqual([
      { source: { activity: 'a', port: 'False' }, target: { activity: 'b', port: 'In' } },
      { source: { activity: 'b', port: 'Done' }, target: { activity: 'c', port: 'In' } },
    ]);
  });

  it('reads $values and a single connection object', () => {
    const one = { source: { activity: 'a', port: 'Done' }, target: { activity: 'c', port: 'In' } };
    expect(normalizeConnections({ $values: [one] }, ids)).toEqual([one]);
    expect(normalizeConnections(one, ids)).toEqual([one]);
  });

  it('drops connections to activities that are not there, and junk', () => {
    expect(normalizeConnections([{ source: 'a', target: 'ghost' }, 42, null, { source: {}, target: 'b' }], ids)).toEqual([]);
    expect(normalizeConnections(undefined, ids)).toEqual([]);
  });
});

describe('activityLabel', () => {
  it('prefers the display text, then the name, then the type display name, then the type', () => {
    expect(activityLabel({ id: 'x', type: 'Elsa.WriteLine', name: 'n', metadata: { displayText: 'Say hi' } }, 'Write line')).toBe('Say hi');
    expect(activityLabel({ id: 'x', type: 'Elsa.WriteLine', name: 'n' }, 'Write line')).toBe('n');
    expect(activityLabel({ id: 'x', type: 'Elsa.WriteLine' }, 'Write line')).toBe('Write line');
    expect(activityLabel({ id: 'x', type: 'Elsa.WriteLine' })).toBe('WriteLine');
  });
});
