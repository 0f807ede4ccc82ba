import { describe, expect, it } from 'vitest';
import type { ElsaDefinition } from '../designer/elsa';
import { runPath } from './runPath';
import type { JournalRecord } from './types';

const definition = {
  root: {
    type: 'Elsa.Flowchart',
    id: 'root',
    activities: [
      { id: 'start', type: 'Elsa.Start' },
      { id: 'decide', type: 'Elsa.FlowDecision' },
      { id: 'yes', type: 'CaseFlow.HumanTask' },
      { id: 'no', type: 'Elsa.WriteLine' },
    ],
    connections: [
      { source: { activity: 'start', port: 'Done' }, target: { activity: 'decide', port: 'In' } },
      { source: { activity: 'decide', port: 'True' }, target: { activity: 'yes', port: 'In' } },
      { source: { activity: 'decide', port: 'False' }, target: { activity: 'no', port: 'In' } },
    ],
  },
} as unknown as ElsaDefinition;

let sequence = 0;
const record = (activityId: string, eventName: string, at: string, activityInstanceId = `${activityId}-1`): JournalRecord => ({
  sequence: sequence++,
  timestamp: `2026-12-04T10:00:${at}Z`,
  eventName,
  activityId,
  activityType: 'x',
  activityName: null,
  activityNodeId: `root:${activityId}`,
  activityInstanceId,
  parentActivityInstanceId: 'root-1',
  message: null,
  source: null,
  payload: null,
});

describe('runPath', () => {
  it('lights the activities and connections a run took, marks where it waits, and times each activity', () => {
    const journal = [
      record('root', 'Started', '00', 'root-1'),
      record('start', 'Started', '00'),
      record('start', 'Completed', '01'),
      record('decide', 'Started', '01'),
      record('decide', 'Completed', '02'),
      record('yes', 'Started', '02'),
      record('yes', 'Suspended', '03'),
    ];
    const { highlights, runs } = runPath(definition, { bookmarks: [{ activityId: 'yes' } as never], incidents: [], subStatus: 'Suspended' }, journal, Date.parse('2026-12-04T10:00:13Z'));

    expect(Object.fromEntries(highlights.activities)).toEqual({ start: 'visited', decide: 'visited', yes: 'waiting' });
    expect([...highlights.connections.keys()].sort()).toEqual(['decide|True|yes', 'start|Done|decide']);
    expect(runs.get('decide')).toMatchObject({ executions: 1, elapsedMs: 1000, waitingMs: 0, state: 'completed' });
    // Still waiting: the time so far counts, ten seconds of it suspended.
    expect(runs.get('yes')).toMatchObject({ executions: 1, elapsedMs: 11000, waitingMs: 10000, state: 'waiting' });
    expect(runs.has('root')).toBe(false);
  });

  it('marks an activity with an incident as faulted', () => {
    const journal = [record('start', 'Started', '00'), record('start', 'Completed', '00'), record('decide', 'Started', '01'), record('decide', 'Faulted', '01')];
    const { highlights, runs } = runPath(definition, { bookmarks: [], incidents: [{ activityId: 'decide' } as never], subStatus: 'Faulted' }, journal);
    expect(highlights.activities.get('decide')).toBe('faulted');
    expect(runs.get('decide')?.state).toBe('faulted');
    expect([...highlights.connections.keys()]).toEqual(['start|Done|decide']);
  });
});
