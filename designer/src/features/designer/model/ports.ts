// The outcome ports an activity shows: its type's static outcomes and, for activities whose outcomes are an input
// (FlowFork branches, FlowSwitch cases, HumanTask outcomes), the values of that input, which change as it is edited.

import type { ElsaActivity } from '../elsa';

export interface PortsDescriptor {
  outcomes?: string[];
  dynamicOutcomesInput?: string | null;
}

/** The string values of an input: a wrapped `{expression: {type: 'Object' | 'Json' | 'Literal', value}}` array, or a plain array. */
export function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  const expression = (value as { expression?: { type?: string; value?: unknown } } | undefined)?.expression;
  if (!expression) return [];
  if (Array.isArray(expression.value)) return stringList(expression.value);
  if (typeof expression.value !== 'string') return [];
  const text = expression.value.trim();
  if (text.startsWith('[')) {
    try {
      return stringList(JSON.parse(text));
    } catch {
      return [];
    }
  }
  return text.length > 0 && expression.type === 'Literal' ? text.split(',').map((part) => part.trim()).filter((part) => part.length > 0) : [];
}

/** FlowSwitch cases are not wrapped: `[{label, condition}]`. */
function caseLabels(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => (item as { label?: unknown })?.label).filter((label): label is string => typeof label === 'string' && label.length > 0) : [];
}

export function outcomesOf(activity: ElsaActivity, descriptor: PortsDescriptor | undefined, used: readonly string[] = []): string[] {
  const ports: string[] = [];
  const add = (port: string) => {
    if (!ports.includes(port)) ports.push(port);
  };
  const dynamicInput = descriptor?.dynamicOutcomesInput;
  if (dynamicInput) {
    const value = activity[dynamicInput] ?? activity[dynamicInput.charAt(0).toLowerCase() + dynamicInput.slice(1)];
    (activity.type === 'Elsa.FlowSwitch' ? caseLabels(value) : stringList(value)).forEach(add);
  }
  (descriptor?.outcomes ?? []).forEach(add);
  // Ports the connections use stay visible even when nothing declares them (an edited list, an unknown type).
  used.forEach(add);
  return ports;
}
