import type { Edge, Node } from '@xyflow/react';
import { activityLabel, isFlowchart, normalizeConnections, type ElsaActivity, type ElsaDefinition } from './elsa';
import type { LocatedIssue } from './issues';
import { layoutLeftToRight } from './layout';
import { outcomesOf, type PortsDescriptor } from './model/ports';

export const defaultNodeSize = { width: 200, height: 60 };

/** From this many activities the canvas draws only what is in view and leaves edge labels out. */
export const largeFlowchart = 200;

export interface ActivityNodeData extends Record<string, unknown> {
  activity: ElsaActivity;
  label: string;
  typeLabel: string;
  /** Outcome ports to draw, in order. */
  outcomes: string[];
  isStart: boolean;
  issues?: LocatedIssue[];
  /** In a comparison of two versions: how this activity changed; in a test run: whether the run passed it, waits in it, or faulted there. */
  change?: ActivityMark;
}

export type ActivityMark = 'added' | 'removed' | 'changed' | 'same' | 'visited' | 'waiting' | 'faulted';
export type ConnectionMark = 'added' | 'removed' | 'same' | 'visited';

/** Highlights on the canvas (a comparison of two versions, a test run's path): activities by id, connections by edge id. */
export interface FlowHighlights {
  activities: ReadonlyMap<string, ActivityMark>;
  connections: ReadonlyMap<string, ConnectionMark>;
}

export type ActivityNode = Node<ActivityNodeData, 'activity'>;

export interface TypeInfo extends PortsDescriptor {
  displayName?: string;
  isStart?: boolean;
}

/** What the canvas knows of each activity type (from the activity descriptors). */
export type TypeInfos = ReadonlyMap<string, TypeInfo>;

/**
 * A definition's flowchart as canvas nodes and edges. Positions come from `metadata.designer.position`; activities
 * without one are laid out left to right. Ports: the type's outcomes, dynamic ones from inputs, and any a connection uses.
 */
export function toFlow(definition: ElsaDefinition, types: TypeInfos = new Map(), issues: ReadonlyMap<string, LocatedIssue[]> = new Map(), highlights?: FlowHighlights): { nodes: ActivityNode[]; edges: Edge[] } {
  const root = definition.root;
  if (!isFlowchart(root)) return { nodes: [], edges: [] };
  const activities = root.activities ?? [];
  const ids = new Set(activities.map((activity) => activity.id));
  const connections = normalizeConnections(root.connections, ids);
  const used = new Map<string, string[]>();
  for (const connection of connections) {
    const ports = used.get(connection.source.activity) ?? [];
    if (!ports.includes(connection.source.port)) ports.push(connection.source.port);
    used.set(connection.source.activity, ports);
  }

  const missing = activities.some((activity) => !activity.metadata?.designer?.position);
  const laidOut = missing
    ? layoutLeftToRight(
        activities.map((activity) => ({ id: activity.id, ...(activity.metadata?.designer?.size ?? defaultNodeSize) })),
        connections.map((connection) => ({ source: connection.source.activity, target: connection.target.activity })),
      )
    : new Map<string, { x: number; y: number }>();

  const nodes: ActivityNode[] = activities.map((activity) => {
    const type = types.get(activity.type);
    const outcomes = outcomesOf(activity, type, used.get(activity.id) ?? []);
    const size = activity.metadata?.designer?.size ?? defaultNodeSize;
    return {
      id: activity.id,
      type: 'activity',
      position: activity.metadata?.designer?.position ?? laidOut.get(activity.id) ?? { x: 0, y: 0 },
      width: size.width,
      height: Math.max(size.height, outcomes.length * 22 + 14),
      data: {
        activity,
        label: activityLabel(activity, type?.displayName),
        typeLabel: type?.displayName ?? activity.type.replace(/^(Elsa|CaseFlow)\./, ''),
        outcomes,
        isStart: type?.isStart === true || activity.type === 'Elsa.Start',
        issues: issues.get(activity.id),
        change: highlights?.activities.get(activity.id),
      },
    };
  });
  const edges: Edge[] = connections.map((connection) => ({
    id: edgeId(connection.source.activity, connection.source.port, connection.target.activity),
    className: highlights ? `edge--${highlights.connections.get(edgeId(connection.source.activity, connection.source.port, connection.target.activity)) ?? 'same'}` : undefined,
    source: connection.source.activity,
    sourceHandle: connection.source.port,
    target: connection.target.activity,
    targetHandle: 'In',
    // The node labels its ports already; on a large flowchart the edge labels' measurement (getBBox) costs a layout each.
    label: connection.source.port === 'Done' || activities.length > largeFlowchart ? undefined : connection.source.port,
  }));
  return { nodes, edges };
}

export const edgeId = (source: string, port: string, target: string) => `${source}|${port}|${target}`;

export function parseEdgeId(id: string): { source: string; port: string; target: string } | null {
  const parts = id.split('|');
  return parts.length === 3 ? { source: parts[0]!, port: parts[1]!, target: parts[2]! } : null;
}
