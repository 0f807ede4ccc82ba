import type { HeatMark } from '../designer/flow';
import type { ActivityHeat, HeatMetric } from './types';

/** How many heat levels the canvas colours (1 coolest … 5 hottest; 0 means no data for the metric). */
export const heatLevels = 5;

/** The metric's value of an activity, or null when it has none (no waits, no CSAT answers). */
export function metricValue(heat: ActivityHeat, metric: HeatMetric): number | null {
  switch (metric) {
    case 'executions':
      return heat.executions;
    case 'waiting':
      return heat.averageWaitingSeconds;
    case 'breaches':
      return heat.slaBreaches;
    case 'csat':
      return heat.csatAnswers > 0 ? heat.csatAverage : null;
  }
}

/**
 * The heat level of a value: counts and waiting scale against the hottest activity (so the busiest is level 5);
 * CSAT is hot where it is low, on its own 1–5 scale (an average of 1 is level 5, of 5 level 1). Zero and no data are 0.
 */
export function heatLevel(value: number | null, metric: HeatMetric, max: number): number {
  if (value === null) return 0;
  if (metric === 'csat') return Math.min(heatLevels, Math.max(1, Math.round(6 - value)));
  if (value <= 0 || max <= 0) return 0;
  return Math.min(heatLevels, Math.max(1, Math.ceil((heatLevels * value) / max)));
}

/** A duration in seconds as people read it: 45 s, 12 min, 3.5 h, 2.1 d. */
export function formatSeconds(seconds: number, units: { s: string; min: string; h: string; d: string }): string {
  if (seconds < 60) return `${Math.round(seconds)} ${units.s}`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} ${units.min}`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1).replace(/\.0$/, '')} ${units.h}`;
  return `${(seconds / 86400).toFixed(1).replace(/\.0$/, '')} ${units.d}`;
}

/**
 * The canvas marks of a heatmap for one metric: each activity's level, its value as a label, and every figure for
 * the hover (given as already translated lines by `describe`).
 */
export function heatMarks(activities: readonly ActivityHeat[], metric: HeatMetric, format: (value: number, metric: HeatMetric) => string, describe: (heat: ActivityHeat) => string[]): Map<string, HeatMark> {
  const max = Math.max(0, ...activities.map((a) => metricValue(a, metric) ?? 0));
  return new Map(
    activities.map((heat) => {
      const value = metricValue(heat, metric);
      return [heat.activityId, { level: heatLevel(value, metric, max), value: value === null ? '' : format(value, metric), lines: describe(heat) }];
    }),
  );
}
