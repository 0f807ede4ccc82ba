import { describe, expect, it } from 'vitest';
import complaint from '../../../../workflows/complaint-handling.json';
import type { ElsaDefinition, ElsaFlowchart } from './elsa';
import { toFlow } from './flow';

describe('toFlow', () => {
  it('shows every activity and connection of the complaint workflow where the file places them', () => {
    const definition = complaint as unknown as ElsaDefinition;
    const root = definition.root as ElsaFlowchart;
    const { nodes, edges } = toFlow(definition);

    expect(nodes.map((node) => node.id).sort()).toEqual(root.activities.map((activity) => activity.id).sort());
    expect(edges).toHaveLength(root.connections.length);
    for (const activity of root.activities) {
      const node = nodes.find((candidate) => candidate.id === activity.id)!;
      expect(node.position).toEqual(activity.metadata!.designer!.position);
    }
    for (const connection of root.connections) {
      expect(edges.some((edge) => edge.source === connection.source.activity && edge.target === connection.target.activity && edge.sourceHandle === connection.source.port)).toBe(true);
    }
  });

  it('lays out activities without positions left to right along their connections', () => {
    const definition: ElsaDefinition = {
      root: {
        id: 'flow',
        type: 'Elsa.Flowchart',
        activities: [
          { id: 'start', type: 'Elsa.Start' },
          { id: 'say', type: 'Elsa.WriteLine' },
          { id: 'end', type: 'Elsa.End' },
        ],
        connections: [
          { source: { activity: 'start', port: 'Done' }, target: { activity: 'say', port: 'In' } },
          { source: { activity: 'say', port: 'Done' }, target: { activity: 'end', port: 'In' } },
        ],
      } as ElsaFlowchart,
    };
    const { nodes } = toFlow(definition);
    const x = (id: string) => nodes.find((node) => node.id === id)!.position.x;
    expect(x('start')).toBeLessThan(x('say'));
    expect(x('say')).toBeLessThan(x('end'));
  });

  it('gives each activity the outcome ports its connections use, labelled unless Done', () => {
    const definition: ElsaDefinition = {
      root: {
        id: 'flow',
        type: 'Elsa.Flowchart',
        activities: [{ id: 'if', type: 'Elsa.FlowDecision' }, { id: 'yes', type: 'Elsa.WriteLine' }, { id: 'no', type: 'Elsa.WriteLine' }],
        connections: [
          { source: { activity: 'if', port: 'True' }, target: { activity: 'yes', port: 'In' } },
          { source: { activity: 'if', port: 'False' }, target: { activity: 'no', port: 'In' } },
        ],
      } as ElsaFlowchart,
    };
    const { nodes, edges } = toFlow(definition);
    expect(nodes.find((node) => node.id === 'if')!.data.outcomes).toEqual(['True', 'False']);
    expect(edges.map((edge) => edge.label)).toEqual(['True', 'False']);
  });
});
