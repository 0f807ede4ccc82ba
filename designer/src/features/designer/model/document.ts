// Editing a workflow definition: pure functions from one Elsa 3 definition to the next. The definition JSON is the
// document itself, so whatever the designer does not know (custom properties, inputs of activities it has no editor
// for, fields of newer Elsa versions) stays exactly as it was; only what an operation touches changes.

import { isFlowchart, normalizeConnections, type ElsaActivity, type ElsaConnection, type ElsaDefinition, type ElsaFlowchart, type Point } from '../elsa';

export type IdFactory = () => string;

/** A short random id, like the ones Elsa Studio gives new activities. */
export const newId: IdFactory = () => crypto.randomUUID().replace(/-/g, '').slice(0, 16);

/** The definition's root flowchart (a definition whose root is not a flowchart cannot be edited on the canvas). */
export function flowchartOf(definition: ElsaDefinition): ElsaFlowchart {
  if (!isFlowchart(definition.root)) throw new Error('The root activity of this definition is not a flowchart');
  return definition.root;
}

function withFlowchart(definition: ElsaDefinition, change: (flowchart: ElsaFlowchart) => Partial<ElsaFlowchart>): ElsaDefinition {
  const flowchart = flowchartOf(definition);
  return { ...definition, root: { ...flowchart, ...change(flowchart) } };
}

function connectionsOf(flowchart: ElsaFlowchart): ElsaConnection[] {
  return normalizeConnections(flowchart.connections, new Set(flowchart.activities.map((activity) => activity.id)));
}

/** A new empty draft: a flowchart with a Start activity. */
export function newDefinition(name: string, idFactory: IdFactory = newId): ElsaDefinition {
  return {
    definitionId: '',
    name,
    version: 1,
    root: {
      id: idFactory(),
      type: 'Elsa.Flowchart',
      version: 1,
      activities: [{ id: idFactory(), type: 'Elsa.Start', version: 1, metadata: { designer: { position: { x: 0, y: 0 } } } }],
      connections: [],
    } as ElsaFlowchart,
  };
}

export function addActivity(definition: ElsaDefinition, type: string, position: Point, idFactory: IdFactory = newId): { definition: ElsaDefinition; id: string } {
  const id = idFactory();
  const activity: ElsaActivity = { id, type, version: 1, metadata: { designer: { position: roundPoint(position) } } };
  return { definition: withFlowchart(definition, (flowchart) => ({ activities: [...flowchart.activities, activity] })), id };
}

/** Sets the designer positions of the activities named (others stay as they were, positions or not). */
export function moveActivities(definition: ElsaDefinition, positions: ReadonlyMap<string, Point>): ElsaDefinition {
  if (positions.size === 0) return definition;
  return withFlowchart(definition, (flowchart) => ({
    activities: flowchart.activities.map((activity) => {
      const position = positions.get(activity.id);
      if (!position) return activity;
      const metadata = activity.metadata ?? {};
      return { ...activity, metadata: { ...metadata, designer: { ...metadata.designer, position: roundPoint(position) } } };
    }),
  }));
}

/** Removes activities and every connection from or to them. */
export function removeActivities(definition: ElsaDefinition, ids: ReadonlySet<string>): ElsaDefinition {
  if (ids.size === 0) return definition;
  return withFlowchart(definition, (flowchart) => ({
    activities: flowchart.activities.filter((activity) => !ids.has(activity.id)),
    connections: connectionsOf(flowchart).filter((connection) => !ids.has(connection.source.activity) && !ids.has(connection.target.activity)),
  }));
}

export interface ConnectionEnd {
  source: string;
  port: string;
  target: string;
}

const sameConnection = (connection: ElsaConnection, end: ConnectionEnd) =>
  connection.source.activity === end.source && connection.source.port === end.port && connection.target.activity === end.target;

/** Connects an outcome port to a target (an outcome may lead to several targets); a connection that exists is kept. */
export function connect(definition: ElsaDefinition, end: ConnectionEnd): ElsaDefinition {
  return withFlowchart(definition, (flowchart) => {
    const connections = connectionsOf(flowchart);
    const ids = new Set(flowchart.activities.map((activity) => activity.id));
    if (!ids.has(end.source) || !ids.has(end.target) || connections.some((connection) => sameConnection(connection, end))) return { connections };
    return { connections: [...connections, { source: { activity: end.source, port: end.port }, target: { activity: end.target, port: 'In' } }] };
  });
}

export function disconnect(definition: ElsaDefinition, ends: readonly ConnectionEnd[]): ElsaDefinition {
  if (ends.length === 0) return definition;
  return withFlowchart(definition, (flowchart) => ({
    connections: connectionsOf(flowchart).filter((connection) => !ends.some((end) => sameConnection(connection, end))),
  }));
}

/** Replaces one activity's properties (its id and type stay). */
export function updateActivity(definition: ElsaDefinition, id: string, change: (activity: ElsaActivity) => ElsaActivity): ElsaDefinition {
  return withFlowchart(definition, (flowchart) => ({
    activities: flowchart.activities.map((activity) => (activity.id === id ? { ...change(activity), id: activity.id, type: activity.type } : activity)),
  }));
}

/** What copy puts on the clipboard: the activities and the connections among them. */
export interface ClipboardPayload {
  kind: 'caseflow/activities';
  activities: ElsaActivity[];
  connections: ElsaConnection[];
}

export function copyActivities(definition: ElsaDefinition, ids: ReadonlySet<string>): ClipboardPayload {
  const flowchart = flowchartOf(definition);
  return {
    kind: 'caseflow/activities',
    activities: structuredClone(flowchart.activities.filter((activity) => ids.has(activity.id))),
    connections: connectionsOf(flowchart).filter((connection) => ids.has(connection.source.activity) && ids.has(connection.target.activity)),
  };
}

export function isClipboardPayload(value: unknown): value is ClipboardPayload {
  const payload = value as ClipboardPayload | undefined;
  return !!payload && payload.kind === 'caseflow/activities' && Array.isArray(payload.activities) && Array.isArray(payload.connections);
}

/**
 * Pastes copied activities (from this definition or another) under new ids, shifted by `offset`, with the connections
 * among them; returns the new ids. Pasting twice gives two copies.
 */
export function paste(definition: ElsaDefinition, payload: ClipboardPayload, offset: Point, idFactory: IdFactory = newId): { definition: ElsaDefinition; ids: string[] } {
  const renamed = new Map(payload.activities.map((activity) => [activity.id, idFactory()]));
  const activities = payload.activities.map((activity) => {
    const copy = structuredClone(activity);
    const position = copy.metadata?.designer?.position ?? { x: 0, y: 0 };
    delete (copy as { nodeId?: unknown }).nodeId;
    return {
      ...copy,
      id: renamed.get(activity.id)!,
      metadata: { ...copy.metadata, designer: { ...copy.metadata?.designer, position: roundPoint({ x: position.x + offset.x, y: position.y + offset.y }) } },
    };
  });
  const connections = payload.connections
    .filter((connection) => renamed.has(connection.source.activity) && renamed.has(connection.target.activity))
    .map((connection) => ({ source: { activity: renamed.get(connection.source.activity)!, port: connection.source.port }, target: { activity: renamed.get(connection.target.activity)!, port: connection.target.port } }));
  return {
    definition: withFlowchart(definition, (flowchart) => ({ activities: [...flowchart.activities, ...activities], connections: [...connectionsOf(flowchart), ...connections] })),
    ids: activities.map((activity) => activity.id),
  };
}

function roundPoint(point: Point): Point {
  return { x: Math.round(point.x), y: Math.round(point.y) };
}
