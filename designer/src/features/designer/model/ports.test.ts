import { describe, expect, it } from 'vitest';
import { outcomesOf, stringList } from './ports';

describe('outcome ports', () => {
  it('follow the branches of a fork and the outcomes of a human task as their inputs change', () => {
    const fork = { id: 'f', type: 'Elsa.FlowFork', branches: { typeName: 'String[]', expression: { type: 'Object', value: '["Work", "Sla"]' } } };
    expect(outcomesOf(fork, { outcomes: [], dynamicOutcomesInput: 'Branches' })).toEqual(['Work', 'Sla']);
    const task = { id: 't', type: 'CaseFlow.HumanTask', outcomes: { typeName: 'String[]', expression: { type: 'Object', value: '["Resolved","Escalate"]' } } };
    expect(outcomesOf(task, { dynamicOutcomesInput: 'outcomes' })).toEqual(['Resolved', 'Escalate']);
  });

  it('follow the case labels of a switch, then its static outcomes', () => {
    const flowSwitch = { id: 's', type: 'Elsa.FlowSwitch', cases: [{ label: 'a', condition: {} }, { label: 'b' }, { condition: {} }] };
    expect(outcomesOf(flowSwitch, { outcomes: ['Default'], dynamicOutcomesInput: 'cases' })).toEqual(['a', 'b', 'Default']);
  });

  it('keep ports that connections use even when nothing declares them', () => {
    expect(outcomesOf({ id: 'x', type: 'Unknown.Type' }, undefined, ['Done', 'Later'])).toEqual(['Done', 'Later']);
  });

  it('read string lists in the shapes Elsa stores them', () => {
    expect(stringList(['a', 1, 'b'])).toEqual(['a', 'b']);
    expect(stringList({ expression: { type: 'Json', value: '["x"]' } })).toEqual(['x']);
    expect(stringList({ expression: { type: 'Literal', value: 'x, y' } })).toEqual(['x', 'y']);
    expect(stringList({ expression: { type: 'Object', value: 'not json [' } })).toEqual([]);
    expect(stringList(undefined)).toEqual([]);
  });
});
