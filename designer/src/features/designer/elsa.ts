// Elsa 3 workflow JSON as the designer reads and writes it. Everything the designer does not understand is kept as it
// came (an imported file saved again changes only where the user edited it).

export interface Point {
  x: number;
  y: number;
}

export interface ActivityMetadata {
  designer?: { position?: Point; size?: { width: number; height: number }; [key: string]: unknown };
  displayText?: string;
  description?: string;
  [key: string]: unknown;
}

export interface ElsaActivity {
  id: string;
  type: string;
  name?: string;
  version?: number;
  metadata?: ActivityMetadata;
  [key: string]: unknown;
}

export interface ElsaConnection {
  source: { activity: string; port: string };
  target: { activity: string; port: string };
  vertices?: Point[];
}

export interface ElsaFlowchart extends ElsaActivity {
  activities: ElsaActivity[];
  connections: ElsaConnection[];
}

export interface ElsaDefinition {
  id?: string;
  definitionId?: string;
  name?: string;
  description?: string;
  version?: number;
  root: ElsaActivity;
  [key: string]: unknown;
}

export function isFlowchart(activity: ElsaActivity | undefined): activity is ElsaFlowchart {
  return !!activity && Array.isArray((activity as ElsaFlowchart).activities);
}

type Raw = Record<string, unknown>;
const asObject = (value: unknown): Raw | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Connections in any of the four forms Elsa reads (nested; flat with sourcePort/targetPort; `{$values: [...]}`; a single
 * object), as the nested form Elsa writes. Connections naming an activity that is not there are dropped (as Elsa does).
 */
export function normalizeConnections(raw: unknown, activityIds: ReadonlySet<string>): ElsaConnection[] {
  const list: unknown[] = Array.isArray(raw) ? raw : Array.isArray(asObject(raw)?.$values) ? (asObject(raw)!.$values as unknown[]) : asObject(raw) ? [raw] : [];
  const result: ElsaConnection[] = [];
  for (const item of list) {
    const connection = asObject(item);
    if (!connection) continue;
    const nestedSource = asObject(connection.source);
    const nestedTarget = asObject(connection.target);
    const source = nestedSource ? asString(nestedSource.activity) : asString(connection.source);
    const target = nestedTarget ? asString(nestedTarget.activity) : asString(connection.target);
    if (!source || !target || !activityIds.has(source) || !activityIds.has(target)) continue;
    const sourcePort = (nestedSource ? asString(nestedSource.port) : asString(connection.sourcePort)) ?? 'Done';
    const targetPort = (nestedTarget ? asString(nestedTarget.port) : asString(connection.targetPort)) ?? 'In';
    const normalized: ElsaConnection = { source: { activity: source, port: sourcePort }, target: { activity: target, port: targetPort } };
    if (Array.isArray(connection.vertices)) normalized.vertices = connection.vertices as Point[];
    result.push(normalized);
  }
  return result;
}

/** The label a node shows: the designer's display text, else the activity's name, else its type's display name. */
export function activityLabel(activity: ElsaActivity, typeDisplayName?: string): string {
  return activity.metadata?.displayText || activity.name || typeDisplayName || activity.type.replace(/^Elsa\./, '');
}
