import { describe, expect, it } from 'vitest';
import { staleKeys } from './useLiveUpdates';

describe('staleKeys', () => {
  it('makes a changed task stale in every inbox page, on its own page and on its case', () => {
    expect(staleKeys({ kind: 'task', id: 't1', caseId: 'c1' })).toEqual([['tasks', 'list'], ['tasks', 'one', 't1'], ['cases', 'one', 'c1']]);
  });

  it('makes a changed case stale on its page only, and a task outside a case on the inbox and its page', () => {
    expect(staleKeys({ kind: 'case', id: 'c1', caseId: 'c1' })).toEqual([['cases', 'one', 'c1']]);
    expect(staleKeys({ kind: 'task', id: 't2', caseId: null })).toEqual([['tasks', 'list'], ['tasks', 'one', 't2']]);
  });
});
