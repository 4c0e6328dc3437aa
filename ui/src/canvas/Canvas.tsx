import {
  Background,
  Controls,
  type Node,
  type NodeChange,
  type NodeMouseHandler,
  type OnConnect,
  type OnConnectEnd,
  type OnNodeDrag,
  ReactFlow,
  useStore as useFlowStore,
  useReactFlow,
  useStoreApi,
} from "@xyflow/react";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { actionById, timeCanvasCommit, update } from "../actions";
import type { CardId, Command, ProjectView, Rect } from "../bindings";
import { changesOf, flowsAlong, problemsOf } from "../check";
import { useStore } from "../context";
import { cellAt, connect, dropIndex, placeDot, sameCell } from "../edits";
import { ipc } from "../ipc";
import { marksOf } from "../merge";
import { segmentScores } from "../segments";
import { useAppState } from "../store";
import { areaAround, parseArea } from "./area";
import { BoxesNode } from "./BoxesNode";
import { CardNode, DETAIL_ZOOM, DetailContext } from "./CardNode";
import { ConnectionLine } from "./ConnectionLine";
import { EmotionNode } from "./EmotionNode";
import { FeedbackLegend } from "./FeedbackLegend";
import { FlowsNode } from "./FlowsNode";
import { LaneNode, StageNode } from "./HeaderNodes";
import { buildGraph, graphMemo, metricOnShow } from "./nodes";
import { Overview } from "./Overview";

const nodeTypes = {
  card: CardNode,
  boxes: BoxesNode,
  stage: StageNode,
  lane: LaneNode,
  emotion: EmotionNode,
  flows: FlowsNode,
};

/** The card a click on the boxes layer hit, if any. */
const boxHit = (event: { target: EventTarget | null }): string | undefined =>
  (event.target as Element | null)?.closest<HTMLElement>("[data-card-id]")?.dataset.cardId;

/** The flow a click on the flows layer hit (its wide hit line), if any. */
const flowHit = (event: { target: EventTarget | null }): string | undefined =>
  (event.target as Element | null)?.closest("[data-flow-hit]")?.getAttribute("data-flow-hit") ?? undefined;

/** The box around these rectangles; null when there are none. */
function boxAround(rects: Rect[]): Rect | null {
  if (rects.length === 0) return null;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const width = Math.max(...rects.map((r) => r.x + r.width)) - x;
  const height = Math.max(...rects.map((r) => r.y + r.height)) - y;
  return { x, y, width, height };
}

/** How far one can zoom out: 5 %, or further on a map so large that it fits the window only smaller (its longer
 * side down to 400 px). */
function leastZoom(layout: ProjectView["layout"]): number {
  const longest = Math.max(layout?.width ?? 0, layout?.height ?? 0);
  return longest > 0 ? Math.min(0.05, 400 / longest) : 0.05;
}

