// What changed between two versions of a definition, activity by activity (by id) and connection by connection.

import { isFlowchart, normalizeConnections, type ElsaActivity, type ElsaConnection, type ElsaDefinition } from '../elsa';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'same';

export interface InputChange {
  input: string;
  before: unknown;
  after: unknown;
}

export interface ActivityDiff {
  id: string;
  kind: ChangeKind;
  /** The activity in the newer version, else (removed) in the older. */
  activity: ElsaActivity;
  changes: InputChange[];
}

export interface ConnectionDiff {
  connection: ElsaConnection;
  kind: Exclude<ChangeKind, 'changed'>;
}

export interface DefinitionDiff {
  activities: ActivityDiff[];
  connections: ConnectionDiff[];
}

// Where an activity sits and Elsa's bookkeeping are no change of behaviour; a move alone is not listed.
const ignored = new Set(['id', 'nodeId', 'metadata']);

function properties(activity: ElsaActivity): Map<string, unknown> {
  const result = new Map<string, unknown>();
  for (const [key, value] of Object.entries(activity)) if (!ignored.has(key)) result.set(key, value);
  const { displayText, description } = activity.metadata ?? {};
  if (displayText !== undefined) result.set('displayText', displayText);
  if (description !== undefined) result.set('description', description);
  return result;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function diffDefinitions(before: ElsaDefinition, after: ElsaDefinition): DefinitionDiff {
  const oldActivities = isFlowchart(before.root) ? before.root.activities : [];
  const newActivities = isFlowchart(after.root) ? after.root.activities : [];
  const oldById = new Map(oldActivities.map((activity) => [activity.id, activity]));
  const newIds = new Set(newActivities.map((activity) => activity.id));

  const activities: ActivityDiff[] = newActivities.map((activity) => {
    const previous = oldById.get(activity.id);
    if (!previous) return { id: activity.id, kind: 'added', activity, changes: [] };
    const was = properties(previous);
    const now = properties(activity);
    const changes = [...new Set([...was.keys(), ...now.keys()])]
      .filter((key) => !same(was.get(key), now.get(key)))
      .map((input) => ({ input, before: was.get(input), after: now.get(input) }));
    return { id: activity.id, kind: changes.length > 0 ? 'changed' : 'same', activity, changes };
  });
  for (const activity of oldActivities) {
    if (!newIds.has(activity.id)) activities.push({ id: activity.id, kind: 'removed', activity, changes: [] });
  }

  const key = (connection: ElsaConnection) => `${connection.source.activity}|${connection.source.port}|${connection.target.activity}`;
  const oldConnections = isFlowchart(before.root) ? normalizeConnections(before.root.connections, new Set(oldActivities.map((a) => a.id))) : [];
  const newConnections = isFlowchart(after.root) ? normalizeConnections(after.root.connections, newIds) : [];
  const oldKeys = new Set(oldConnections.map(key));
  const newKeys = new Set(newConnections.map(key));
  const connections: ConnectionDiff[] = [
    ...newConnections.map((connection) => ({ connection, kind: oldKeys.has(key(connection)) ? ('same' as const) : ('added' as const) })),
    ...oldConnections.filter((connection) => !newKeys.has(key(connection))).map((connection) => ({ connection, kind: 'removed' as const })),
  ];
  return { activities, connections };
}

/** A definition holding both versions' activities and connections (the removed ones where they were), for one canvas. */
export function unionForDiff(after: ElsaDefinition, diff: DefinitionDiff): ElsaDefinition {
  const root = isFlowchart(after.root) ? after.root : { id: 'root', type: 'Elsa.Flowchart', activities: [], connections: [] };
  return {
    ...after,
    root: {
      ...root,
      activities: diff.activities.map((entry) => entry.activity),
      connections: diff.connections.map((entry) => entry.connection),
    },
  };
}

/** A value as the diff shows it: expressions by their text, everything else as compact JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return '—';
  const expression = (value as { expression?: { type?: string; value?: unknown } } | null)?.expression;
  if (expression) return typeof expression.value === 'string' ? expression.value : JSON.stringify(expression.value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
