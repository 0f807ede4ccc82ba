import { describe, expect, it } from 'vitest';
import { formatSeconds, heatLevel, heatMarks } from './heat';
import type { ActivityHeat } from './types';

const heat = (activityId: string, over: Partial<ActivityHeat> = {}): ActivityHeat => ({
  activityId, executions: 0, runs: 0, waits: 0, averageWaitingSeconds: null, waitingNow: 0, faults: 0, slaBreaches: 0, csatAnswers: 0, csatAverage: null, ...over,
});
const units = { s: 's', min: 'min', h: 'h', d: 'd' };

describe('heat levels', () => {
  it('scales counts against the busiest activity, which is level 5, and leaves zero cold', () => {
    expect([0, 1, 20, 21, 99, 100].map((v) => heatLevel(v, 'executions', 100))).toEqual([0, 1, 1, 2, 5, 5]);
  });

  it('makes a low CSAT hot and a missing one no data', () => {
    expect([1, 2, 3, 4, 5, 4.6].map((v) => heatLevel(v, 'csat', 5))).toEqual([5, 4, 3, 2, 1, 1]);
    expect(heatLevel(null, 'csat', 5)).toBe(0);
  });

  it('marks each activity with its level, its value and the lines for the hover', () => {
    const marks = heatMarks(
      [heat('classify', { averageWaitingSeconds: 1200, waits: 2 }), heat('resolve', { averageWaitingSeconds: 300, waits: 1 }), heat('start')],
      'waiting',
      (value) => formatSeconds(value, units),
      (h) => [`${h.activityId}: ${h.waits} waits`],
    );
    expect(marks.get('classify')).toEqual({ level: 5, value: '20 min', lines: ['classify: 2 waits'] });
    expect(marks.get('resolve')).toEqual({ level: 2, value: '5 min', lines: ['resolve: 1 waits'] });
    expect(marks.get('start')?.level).toBe(0);
    expect(marks.get('start')?.value).toBe('');
  });
});

describe('formatSeconds', () => {
  it('reads as seconds, minutes, hours or days', () => {
    expect([45, 720, 12600, 3600, 181440].map((s) => formatSeconds(s, units))).toEqual(['45 s', '12 min', '3.5 h', '1 h', '2.1 d']);
  });
});
