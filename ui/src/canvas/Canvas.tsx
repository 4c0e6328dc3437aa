import {
  Background,
  Controls,
  MiniMap,
  type Node,
  type NodeMouseHandler,
  type OnConnect,
  type OnNodeDrag,
  ReactFlow,
  useNodesState,
  useReactFlow,
} from "@xyflow/react";
import { useEffect, useMemo, useRef } from "react";
import { actionById, update } from "../actions";
import type { CardId, Command, ProjectView } from "../bindings";
import { useStore } from "../context";
import { cellAt, connect, dropIndex, placeDot, sameCell } from "../edits";
import { ipc } from "../ipc";
import { useAppState } from "../store";
import { CardNode } from "./CardNode";
import { EmotionNode } from "./EmotionNode";
import { FeedbackLegend } from "./FeedbackLegend";
import { FlowsNode } from "./FlowsNode";
import { LaneNode, StageNode } from "./HeaderNodes";
import { buildGraph, reuseUnchanged } from "./nodes";

const nodeTypes = { card: CardNode, stage: StageNode, lane: LaneNode, emotion: EmotionNode, flows: FlowsNode };

export function Canvas({ view }: { view: ProjectView }) {
  const store = useStore();
  const flow = useReactFlow();
  const selection = useAppState(store, (s) => s.selection);
  const editing = useAppState(store, (s) => s.editing);
  const cursor = useAppState(store, (s) => s.cursor);
  const presenting = useAppState(store, (s) => s.presenting);
  const theme = useAppState(store, (s) => s.theme);
  const heatmap = useAppState(store, (s) => s.heatmap);
  const metric = useAppState(store, (s) => s.metric);
  const previousNodes = useRef(new Map<string, { item: Node; key: string }>());
  const graph = useMemo(() => {
    const built = buildGraph(view, { selection, editing, cursor, presenting, heatmap, metric });
    return { nodes: reuseUnchanged(previousNodes.current, built) };
  }, [view, selection, editing, cursor, presenting, heatmap, metric]);
  const [nodes, setNodes, onNodesChange] = useNodesState<Node>(graph.nodes);
  useEffect(() => {
    setNodes(graph.nodes);
  }, [graph, setNodes]);

  // Presentation: frame the stage on show.
  useEffect(() => {
    if (presenting === null || !view.layout) return;
    const stage = view.layout.stages[presenting];
    if (stage) void flow.fitBounds(stage.rect, { padding: 0.05, duration: 300 });
  }, [presenting, view.layout, flow]);

  const fitted = useRef(false);
  useEffect(() => {
    if (!fitted.current && nodes.length > 0) {
      fitted.current = true;
      void flow.fitView({ padding: 0.05 });
    }
  }, [nodes.length, flow]);

  const readOnly = view.file.read_only !== null;
  const journey = view.journey;
  const layout = view.layout;

  const onNodeClick: NodeMouseHandler = (event, node) => {
    if (node.type === "card" && journey?.voting?.open) {
      const command = placeDot(store.get().view ?? view, node.id, store.get().turn.used);
      if (!command) return;
      // Count the dot at once, so quick clicks cannot spend more dots than a participant has.
      store.set((s) => ({ turn: { ...s.turn, used: s.turn.used + 1 } }));
      void update(store, () => ipc.apply(command)).then(
        (ok) => ok || store.set((s) => ({ turn: { ...s.turn, used: s.turn.used - 1 } })),
      );
      return;
    }
    if (node.type === "card") {
      const card = journey?.cards.find((c) => c.id === node.id);
      const additive = event.shiftKey || event.ctrlKey || event.metaKey;
      store.set((s) => ({
        selection: additive
          ? s.selection.includes(node.id)
            ? s.selection.filter((id) => id !== node.id)
            : [...s.selection, node.id]
          : [node.id],
        cursor: card ? { stage: card.stage, lane: card.lane } : s.cursor,
      }));
    } else if (layout) {
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      store.set({ cursor: cellAt(layout, at), selection: [] });
    }
  };

  const onNodeDoubleClick: NodeMouseHandler = (event, node) => {
    if (readOnly || !layout) return;
    if (node.type === "card") {
      store.set({ selection: [node.id], editing: node.id });
      return;
    }
    const cell = cellAt(layout, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    if (!cell) return;
    store.set({ cursor: cell });
    void actionById("card.add").run(store);
  };

  const onNodeDragStop: OnNodeDrag = (_event, node, dragged) => {
    if (!journey || !layout || node.type !== "card") return;
    const centre = { x: node.position.x + (node.width ?? 0) / 2, y: node.position.y + (node.height ?? 0) / 2 };
    const cell = cellAt(layout, centre);
    const moving: CardId[] = dragged.filter((n) => n.type === "card").map((n) => n.id);
    const card = journey.cards.find((c) => c.id === node.id);
    if (!cell || !card) {
      setNodes(graph.nodes);
      return;
    }
    const index = dropIndex(layout, journey, cell, node.id, centre);
    const unchanged =
      moving.length === 1 && sameCell(cell, { stage: card.stage, lane: card.lane }) && index === card.position;
    if (unchanged) {
      setNodes(graph.nodes);
      return;
    }
    const commands: Command[] = moving.map((id, i) => ({
      op: "move_card",
      journey: journey.id,
      card: id,
      stage: cell.stage,
      lane: cell.lane,
      index: index + i,
    }));
    const command: Command =
      commands.length === 1 && commands[0] ? commands[0] : { op: "batch", label: "move cards", commands };
    store.set({ cursor: cell });
    void update(store, () => ipc.apply(command)).then((ok) => {
      if (!ok) setNodes(graph.nodes);
    });
  };

  const onConnect: OnConnect = (connection) => {
    if (readOnly || !connection.source || !connection.target) return;
    void update(store, () => ipc.apply(connect(view, connection.source, connection.target)));
  };

  return (
    <ReactFlow
      // Dashed strokes are slow to draw without a GPU: large maps tell flow kinds apart by colour alone.
      className={(journey?.flows.length ?? 0) > 300 ? "many-flows" : undefined}
      nodes={nodes}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onNodeDoubleClick={onNodeDoubleClick}
      onNodeDragStop={onNodeDragStop}
      onConnect={onConnect}
      onPaneClick={() => store.set({ selection: [], editing: null })}
      nodesConnectable={!readOnly}
      zoomOnDoubleClick={false}
      deleteKeyCode={null}
      selectionKeyCode={null}
      multiSelectionKeyCode={null}
      colorMode={theme}
      minZoom={0.05}
      maxZoom={2.5}
      onlyRenderVisibleElements
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable nodeColor={(n) => (n.type === "card" ? "var(--card-border)" : "transparent")} />
      {view.feedback.metrics.length > 0 && <FeedbackLegend view={view} />}
    </ReactFlow>
  );
}
