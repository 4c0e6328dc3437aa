// The document's view as @xyflow/react nodes. Positions come straight from the layout Rust computed,
// so the canvas draws the same picture as every export.
import type { Node } from "@xyflow/react";
import type {
  CardData,
  CardId,
  CardScore,
  EmotionBand,
  EmotionCurve,
  Lane,
  Layout,
  MetricDefinition,
  MetricKind,
  Persona,
  ProjectView,
  ScopeScore,
  Stage,
} from "../bindings";
import { heatColour } from "../feedback";

export type StageNodeData = {
  stage: Stage;
  index: number;
  count: number;
  dim: boolean;
  /** The stage's score on the metric on show. */
  score: { score: ScopeScore; metric: MetricDefinition; minN: number } | null;
};
export type LaneNodeData = {
  lane: Lane;
  index: number;
  count: number;
  headerWidth: number;
  cursorX: number | null;
  cursorWidth: number;
};
export type CardNodeData = {
  card: CardData;
  editing: boolean;
  dim: boolean;
  problem: boolean;
  /** The card's score on the metric on show, with what it means. */
  score: { score: CardScore; metric: MetricDefinition; minN: number; heat: string | null } | null;
};
export type EmotionNodeData = {
  band: EmotionBand;
  curves: EmotionCurve[];
  personas: Persona[];
  stageCenters: { stage: string; x: number }[];
  origin: { x: number; y: number };
  values: { persona: string; stage: string; value: number }[];
  readOnly: boolean;
};
export type FlowLine = {
  id: string;
  points: { x: number; y: number }[];
  kind: string;
  label: string | null;
  dim: boolean;
};
/** Every flow of the journey in one layer: one component instead of one xyflow edge per flow. */
export type FlowsNodeData = { flows: FlowLine[]; width: number; height: number };

export type UiSelection = {
  selection: CardId[];
  editing: CardId | null;
  cursor: { stage: string; lane: string } | null;
  presenting: number | null;
  heatmap: boolean;
  metric: MetricKind | null;
};

/** The metric badges show: the chosen one if the journey has it, else its first. */
export function metricOnShow(view: ProjectView, chosen: MetricKind | null): MetricDefinition | null {
  const metrics = view.feedback.metrics;
  return metrics.find((m) => m.kind === chosen) ?? metrics[0] ?? null;
}

