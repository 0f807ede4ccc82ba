import { describe, expect, it } from 'vitest';
import { showsCase, staleKeys } from './useLiveUpdates';

describe('staleKeys', () => {
  it('makes a changed task stale in every inbox page, on its own page and on its case', () => {
    expect(staleKeys({ kind: 'task', id: 't1', caseId: 'c1' })).toEqual([['tasks', 'list'], ['tasks', 'one', 't1'], ['cases', 'one', 'c1']]);
  });

  it('makes a changed case stale on its page, the emergency board and the dashboard, and a task outside a case on the inbox and its page', () => {
    expect(staleKeys({ kind: 'case', id: 'c1', caseId: 'c1' })).toEqual([['cases', 'one', 'c1'], ['emergencies'], ['kpis']]);
    expect(staleKeys({ kind: 'task', id: 't2', caseId: null })).toEqual([['tasks', 'list'], ['tasks', 'one', 't2']]);
  });
});

describe('showsCase', () => {
  const query = (queryKey: unknown[], data?: unknown) => ({ queryKey, state: { data } }) as unknown as Parameters<typeof showsCase>[0];

  it('finds a case page by the id it was opened by, or by the id of the case it holds when opened by number', () => {
    expect(showsCase(query(['cases', 'one', 'c1']), 'c1')).toBe(true);
    expect(showsCase(query(['cases', 'one', 'CF-2026-000001'], { id: 'c1' }), 'c1')).toBe(true);
    expect(showsCase(query(['cases', 'one', 'CF-2026-000002'], { id: 'c2' }), 'c1')).toBe(false);
    expect(showsCase(query(['cases', 'list', { search: '' }], { id: 'c1' }), 'c1')).toBe(false);
  });

  it('counts a case page still loading its first answer as stale: that answer may predate the change', () => {
    expect(showsCase(query(['cases', 'one', 'CF-2026-000003']), 'c1')).toBe(true);
  });
});
