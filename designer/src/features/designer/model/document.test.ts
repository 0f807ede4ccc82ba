import { describe, expect, it } from 'vitest';
import complaint from '../../../../../workflows/complaint-handling.json';
import type { ElsaDefinition, ElsaFlowchart } from '../elsa';
import { addActivity, connect, copyActivities, disconnect, flowchartOf, moveActivities, newDefinition, paste, removeActivities, updateActivity } from './document';

const original = () => structuredClone(complaint) as unknown as ElsaDefinition;
const ids = () => {
  let n = 0;
  return () => `new${++n}`;
};

describe('editing a definition', () => {
  it('changes only what an edit touches: the imported file stays equal elsewhere, byte for byte once serialized', () => {
    const before = original();
    const moved = moveActivities(before, new Map([['fork', { x: 300.4, y: 20.6 }]]));

    const expected = original();
    (expected.root as ElsaFlowchart).activities.find((a) => a.id === 'fork')!.metadata!.designer!.position = { x: 300, y: 21 };
    expect(JSON.stringify(moved)).toBe(JSON.stringify(expected));
    // The original object is untouched (undo relies on it).
    expect(JSON.stringify(before)).toBe(JSON.stringify(original()));
  });

  it('adds an activity at a position, connects it, and disconnects it', () => {
    const { definition, id } = addActivity(newDefinition('Test', ids()), 'Elsa.WriteLine', { x: 200, y: 0 }, () => 'say');
    const start = flowchartOf(definition).activities[0]!.id;
    const connected = connect(definition, { source: start, port: 'Done', target: id });
    expect(flowchartOf(connected).connections).toEqual([{ source: { activity: start, port: 'Done' }, target: { activity: 'say', port: 'In' } }]);
    expect(connect(connected, { source: start, port: 'Done', target: id })).toEqual(connected);
    expect(flowchartOf(connect(connected, { source: start, port: 'Done', target: 'ghost' })).connections).toHaveLength(1);
    expect(flowchartOf(disconnect(connected, [{ source: start, port: 'Done', target: id }])).connections).toEqual([]);
  });

  it('removes activities with every connection from or to them', () => {
    const removed = removeActivities(original(), new Set(['fork']));
    const flowchart = flowchartOf(removed);
    expect(flowchart.activities.some((a) => a.id === 'fork')).toBe(false);
    expect(flowchart.connections.some((c) => c.source.activity === 'fork' || c.target.activity === 'fork')).toBe(false);
    expect(flowchart.connections.length).toBeGreaterThan(0);
  });

  it('updates an activity but never its id or type', () => {
    const updated = updateActivity(original(), 'fork', (a) => ({ ...a, id: 'hijacked', type: 'Elsa.End', metadata: { ...a.metadata, displayText: 'Parallel work' } }));
    const fork = flowchartOf(updated).activities.find((a) => a.id === 'fork')!;
    expect(fork.type).toBe('Elsa.FlowFork');
    expect(fork.metadata!.displayText).toBe('Parallel work');
  });

  it('pastes copies under new ids, shifted, with the connections among them only, into another definition too', () => {
    const source = original();
    const chart = flowchartOf(source);
    const pair = chart.connections[0]!;
    const payload = copyActivities(source, new Set([pair.source.activity, pair.target.activity]));
    expect(payload.activities).toHaveLength(2);

    const target = newDefinition('Other', ids());
    const { definition, ids: pasted } = paste(target, payload, { x: 40, y: 40 }, ids());
    const flowchart = flowchartOf(definition);
    expect(pasted).toEqual(['new1', 'new2']);
    expect(flowchart.activities).toHaveLength(3);
    const copiedSource = flowchart.activities.find((a) => a.id === 'new1')!;
    const originalSource = chart.activities.find((a) => a.id === pair.source.activity)!;
    expect(copiedSource.metadata!.designer!.position).toEqual({ x: originalSource.metadata!.designer!.position!.x + 40, y: originalSource.metadata!.designer!.position!.y + 40 });
    expect(copiedSource.nodeId).toBeUndefined();
    expect(flowchart.connections).toContainEqual({ source: { activity: 'new1', port: pair.source.port }, target: { activity: 'new2', port: pair.target.port } });
  });
});