export function Canvas({ view }: { view: ProjectView }) {
  const store = useStore();
  const flow = useReactFlow();
  const selection = useAppState(store, (s) => s.selection);
  const editing = useAppState(store, (s) => s.editing);
  const selectedFlow = useAppState(store, (s) => s.flow);
  const editingFlow = useAppState(store, (s) => s.editingFlow);
  const checking = useAppState(store, (s) => s.panel === "check");
  const findings = useAppState(store, (s) => s.findings);
  const highlighted = useAppState(store, (s) => s.highlight);
  // Problem cards are marked while the Check panel is open; the path it highlights is drawn along its flows.
  const problems = useMemo(() => (checking && findings ? problemsOf(findings) : undefined), [checking, findings]);
  const comparison = useAppState(store, (s) => s.comparing?.comparison ?? null);
  const merged = useAppState(store, (s) => s.merged);
  const journeyId = view.journey?.id;
  const changes = useMemo(
    () => (comparison ? changesOf(comparison) : merged && journeyId ? marksOf(merged, journeyId) : undefined),
    [comparison, merged, journeyId],
  );
  const highlight = useMemo(
    () => (highlighted && view.journey ? flowsAlong(view.journey, highlighted) : undefined),
    [highlighted, view.journey],
  );
  const cursor = useAppState(store, (s) => s.cursor);
  const presenting = useAppState(store, (s) => s.presenting);
  const theme = useAppState(store, (s) => s.theme);
  const flowStore = useStoreApi();
  const detailed = useFlowStore((s) => s.transform[2] >= DETAIL_ZOOM);
  const heatmap = useAppState(store, (s) => s.heatmap);
  const metric = useAppState(store, (s) => s.metric);
  // One segment's scores instead of all responses' (the legend's filter): built once per report, value and metric.
  const segmentReport = useAppState(store, (s) => s.segments.report);
  const segmentValue = useAppState(store, (s) => s.segments.value);
  const metricKind = metricOnShow(view, metric)?.kind ?? null;
  const segment = useMemo(
    () => segmentScores(segmentReport, segmentValue, metricKind),
    [segmentReport, segmentValue, metricKind],
  );
  const mapWidth = view.layout?.width ?? 0;
  const mapHeight = view.layout?.height ?? 0;
  const areaKey = useFlowStore(
    useCallback((s) => areaAround(s, { width: mapWidth, height: mapHeight }), [mapWidth, mapHeight]),
  );
  const area = useMemo(() => parseArea(areaKey), [areaKey]);
  const [keep, setKeep] = useState<ReadonlySet<CardId>>(new Set());
  const memo = useRef(graphMemo());
  const graph = useMemo(
    () => ({
      nodes: buildGraph(
        view,
        {
          selection,
          flow: selectedFlow,
          editingFlow,
          problems,
          highlight,
          changes,
          editing,
          cursor,
          presenting,
          heatmap,
          metric,
          segment,
          area,
          keep,
          boxes: !detailed,
        },
        memo.current,
      ),
    }),
    [
      view,
      selection,
      selectedFlow,
      editingFlow,
      problems,
      highlight,
      changes,
      editing,
      cursor,
      presenting,
      heatmap,
      metric,
      segment,
      area,
      keep,
      detailed,
    ],
  );
  // A drag's positions are the only local state: the preview, over the graph it was made on. When a new graph
  // comes (the view after the drop, or any other change) the preview is over. Measured sizes and selection are
  // not stored in the nodes: a new object per node would make xyflow re-adopt, redraw and re-measure every card.
  type Preview = { over: Node[]; positions: ReadonlyMap<string, { x: number; y: number }> };
  const [preview, setPreview] = useState<Preview | null>(null);
  // For the app bench: the canvas's own pass over a new view (xyflow draws the nodes in a pass after it).
  useLayoutEffect(timeCanvasCommit);
  const shownGraph = useRef(graph.nodes);
  shownGraph.current = graph.nodes;
  const nodes = useMemo(() => {
    if (preview?.over !== graph.nodes) return graph.nodes;
    return graph.nodes.map((n) => {
      const position = preview.positions.get(n.id);
      return position ? { ...n, position } : n;
    });
  }, [graph, preview]);
  const onNodesChange = useCallback((changes: NodeChange<Node>[]) => {
    const moved = changes.flatMap((c) => (c.type === "position" && c.position ? [[c.id, c.position] as const] : []));
    if (moved.length === 0) return;
    setPreview((current) => {
      const over = shownGraph.current;
      const earlier = current?.over === over ? current.positions : [];
      return { over, positions: new Map([...earlier, ...moved]) };
    });
  }, []);

  // Presentation: frame the stage on show.
  useEffect(() => {
    if (presenting === null || !view.layout) return;
    const stage = view.layout.stages[presenting];
    if (stage) void flow.fitBounds(stage.rect, { padding: 0.05, duration: 300 });
  }, [presenting, view.layout, flow]);

  // The whole map, from the layout's size: xyflow's fitView would fit only the nodes drawn, and a large map draws
  // only those around the screen.
  const fitMap = useCallback(
    (duration: number) => {
      const layout = latest.current.view.layout;
      if (layout)
        void flow.fitBounds({ x: 0, y: 0, width: layout.width, height: layout.height }, { padding: 0.05, duration });
    },
    [flow],
  );

  // The viewport actions (zoom, fit, zoom to selection) act on this canvas while it is on screen.
  useEffect(() => {
    // The store's view, not the one drawn: after an edit the new layout is there before the canvas redraws.
    const cardsBox = (cards: CardId[]) =>
      boxAround(store.get().view?.layout?.cards.flatMap((c) => (cards.includes(c.id) ? [c.rect] : [])) ?? []);
    const duration = 200;
    store.set({
      canvas: {
        zoomIn: () => void flow.zoomIn({ duration }),
        zoomOut: () => void flow.zoomOut({ duration }),
        fit: () => fitMap(duration),
        show: (cards) => {
          const box = cardsBox(cards);
          if (!box) return;
          const { width: paneWidth, height: paneHeight } = flowStore.getState();
          const zoom = Math.min(1, paneWidth / (box.width * 2), paneHeight / (box.height * 2));
          void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom, duration });
        },
        reveal: (cards) => {
          const box = cardsBox(cards);
          if (!box) return;
          const { width: paneWidth, height: paneHeight, transform } = flowStore.getState();
          const [x, y, zoom] = transform;
          const left = box.x * zoom + x;
          const top = box.y * zoom + y;
          const inView =
            left >= 0 && top >= 0 && left + box.width * zoom <= paneWidth && top + box.height * zoom <= paneHeight;
          if (!inView) void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom, duration });
        },
      },
    });
    return () => store.set({ canvas: null });
  }, [store, flow, flowStore, fitMap]);

  const fitted = useRef(false);
  useEffect(() => {
    if (!fitted.current && nodes.length > 0) {
      fitted.current = true;
      fitMap(0);
    }
  }, [nodes.length, fitMap]);

  const readOnly = view.file.read_only !== null;
  // The handlers read the latest view through a ref, so they stay the same functions across renders: xyflow
  // passes them to every node, and a new function would redraw all of them.
  const latest = useRef({ view, detailed });
  latest.current = { view, detailed };

  const onNodeClick: NodeMouseHandler = useCallback(
    (event, clicked) => {
      const { view } = latest.current;
      if (clicked.type === "flows") {
        const hit = flowHit(event);
        if (hit) store.set({ flow: hit, selection: [], editing: null, editingFlow: null });
        return;
      }
      // A box in the zoomed-out layer stands for its card.
      const hit = clicked.type === "boxes" ? boxHit(event) : undefined;
      if (clicked.type === "boxes" && !hit) return;
      const node = hit ? { id: hit, type: "card" } : clicked;
      const journey = view.journey;
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
          flow: null,
          cursor: card ? { stage: card.stage, lane: card.lane } : s.cursor,
        }));
      } else if (view.layout) {
        const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
        store.set({ cursor: cellAt(view.layout, at), selection: [] });
      }
    },
    [store, flow],
  );

  const onNodeDoubleClick: NodeMouseHandler = useCallback(
    (event, node) => {
      const { view, detailed } = latest.current;
      if (node.type === "flows") {
        const hit = flowHit(event);
        if (hit && view.file.read_only === null) store.set({ flow: hit, selection: [], editingFlow: hit });
        return;
      }
      if (node.type === "boxes" || (node.type === "card" && !detailed)) {
        // Zoomed out, a double-click goes to the card, where it can be read and edited.
        const hit = node.type === "card" ? node.id : boxHit(event);
        if (hit) {
          store.set({ selection: [hit] });
          store.get().canvas?.show([hit]);
        }
        return;
      }
      if (view.file.read_only !== null || !view.layout) return;
      if (node.type === "card") {
        store.set({ selection: [node.id], editing: node.id });
        return;
      }
      const cell = cellAt(view.layout, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
      if (!cell) return;
      store.set({ cursor: cell });
      void actionById("card.add").run(store);
    },
    [store, flow],
  );

  // Dragged cards stay on the canvas even when the drag takes them out of the area around the screen.
  const onNodeDragStart: OnNodeDrag = useCallback((_event, _node, dragged) => {
    setKeep(new Set(dragged.filter((n) => n.type === "card").map((n) => n.id)));
  }, []);

  const onNodeDragStop: OnNodeDrag = useCallback(
    (_event, node, dragged) => {
      setKeep(new Set());
      const { journey, layout } = latest.current.view;
      if (!journey || !layout || node.type !== "card") return;
      const centre = { x: node.position.x + (node.width ?? 0) / 2, y: node.position.y + (node.height ?? 0) / 2 };
      const cell = cellAt(layout, centre);
      const moving: CardId[] = dragged.filter((n) => n.type === "card").map((n) => n.id);
      const card = journey.cards.find((c) => c.id === node.id);
      if (!cell || !card) {
        setPreview(null);
        return;
      }
      const index = dropIndex(layout, journey, cell, node.id, centre);
      const unchanged =
        moving.length === 1 && sameCell(cell, { stage: card.stage, lane: card.lane }) && index === card.position;
      if (unchanged) {
        setPreview(null);
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
      // The preview stays until the new view is in (a new graph ends it), so the card does not jump back.
      void update(store, () => ipc.apply(command)).then((ok) => ok || setPreview(null));
    },
    [store],
  );

  const onConnect: OnConnect = useCallback(
    (connection) => {
      const { view } = latest.current;
      if (view.file.read_only !== null || !connection.source || !connection.target) return;
      const kind = store.get().connectKind;
      void update(store, () => ipc.apply(connect(view, connection.source, connection.target, kind)));
    },
    [store],
  );

  // Dropping a connection anywhere on a card connects to it, not only on its small handle.
  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      if (state.isValid || !state.fromNode || !state.fromHandle) return;
      const point = "changedTouches" in event ? event.changedTouches[0] : event;
      if (!point) return;
      const under = document.elementFromPoint(point.clientX, point.clientY)?.closest<HTMLElement>("[data-card-id]");
      const other = under?.dataset.cardId;
      if (!other || other === state.fromNode.id) return;
      const [source, target] =
        state.fromHandle.type === "source" ? [state.fromNode.id, other] : [other, state.fromNode.id];
      onConnect({ source, target, sourceHandle: null, targetHandle: null });
    },
    [onConnect],
  );

  const onPaneClick = useCallback(
    () => store.set({ selection: [], editing: null, flow: null, editingFlow: null }),
    [store],
  );
  const journey = view.journey;

  return (
    <DetailContext.Provider value={detailed}>
      <ReactFlow
        // Dashed strokes are slow to draw without a GPU: large maps tell flow kinds apart by colour alone.
        className={(journey?.flows.length ?? 0) > 300 ? "many-flows" : undefined}
        nodes={nodes}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeClick={onNodeClick}
        onNodeDoubleClick={onNodeDoubleClick}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        connectionLineComponent={ConnectionLine}
        onPaneClick={onPaneClick}
        nodesConnectable={!readOnly}
        zoomOnDoubleClick={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        colorMode={theme}
        minZoom={leastZoom(view.layout)}
        maxZoom={2.5}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
      >
        {/* The dot grid only where cards are drawn in full: further out its dots are specks a few pixels apart, and
            its pattern, changed by every step of a pan or zoom, was drawn again on every frame (about 4 ms of a far-out
            zoom frame on a 5,000-card map, 2 of a pan frame). */}
        {detailed && <Background gap={24} size={1} />}
        <Controls showInteractive={false} />
        {view.layout && <Overview layout={view.layout} />}
        {view.feedback.metrics.length > 0 && <FeedbackLegend view={view} />}
      </ReactFlow>
    </DetailContext.Provider>
  );
}