/** Builds every node of the journey on show: headers, cards, the emotion curves and the flows layer. */
export function buildGraph(view: ProjectView, ui: UiSelection): Node[] {
  const journey = view.journey;
  const layout = view.layout;
  if (!journey || !layout) return [];
  const presentedStage = ui.presenting === null ? null : (journey.stages[ui.presenting]?.id ?? null);
  const dimStage = (stage: string) => presentedStage !== null && stage !== presentedStage;
  const selected = new Set(ui.selection);
  const nodes: Node[] = [];
  const metric = metricOnShow(view, ui.metric);
  const stageScore = (stage: string): StageNodeData["score"] => {
    const score = view.feedback.scope_scores.find((s) => s.stage === stage && s.metric === metric?.kind);
    return score && metric ? { score, metric, minN: view.feedback.min_n } : null;
  };

  const cursorStage = ui.cursor ? layout.stages.find((s) => s.id === ui.cursor?.stage) : undefined;
  layout.lanes.forEach((box, index) => {
    const lane = journey.lanes.find((l) => l.id === box.id);
    if (!lane) return;
    const hasCursor = ui.cursor?.lane === box.id && cursorStage;
    nodes.push({
      id: `lane:${box.id}`,
      type: "lane",
      position: { x: box.rect.x, y: box.rect.y },
      width: box.rect.width,
      height: box.rect.height,
      style: { width: box.rect.width, height: box.rect.height },
      data: {
        lane,
        index,
        count: layout.lanes.length,
        headerWidth: box.header.width,
        cursorX: hasCursor ? cursorStage.rect.x : null,
        cursorWidth: hasCursor ? cursorStage.rect.width : 0,
      } satisfies LaneNodeData,
      draggable: false,
      selectable: false,
      zIndex: -2,
    });
  });
  layout.stages.forEach((box, index) => {
    const stage = journey.stages.find((s) => s.id === box.id);
    if (!stage) return;
    nodes.push({
      id: `stage:${box.id}`,
      type: "stage",
      position: { x: box.rect.x, y: 0 },
      width: box.rect.width,
      height: box.rect.height,
      style: { width: box.rect.width, height: box.rect.height },
      data: {
        stage,
        index,
        count: layout.stages.length,
        dim: dimStage(box.id),
        score: stageScore(box.id),
      } satisfies StageNodeData,
      draggable: false,
      selectable: false,
      zIndex: -1,
    });
  });
  const cards = new Map(journey.cards.map((c) => [c.id, c]));
  const scores = new Map(
    view.feedback.scores.filter((s) => s.metric === metric?.kind).map((s) => [s.card_id, s] as const),
  );
  const scoreOf = (id: CardId): CardNodeData["score"] => {
    const score = scores.get(id);
    if (!score || !metric) return null;
    return { score, metric, minN: view.feedback.min_n, heat: ui.heatmap ? heatColour(score.value, metric) : null };
  };
  for (const box of layout.cards) {
    const card = cards.get(box.id);
    if (!card) continue;
    nodes.push({
      id: card.id,
      type: "card",
      position: { x: box.rect.x, y: box.rect.y },
      width: box.rect.width,
      height: box.rect.height,
      style: { width: box.rect.width, height: box.rect.height },
      data: {
        card,
        editing: ui.editing === card.id,
        dim: dimStage(card.stage),
        problem: false,
        score: scoreOf(card.id),
      } satisfies CardNodeData,
      selected: selected.has(card.id),
      draggable: view.file.read_only === null,
      zIndex: 1,
    });
  }
  const emotionLane = layout.lanes.find((box) => journey.lanes.find((l) => l.id === box.id)?.kind === "emotions");
  if (emotionLane && layout.emotion_band) {
    const origin = { x: emotionLane.header.width, y: emotionLane.rect.y };
    nodes.push({
      id: "emotions",
      type: "emotion",
      position: origin,
      width: emotionLane.rect.width - origin.x,
      height: emotionLane.rect.height,
      style: { width: emotionLane.rect.width - origin.x, height: emotionLane.rect.height },
      data: {
        band: layout.emotion_band,
        curves: layout.emotion_curves,
        personas: view.personas,
        stageCenters: layout.stages.map((s) => ({ stage: s.id, x: s.rect.x + s.rect.width / 2 })),
        origin,
        values: journey.emotions,
        readOnly: view.file.read_only !== null,
      } satisfies EmotionNodeData,
      draggable: false,
      selectable: false,
      zIndex: 0,
    });
  }

  const flows = new Map(journey.flows.map((f) => [f.id, f]));
  const lines: FlowLine[] = [];
  for (const route of layout.flows) {
    const flow = flows.get(route.id);
    if (!flow) continue;
    const from = cards.get(flow.from);
    lines.push({
      id: flow.id,
      points: route.points,
      kind: flow.kind,
      label: flow.label,
      dim: from ? dimStage(from.stage) : false,
    });
  }
  nodes.push({
    id: "flows",
    type: "flows",
    position: { x: 0, y: 0 },
    width: layout.width,
    height: layout.height,
    style: { width: layout.width, height: layout.height, pointerEvents: "none" },
    data: { flows: lines, width: layout.width, height: layout.height } satisfies FlowsNodeData,
    draggable: false,
    selectable: false,
    focusable: false,
    zIndex: 0,
  });
  return nodes;
}

export function layoutOf(view: ProjectView | null): Layout | null {
  return view?.layout ?? null;
}

/**
 * Keeps the objects of nodes that did not change since the last build, so React and xyflow redraw only
 * what an edit touched (every view from Rust is new JSON, so without this every card would redraw).
 */
export function reuseUnchanged<T extends Node>(previous: Map<string, { item: T; key: string }>, next: T[]): T[] {
  const kept = new Map<string, { item: T; key: string }>();
  const result = next.map((item) => {
    const key = JSON.stringify(item);
    const old = previous.get(item.id);
    const reused = old && old.key === key ? old.item : item;
    kept.set(item.id, { item: reused, key });
    return reused;
  });
  previous.clear();
  for (const [id, entry] of kept) previous.set(id, entry);
  return result;
}
