import { describe, expect, it } from 'vitest';
import { dueOf, spanParts } from './due';

const now = Date.parse('2026-12-04T10:00:00Z');

describe('dueOf', () => {
  it('has nothing to say about a task without a due time', () => {
    expect(dueOf(null, now)).toEqual({ state: 'none', minutes: null });
    expect(dueOf('not a time', now)).toEqual({ state: 'none', minutes: null });
  });

  it('calls a due time within the hour soon, and later ones later', () => {
    expect(dueOf('2026-12-04T10:59:00Z', now)).toEqual({ state: 'soon', minutes: 59 });
    expect(dueOf('2026-12-04T11:00:00Z', now)).toEqual({ state: 'soon', minutes: 60 });
    expect(dueOf('2026-12-04T11:00:01Z', now)).toEqual({ state: 'later', minutes: 60 });
  });

  it('counts an overdue task in whole minutes past, the first second already one', () => {
    expect(dueOf('2026-12-04T09:59:59Z', now)).toEqual({ state: 'overdue', minutes: -1 });
    expect(dueOf('2026-12-04T08:30:00Z', now)).toEqual({ state: 'overdue', minutes: -90 });
  });
});

describe('spanParts', () => {
  it('keeps the two largest units', () => {
    expect(spanParts(12)).toEqual({ days: 0, hours: 0, minutes: 12 });
    expect(spanParts(185)).toEqual({ days: 0, hours: 3, minutes: 5 });
    expect(spanParts(-(2 * 1440 + 3 * 60 + 7))).toEqual({ days: 2, hours: 3, minutes: 0 });
  });
});
