import type { ElsaDefinition } from '../elsa';
import { isFlowchart, normalizeConnections } from '../elsa';
import { edgeId, type ActivityMark, type ConnectionMark, type FlowHighlights } from '../flow';
import type { TestRun, TestRunStep } from './types';

/**
 * The path a test run took, as canvas highlights, from its first `revealed` steps (the panel reveals them one by one,
 * so the path lights up step by step). Only the workflow under test (depth 0) is drawn: child workflows are other
 * definitions. An activity the run passed is `visited`; one it waits in is `waiting` (once all steps are shown); one
 * that faulted is `faulted`. A connection is `visited` when its source completed on its port and its target started
 * after that.
 */
export function runHighlights(definition: ElsaDefinition, run: TestRun, revealed: number = run.steps.length): FlowHighlights {
  const steps = run.steps.filter((step) => step.depth === 0).slice(0, revealed);
  const activities = new Map<string, ActivityMark>();
  for (const step of steps) {
    if (step.event === 'Faulted') activities.set(step.activityId, 'faulted');
    else if (activities.get(step.activityId) !== 'faulted') activities.set(step.activityId, 'visited');
  }
  if (revealed >= run.steps.filter((step) => step.depth === 0).length) {
    const root = run.steps.find((step) => step.depth === 0)?.instanceId;
    for (const wait of run.waits) if (!root || wait.instanceId === root) activities.set(wait.activityId, 'waiting');
    for (const incident of run.incidents) if (!root || incident.instanceId === root) activities.set(incident.activityId, 'faulted');
  }

  const connections = new Map<string, ConnectionMark>();
  const chart = definition.root;
  if (isFlowchart(chart)) {
    const ids = new Set((chart.activities ?? []).map((activity) => activity.id));
    for (const connection of normalizeConnections(chart.connections, ids)) {
      if (followed(steps, connection.source.activity, connection.source.port, connection.target.activity))
        connections.set(edgeId(connection.source.activity, connection.source.port, connection.target.activity), 'visited');
    }
  }
  return { activities, connections };
}

function followed(steps: TestRunStep[], source: string, port: string, target: string): boolean {
  let completedAt = -1;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.activityId === source && step.event === 'Completed' && step.outcomes.includes(port)) completedAt = i;
    else if (completedAt >= 0 && step.activityId === target && step.event === 'Started') return true;
  }
  return false;
}

/** How far the run got, for its tag: waiting (suspended with something to do), finished, faulted, cancelled. */
export function runState(run: TestRun): 'waiting' | 'finished' | 'faulted' | 'cancelled' | 'running' {
  if (run.subStatus === 'Faulted' || run.incidents.length > 0 && run.status === 'Finished') return 'faulted';
  if (run.subStatus === 'Cancelled') return 'cancelled';
  if (run.status === 'Finished') return 'finished';
  if (run.subStatus === 'Suspended') return 'waiting';
  return 'running';
}

export { formValues } from '../../forms/TaskForm';
