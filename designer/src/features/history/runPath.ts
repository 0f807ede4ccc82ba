import { isFlowchart, normalizeConnections, type ElsaDefinition } from '../designer/elsa';
import { edgeId, type ActivityMark, type ConnectionMark, type FlowHighlights } from '../designer/flow';
import type { InstanceDetails, JournalRecord } from './types';

/** What one activity of the flowchart did in a run: how often it ran, how long it worked and how long it waited. */
export interface ActivityRun {
  activityId: string;
  executions: number;
  /** Time from each start to its completion (or fault), summed; waiting included. */
  elapsedMs: number;
  /** Of which suspended (a task, an event, a timer). */
  waitingMs: number;
  state: 'completed' | 'waiting' | 'faulted' | 'running';
  firstStartedAt: string | null;
  lastCompletedAt: string | null;
}

/**
 * The path an instance took on its flowchart, from its journal: an activity is `visited` once it completed,
 * `waiting` while a bookmark of it is open, `faulted` with an open incident; a connection is `visited` when its target
 * started after its source completed (the stored journal keeps no ports, so two ports into one target both light up).
 * Only the flowchart's own activities count: a child workflow's are another definition's.
 */
export function runPath(definition: ElsaDefinition, instance: Pick<InstanceDetails, 'bookmarks' | 'incidents' | 'subStatus'>, journal: readonly JournalRecord[], now = Date.now()): { highlights: FlowHighlights; runs: Map<string, ActivityRun> } {
  const chart = definition.root;
  const ids = new Set(isFlowchart(chart) ? (chart.activities ?? []).map((activity) => activity.id) : []);
  const runs = new Map<string, ActivityRun>();
  const started = new Map<string, number>(); // activity instance → start time
  const suspended = new Map<string, number>(); // activity instance → suspend time
  const firstStart = new Map<string, number>(); // activity → index of its first start
  const completions = new Map<string, number[]>(); // activity → indexes of its completions
  const starts = new Map<string, number[]>();

  journal.forEach((record, index) => {
    if (!ids.has(record.activityId)) return;
    const at = Date.parse(record.timestamp);
    const run = runs.get(record.activityId) ?? { activityId: record.activityId, executions: 0, elapsedMs: 0, waitingMs: 0, state: 'running' as const, firstStartedAt: null, lastCompletedAt: null };
    runs.set(record.activityId, run);
    switch (record.eventName) {
      case 'Started':
        run.executions++;
        run.state = 'running';
        run.firstStartedAt ??= record.timestamp;
        started.set(record.activityInstanceId, at);
        if (!firstStart.has(record.activityId)) firstStart.set(record.activityId, index);
        starts.set(record.activityId, [...(starts.get(record.activityId) ?? []), index]);
        break;
      case 'Suspended':
        suspended.set(record.activityInstanceId, at);
        run.state = 'waiting';
        break;
      case 'Resumed': {
        const since = suspended.get(record.activityInstanceId);
        if (since !== undefined) run.waitingMs += at - since;
        suspended.delete(record.activityInstanceId);
        run.state = 'running';
        break;
      }
      case 'Completed':
      case 'Faulted': {
        const since = started.get(record.activityInstanceId);
        if (since !== undefined) run.elapsedMs += at - since;
        const waitingSince = suspended.get(record.activityInstanceId);
        if (waitingSince !== undefined) run.waitingMs += at - waitingSince;
        started.delete(record.activityInstanceId);
        suspended.delete(record.activityInstanceId);
        run.state = record.eventName === 'Completed' ? 'completed' : 'faulted';
        if (record.eventName === 'Completed') {
          run.lastCompletedAt = record.timestamp;
          completions.set(record.activityId, [...(completions.get(record.activityId) ?? []), index]);
        }
        break;
      }
    }
  });

  // Still working or waiting: the time so far counts.
  const byActivityInstance = new Map(journal.map((record) => [record.activityInstanceId, record.activityId]));
  for (const [activityInstance, since] of started) {
    const run = runs.get(byActivityInstance.get(activityInstance) ?? '');
    if (run) run.elapsedMs += now - since;
  }
  for (const [activityInstance, since] of suspended) {
    const run = runs.get(byActivityInstance.get(activityInstance) ?? '');
    if (run) run.waitingMs += now - since;
  }

  const activities = new Map<string, ActivityMark>();
  for (const run of runs.values()) if (run.state === 'completed' || run.executions > 0) activities.set(run.activityId, 'visited');
  for (const bookmark of instance.bookmarks) if (ids.has(bookmark.activityId)) activities.set(bookmark.activityId, 'waiting');
  for (const incident of instance.incidents) if (ids.has(incident.activityId)) activities.set(incident.activityId, 'faulted');
  for (const run of runs.values()) if (run.state === 'faulted') activities.set(run.activityId, 'faulted');

  const connections = new Map<string, ConnectionMark>();
  if (isFlowchart(chart)) {
    for (const connection of normalizeConnections(chart.connections, ids)) {
      const completed = completions.get(connection.source.activity) ?? [];
      const targetStarts = starts.get(connection.target.activity) ?? [];
      if (completed.some((c) => targetStarts.some((s) => s > c)))
        connections.set(edgeId(connection.source.activity, connection.source.port, connection.target.activity), 'visited');
    }
  }
  return { highlights: { activities, connections }, runs };
}
