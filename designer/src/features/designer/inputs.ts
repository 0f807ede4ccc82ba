// How an activity stores an input in Elsa 3 JSON: wrapped inputs as `{typeName, expression: {type, value}}` under the
// input's camelCase name; other properties (FlowSwitch cases) as plain JSON.

import type { ElsaActivity } from './elsa';

export type ExpressionKind = 'Literal' | 'JavaScript' | 'Liquid' | 'Object' | 'Json' | 'Variable';

export interface WrappedInput {
  typeName: string;
  expression: { type: ExpressionKind | string; value: unknown };
}

/** The JSON key an input lives under: as found on the activity, else the camelCase of its name. */
export function inputKey(activity: ElsaActivity, name: string): string {
  if (name in activity) return name;
  const camel = name.charAt(0).toLowerCase() + name.slice(1);
  return camel;
}

export function readWrapped(activity: ElsaActivity, name: string): WrappedInput | undefined {
  const value = activity[inputKey(activity, name)] as WrappedInput | undefined;
  return value && typeof value === 'object' && 'expression' in value ? value : undefined;
}

/** Sets a wrapped input; an empty value removes it (Elsa leaves unset inputs out). */
export function writeWrapped(activity: ElsaActivity, name: string, typeName: string, kind: string, value: unknown): ElsaActivity {
  const key = inputKey(activity, name);
  const next: ElsaActivity = { ...activity };
  if (value === undefined || value === null || value === '') delete next[key];
  else next[key] = { typeName, expression: { type: kind, value } } satisfies WrappedInput;
  return next;
}

export function writeRaw(activity: ElsaActivity, name: string, value: unknown): ElsaActivity {
  const key = inputKey(activity, name);
  const next: ElsaActivity = { ...activity };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

export const isList = (typeName: string) => typeName.endsWith('[]') || /^(List|IEnumerable|IList)</.test(typeName);
export const isNumber = (typeName: string) => /^(Int16|Int32|Int64|Double|Single|Decimal|int|long|double|float|decimal)$/i.test(typeName);
export const isBoolean = (typeName: string) => /^(Boolean|bool)$/i.test(typeName);
