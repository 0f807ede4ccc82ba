import { describe, expect, it } from 'vitest';
import complaint from '../../../../workflows/complaint-handling.json';
import type { ElsaDefinition, ElsaFlowchart } from './elsa';
import { initialViewport, shareUnchanged, toFlow } from './flow';
import type { LocatedIssue } from './issues';

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

describe('shareUnchanged', () => {
  const definition = (text: string): ElsaDefinition => ({
    definitionId: 'd',
    root: {
      id: 'flow',
      type: 'Elsa.Flowchart',
      activities: [
        { id: 'a', type: 'Elsa.WriteLine', text: text, metadata: { designer: { position: { x: 0, y: 0 } } } },
        { id: 'b', type: 'Elsa.WriteLine', text: 'b', metadata: { designer: { position: { x: 300, y: 0 } } } },
      ],
      connections: [{ source: { activity: 'a', port: 'Done' }, target: { activity: 'b', port: 'In' } }],
    },
  });

  it('keeps the same arrays when a new reading of the document shows the same', () => {
    const doc = definition('a');
    const first = toFlow(doc);
    const again = shareUnchanged(first, toFlow(doc, new Map(), new Map([['a', []]])));
    expect(again.nodes).toBe(first.nodes);
    expect(again.edges).toBe(first.edges);
  });

  it('replaces a node whose heat changed (a heatmap switched metric), keeps one whose equal heat came anew', () => {
    const doc = definition('a');
    const heat = (level: number, value: string) => ({ activities: new Map(), connections: new Map(), heat: new Map([['a', { level, value, lines: ['x'] }], ['b', { level: 0, value: '', lines: ['y'] }]]) });
    const first = toFlow(doc, new Map(), new Map(), heat(5, '2'));
    const next = shareUnchanged(first, toFlow(doc, new Map(), new Map(), heat(0, '')));
    expect(next.nodes[0]).not.toBe(first.nodes[0]);
    expect(next.nodes[0]!.data.heat?.level).toBe(0);
    expect(next.nodes[1]).toBe(first.nodes[1]);
  });

  it('replaces only the node whose activity changed', () => {
    const before = definition('a');
    const first = toFlow(before);
    const [a, b] = (before.root as ElsaFlowchart).activities!;
    const edited = { ...before, root: { ...before.root, activities: [{ ...a!, text: 'changed' }, b!] } };
    const next = shareUnchanged(first, toFlow(edited as ElsaDefinition));
    expect(next.nodes).not.toBe(first.nodes);
    expect(next.nodes[0]).not.toBe(first.nodes[0]);
    expect(next.nodes[1]).toBe(first.nodes[1]);
    expect(next.edges).toBe(first.edges);
  });

  it('replaces a node whose findings changed, keeps one whose equal findings came anew', () => {
    const doc = definition('a');
    const issue = { severity: 'Error', message: 'm', path: 'root.activities[0].text', activityId: 'a', input: 'text' } as LocatedIssue;
    const first = toFlow(doc, new Map(), new Map([['a', [issue]]]));
    const same = shareUnchanged(first, toFlow(doc, new Map(), new Map([['a', [{ ...issue }]]])));
    expect(same.nodes).toBe(first.nodes);
    const cleared = shareUnchanged(first, toFlow(doc));
    expect(cleared.nodes[0]).not.toBe(first.nodes[0]);
    expect(cleared.nodes[1]).toBe(first.nodes[1]);
  });
});

describe('initialViewport', () => {
  const chain = (count: number): ElsaDefinition => ({
    definitionId: 'd',
    root: {
      id: 'flow',
      type: 'Elsa.Flowchart',
      activities: Array.from({ length: count }, (_, i) => ({ id: `a${i}`, type: i === 0 ? 'Elsa.Start' : 'Elsa.WriteLine', metadata: { designer: { position: { x: (i % 25) * 260, y: Math.floor(i / 25) * 160 } } } })),
      connections: [],
    },
  });

  it('shows a small flowchart whole, at most at 100 %', () => {
    const viewport = initialViewport(toFlow(chain(3)).nodes, 1200, 800);
    expect(viewport.zoom).toBe(1);
    // Centred: the three nodes (x 0 to 720) sit in the middle of the 1200 px wide canvas.
    expect(viewport.x).toBeCloseTo((1200 - 720) / 2, 0);
  });

  it('opens a large flowchart at its start, readable, instead of zooming out until nothing can be read', () => {
    const viewport = initialViewport(toFlow(chain(500)).nodes, 1200, 800);
    expect(viewport).toEqual({ x: 40, y: 400 - 30 * 0.8, zoom: 0.8 });
  });

  it('does not divide by a canvas that has no size yet', () => {
    expect(initialViewport(toFlow(chain(3)).nodes, 0, 0)).toEqual({ x: 0, y: 0, zoom: 1 });
  });
});
