import { getNodesBounds, getViewportForBounds, type Edge, type Node, type Viewport } from '@xyflow/react';
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
  /** On a heatmap: how hot the activity is, its figure, and every figure for the hover. */
  heat?: HeatMark;
}

/** An activity's heat on a heatmap: level 0 (no data) to 5 (hottest), the figure shown on it, the lines shown on hover. */
export interface HeatMark {
  level: number;
  value: string;
  lines: string[];
}

export type ActivityMark = 'added' | 'removed' | 'changed' | 'same' | 'visited' | 'waiting' | 'faulted';
export type ConnectionMark = 'added' | 'removed' | 'same' | 'visited';

/** Highlights on the canvas (a comparison of two versions, a test run's path): activities by id, connections by edge id. */
export interface FlowHighlights {
  activities: ReadonlyMap<string, ActivityMark>;
  connections: ReadonlyMap<string, ConnectionMark>;
  heat?: ReadonlyMap<string, HeatMark>;
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
        heat: highlights?.heat?.get(activity.id),
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

/** Below this zoom a whole flowchart is not readable: the canvas opens at its start instead. */
export const readableZoom = 0.6;

/**
 * Where the canvas opens: the whole flowchart when it fits readably (at most 100 %), else its start at 80 %, to be
 * panned. Computed before the first render, so a large flowchart never draws all its nodes just to be zoomed away.
 */
export function initialViewport(nodes: readonly ActivityNode[], width: number, height: number): Viewport {
  if (nodes.length === 0 || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  const fit = getViewportForBounds(getNodesBounds([...nodes]), width, height, 0.1, 1, 0.1);
  const start = nodes.find((node) => node.data.isStart);
  if (fit.zoom >= readableZoom || !start) return fit;
  return { x: 40 - start.position.x * 0.8, y: height / 2 - (start.position.y + 30) * 0.8, zoom: 0.8 };
}

const sameList = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined, same: (x: T, y: T) => boolean = Object.is) =>
  (a?.length ?? 0) === (b?.length ?? 0) && (a ?? []).every((item, index) => same(item, b![index]!));

const sameIssue = (a: LocatedIssue, b: LocatedIssue) => JSON.stringify(a) === JSON.stringify(b);

/** Two lists of findings that say the same (a new validation of an unchanged document answers with equal, not identical, objects). */
export const sameIssues = (a: readonly LocatedIssue[] | undefined, b: readonly LocatedIssue[] | undefined) => sameList(a, b, sameIssue);

function sameNode(a: ActivityNode, b: ActivityNode) {
  return (
    a.position.x === b.position.x && a.position.y === b.position.y && a.width === b.width && a.height === b.height &&
    a.data.activity === b.data.activity && a.data.label === b.data.label && a.data.typeLabel === b.data.typeLabel &&
    a.data.isStart === b.data.isStart && a.data.change === b.data.change && sameList(a.data.outcomes, b.data.outcomes) && sameIssues(a.data.issues, b.data.issues) &&
    sameHeat(a.data.heat, b.data.heat)
  );
}

const sameHeat = (a: HeatMark | undefined, b: HeatMark | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.level === b.level && a.value === b.value && sameList(a.lines, b.lines));

const sameEdge = (a: Edge, b: Edge) => a.source === b.source && a.sourceHandle === b.sourceHandle && a.target === b.target && a.className === b.className && a.label === b.label;

/**
 * The next canvas content with every node and edge that did not change kept as the same object (and the same arrays
 * when nothing changed): an edit of one activity in 500, or a validation that found the same, re-renders only what it touched.
 */
export function shareUnchanged(previous: { nodes: ActivityNode[]; edges: Edge[] }, next: { nodes: ActivityNode[]; edges: Edge[] }) {
  const share = <T extends { id: string }>(before: T[], after: T[], same: (a: T, b: T) => boolean): T[] => {
    const byId = new Map(before.map((item) => [item.id, item]));
    let unchanged = before.length === after.length;
    const result = after.map((item, index) => {
      const old = byId.get(item.id);
      const kept = old !== undefined && same(old, item) ? old : item;
      if (kept !== before[index]) unchanged = false;
      return kept;
    });
    return unchanged ? before : result;
  };
  return { nodes: share(previous.nodes, next.nodes, sameNode), edges: share(previous.edges, next.edges, sameEdge) };
}
