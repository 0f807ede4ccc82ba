import { describe, expect, it } from 'vitest';
import complaint from '../../../../../workflows/complaint-handling.json';
import type { ElsaDefinition, ElsaFlowchart } from '../elsa';
import { connect, moveActivities, removeActivities, updateActivity, addActivity } from './document';
import { describeValue, diffDefinitions, unionForDiff } from './diff';

const base = () => structuredClone(complaint) as unknown as ElsaDefinition;

describe('diffDefinitions', () => {
  it('finds nothing between a version and itself, nor in a move', () => {
    const diff = diffDefinitions(base(), moveActivities(base(), new Map([['fork', { x: 999, y: 999 }]])));
    expect(diff.activities.every((entry) => entry.kind === 'same')).toBe(true);
    expect(diff.connections.every((entry) => entry.kind === 'same')).toBe(true);
  });

  it('lists added, removed and changed activities and connections, with the old and new value of a changed input', () => {
    let after = removeActivities(base(), new Set(['fork']));
    const added = addActivity(after, 'Elsa.WriteLine', { x: 0, y: 0 }, () => 'new1');
    after = connect(added.definition, { source: 'start', port: 'Done', target: 'new1' });
    const target = (after.root as ElsaFlowchart).activities.find((a) => a.type === 'CaseFlow.HumanTask')!;
    after = updateActivity(after, target.id, (a) => ({ ...a, title: { typeName: 'String', expression: { type: 'Literal', value: 'New title' } } }));

    const diff = diffDefinitions(base(), after);
    const kind = (id: string) => diff.activities.find((entry) => entry.id === id)?.kind;
    expect(kind('fork')).toBe('removed');
    expect(kind('new1')).toBe('added');
    expect(kind(target.id)).toBe('changed');
    const change = diff.activities.find((entry) => entry.id === target.id)!.changes;
    expect(change.map((c) => c.input)).toEqual(['title']);
    expect(describeValue(change[0]!.after)).toBe('New title');
    expect(diff.connections.filter((entry) => entry.kind === 'removed').every((entry) => entry.connection.source.activity === 'fork' || entry.connection.target.activity === 'fork')).toBe(true);
    expect(diff.connections.some((entry) => entry.kind === 'added' && entry.connection.target.activity === 'new1')).toBe(true);

    const union = unionForDiff(after, diff).root as ElsaFlowchart;
    expect(union.activities.some((a) => a.id === 'fork') && union.activities.some((a) => a.id === 'new1')).toBe(true);
  });
});
