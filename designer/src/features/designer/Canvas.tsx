import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { Background, Controls, MiniMap, ReactFlow, applyEdgeChanges, applyNodeChanges, useReactFlow, type Connection, type Edge, type EdgeChange, type NodeChange, type OnSelectionChangeParams } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { ActivityNodeView } from './ActivityNodeView';
import type { ElsaDefinition } from './elsa';
import { initialViewport, largeFlowchart, parseEdgeId, shareUnchanged, toFlow, type ActivityNode, type FlowHighlights, type TypeInfos } from './flow';
import type { LocatedIssue } from './issues';
import { paletteMime } from './Palette';

const nodeTypes = { activity: ActivityNodeView };

interface Props {
  definition: ElsaDefinition;
  types: TypeInfos;
  issues: ReadonlyMap<string, LocatedIssue[]>;
  /** A selection the page asks for (a new or pasted activity, a clicked issue); each new object applies once. */
  selectRequest: { ids: ReadonlySet<string> } | null;
  readOnly?: boolean;
  highlights?: FlowHighlights;
  onSelect: (ids: Set<string>, connections: { source: string; port: string; target: string }[]) => void;
  onMove?: (positions: Map<string, { x: number; y: number }>) => void;
  onConnect?: (end: { source: string; port: string; target: string }) => void;
  onDropActivity?: (typeName: string, position: { x: number; y: number }) => void;
}

/** The flowchart on a React Flow canvas: nodes follow the document; drags, connections and deletions become edits. */
export function Canvas({ definition, types, issues, selectRequest, readOnly, highlights, onSelect, onMove, onConnect, onDropActivity }: Props) {
  const shown = useRef<ReturnType<typeof toFlow> | null>(null);
  const flow = useMemo(() => {
    const next = toFlow(definition, types, issues, highlights);
    return shown.current ? shareUnchanged(shown.current, next) : next;
  }, [definition, types, issues, highlights]);
  useEffect(() => {
    shown.current = flow;
  }, [flow]);
  const [nodes, setNodes] = useState<ActivityNode[]>(flow.nodes);
  const { screenToFlowPosition } = useReactFlow();
  const container = useRef<HTMLDivElement>(null);
  // The opening viewport needs the canvas's size: measured before the first paint, then React Flow mounts at it.
  const [opening, setOpening] = useState<ReturnType<typeof initialViewport> | null>(null);
  useLayoutEffect(() => {
    const element = container.current;
    if (element && !opening) setOpening(initialViewport(flow.nodes, element.clientWidth, element.clientHeight));
  }, [flow.nodes, opening]);

  // The document is the truth: a new one (an edit, undo, a load) replaces the nodes, keeping their selection. React
  // Flow owns the selection; the page only reads it (onSelect) or asks for one (selectRequest), so the two never chase
  // each other. Both updates are queued in this order, so a request made with the edit that adds its nodes finds them.
  // A node whose content did not change keeps its canvas object (with React Flow's measurements), so nothing is re-measured.
  const applied = useRef(flow.nodes);
  useEffect(() => {
    const before = new Set(applied.current);
    applied.current = flow.nodes;
    setNodes((current) => {
      const was = new Map(current.map((node) => [node.id, node]));
      return flow.nodes.map((node) => {
        const shownNode = was.get(node.id);
        return shownNode && before.has(node) ? shownNode : { ...node, selected: shownNode?.selected ?? false };
      });
    });
  }, [flow.nodes]);
  useEffect(() => {
    if (selectRequest)
      setNodes((current) => current.map((node) => ((node.selected ?? false) === selectRequest.ids.has(node.id) ? node : { ...node, selected: selectRequest.ids.has(node.id) })));
  }, [selectRequest]);

  const [edges, setEdges] = useState<Edge[]>(flow.edges);
  useEffect(() => setEdges(flow.edges), [flow.edges]);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => setEdges((current) => applyEdgeChanges(changes.filter((change) => change.type !== 'remove'), current)), []);

  const onNodesChange = useCallback((changes: NodeChange<ActivityNode>[]) => {
    // Deleting is the page's shortcut (one edit of the document); everything else (drags, selection, measurements) is local.
    setNodes((current) => applyNodeChanges(changes.filter((change) => change.type !== 'remove'), current));
  }, []);

  const onSelectionChange = useCallback(
    ({ nodes: chosen, edges: chosenEdges }: OnSelectionChangeParams) =>
      onSelect(new Set(chosen.map((node) => node.id)), chosenEdges.map((edge) => parseEdgeId(edge.id)).filter((end): end is NonNullable<typeof end> => end !== null)),
    [onSelect],
  );

  const onDrop = (event: DragEvent) => {
    const typeName = event.dataTransfer.getData(paletteMime);
    if (!typeName || !onDropActivity) return;
    event.preventDefault();
    onDropActivity(typeName, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  return (
    <div ref={container} className="canvas" data-testid="canvas" onDragOver={(event) => { if (event.dataTransfer.types.includes(paletteMime)) { event.preventDefault(); event.dataTransfer.dropEffect = 'copy'; } }} onDrop={onDrop}>
      {opening && (
        <ReactFlow<ActivityNode, Edge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onSelectionChange={onSelectionChange}
          onNodeDragStop={(_, __, dragged) => onMove?.(new Map(dragged.map((node) => [node.id, node.position])))}
          onConnect={(connection: Connection) => connection.sourceHandle && onConnect?.({ source: connection.source, port: connection.sourceHandle, target: connection.target })}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          elementsSelectable
          // Delete is the page's shortcut (with the others): React Flow's own key tracking lost it after Ctrl+Shift+Z.
          deleteKeyCode={null}
          multiSelectionKeyCode={['Control', 'Meta']}
          selectionKeyCode="Shift"
          defaultViewport={opening}
          minZoom={0.1}
          onlyRenderVisibleElements={nodes.length > largeFlowchart}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <MiniMap pannable zoomable />
          <Controls showInteractive={false} />
        </ReactFlow>
      )}
    </div>
  );
}
