import { useEffect, useState } from 'react';

/** How a due time stands at `now`: none, later, soon (within the warning window), or overdue. */
export type DueState = 'none' | 'later' | 'soon' | 'overdue';

export interface Due {
  state: DueState;
  /** Whole minutes to the due time (negative once overdue); null without a due time. */
  minutes: number | null;
}

/** An hour before a due time counts as soon: the inbox colours it amber. */
export const soonWindowMinutes = 60;

export function dueOf(dueAt: string | null | undefined, now: number): Due {
  if (!dueAt) return { state: 'none', minutes: null };
  const ms = Date.parse(dueAt) - now;
  if (Number.isNaN(ms)) return { state: 'none', minutes: null };
  const minutes = ms >= 0 ? Math.floor(ms / 60_000) : -Math.ceil(-ms / 60_000);
  if (ms < 0) return { state: 'overdue', minutes };
  return { state: ms <= soonWindowMinutes * 60_000 ? 'soon' : 'later', minutes };
}

/** A span of minutes as days, hours and minutes, the largest two units only (2 d 3 h, 3 h 5 min, 12 min). */
export function spanParts(totalMinutes: number): { days: number; hours: number; minutes: number } {
  const m = Math.abs(totalMinutes);
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const minutes = days > 0 ? 0 : m % 60;
  return { days, hours, minutes };
}

/** The current time, renewed every `everyMs`: countdowns tick without a request. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
