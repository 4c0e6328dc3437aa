// The document's view as @xyflow/react nodes. Positions come straight from the layout Rust computed,
// so the canvas draws the same picture as every export.
import type { Node } from "@xyflow/react";
import type {
  CardBox,
  CardData,
  CardId,
  CardScore,
  EmotionBand,
  EmotionCurve,
  Flow,
  FlowRoute,
  Lane,
  Layout,
  MetricDefinition,
  MetricKind,
  Persona,
  Point,
  ProjectView,
  Rect,
  ScopeScore,
  Stage,
} from "../bindings";
import { openThreadCounts } from "../comments";
import type { CardFace } from "../edits";
import { heatColour } from "../feedback";
import type { CardMark } from "../merge";
import type { SegmentScores } from "../segments";

export type StageNodeData = {
  stage: Stage;
  index: number;
  count: number;
  dim: boolean;
  /** The stage's score on the metric on show (of one segment's responses: `segment` says which). */
  score: { score: ScopeScore; metric: MetricDefinition; minN: number; segment: string | null } | null;
  /** The stage has feedback, so its touchpoint channels may be compared (the header offers the Channels panel). */
  channels: boolean;
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
  card: CardFace;
  editing: boolean;
  dim: boolean;
  /** What the check finds wrong with the card ("dead end"…), while the Check panel is open. */
  problem: string | null;
  /** Added or changed since the version the History panel compares with, or by a merge (or in its conflict). */
  change: CardMark | null;
  /** How many open comment threads the card has (its badge). */
  comments: number;
  /** The card's score on the metric on show, with what it means (of one segment's responses: `segment`). */
  score: {
    score: CardScore;
    metric: MetricDefinition;
    minN: number;
    heat: string | null;
    segment: string | null;
  } | null;
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
  /** The route's corners as one flat list, x, y, x, y, … (see route.ts). */
  points: number[];
  kind: string;
  label: string | null;
  /** Where the layout put the label's box (clear of cards and other labels). */
  labelBox: Rect | null;
  dim: boolean;
  selected: boolean;
  /** On the path the Check panel highlights. */
  highlighted: boolean;
  /** Its label is being edited in place. */
  editing: boolean;
};
/** A whole-map layer node's data: its items in runs (see runsByTile). */
export type LayerNodeData<T> = { runs: Run<T>[]; width: number; height: number; detailed: boolean };
/**
 * The journey's flows in one layer: one component instead of one xyflow edge per flow, only those around the
 * screen (see buildNodes). Zoomed in (`detailed`), each with a line to hover and click; zoomed out (cards drawn
 * as boxes), without hit lines, bundled (labels are drawn at every zoom).
 */
export type FlowsNodeData = LayerNodeData<FlowLine>;

export type UiSelection = {
  selection: CardId[];
  flow?: string | null;
  editingFlow?: string | null;
  /** Problem cards, by id, with what is wrong. */
  problems?: ReadonlyMap<CardId, string>;
  /** Flows of the highlighted path. */
  highlight?: ReadonlySet<string>;
  /** Cards added or changed since a version, or by the merge under review. */
  changes?: ReadonlyMap<CardId, CardMark>;
  editing: CardId | null;
  cursor: { stage: string; lane: string } | null;
  presenting: number | null;
  heatmap: boolean;
  metric: MetricKind | null;
  /** One segment's scores, shown instead of all responses' (the legend's segment filter). */
  segment?: SegmentScores | null;
  /**
   * The part of the map worth giving xyflow (on screen and around it), or null for all of it. Cards outside are
   * left out, so an edit costs xyflow the cards near the screen, not every card of the map.
   */
  area?: Area | null;
  /** Cards kept whatever the area (being dragged). */
  keep?: ReadonlySet<CardId>;
  /**
   * Zoomed out too far to read: cards are drawn as boxes in one layer node, except those selected, edited or
   * dragged, which stay nodes of their own (so they can be dragged). Spares xyflow a node per card.
   */
  boxes?: boolean;
};

/** A card drawn as a plain box in the boxes layer. */
export type BoxItem = {
  id: CardId;
  rect: Layout["cards"][number]["rect"];
  className: string;
  heat: string | null;
  title: string;
};
export type BoxesNodeData = LayerNodeData<BoxItem>;

export type Area = { left: number; top: number; right: number; bottom: number };

/** The metric badges show: the chosen one if the journey has it, else its first. */
export function metricOnShow(view: ProjectView, chosen: MetricKind | null): MetricDefinition | null {
  const metrics = view.feedback.metrics;
  return metrics.find((m) => m.kind === chosen) ?? metrics[0] ?? null;
}

/**
 * Remembers, per id, what a thing was built from: when every input is the same object (or value) as last time,
 * the old thing is kept. Views merged from patches keep unchanged objects, so after an edit only the cards it
 * touched get new nodes (and only the runs of flows it touched new runs), and React and xyflow skip the rest.
 */
export class Memo<T> {
  private kept = new Map<string, { inputs: unknown[]; item: T; build: number }>();
  private build = 0;

  get(id: string, inputs: unknown[], make: () => T): T {
    const old = this.kept.get(id);
    if (old) {
      old.build = this.build;
      const same = old.inputs.length === inputs.length && old.inputs.every((v, i) => v === inputs[i]);
      if (!same) {
        old.item = make();
        old.inputs = inputs;
      }
      return old.item;
    }
    const item = make();
    this.kept.set(id, { inputs, item, build: this.build });
    return item;
  }

  /** Ends a build: what was not asked for this time is forgotten. */
  finish() {
    for (const [id, entry] of this.kept) if (entry.build !== this.build) this.kept.delete(id);
    this.build++;
  }
}

/** A run of a layer's items: those that start in one tile of the map (see runsByTile), in the list's order. */
export type Run<T> = { key: string; items: T[] };

/** The side of the map's tiles, in map pixels: a power of two, as the steps of the area around the screen are. */
const TILE = 4096;

/** The key of the run drawn last, over all others (see runsByTile). */
const ON_TOP = "on top";

/**
 * Splits a list into runs by the tile of the map each item starts in, keeping a run while its items are the same
 * objects: a memoised component per run (keyed by `key`) then redraws only the runs an edit touched, instead of
 * reconciling every item. Panning far out draws the items of a changing area: only the runs of the tiles at its
 * edges change (with runs of a fixed length, one item more or less moved every later run by one). A run is as
 * large as its tile's items: a map within one tile is one run. Items `onTop` says so of go in a last run of their
 * own, drawn over the rest.
 */
export function runsByTile<T>(
  memo: Memo<Run<T>>,
  items: T[],
  start: (item: T) => Point,
  onTop: (item: T) => boolean = () => false,
): Run<T>[] {
  const tiles = new Map<number, T[]>();
  const top: T[] = [];
  for (const item of items) {
    if (onTop(item)) {
      top.push(item);
      continue;
    }
    const { x, y } = start(item);
    const tile = Math.floor(y / TILE) * 1_000_000 + Math.floor(x / TILE);
    const run = tiles.get(tile);
    if (run) run.push(item);
    else tiles.set(tile, [item]);
  }
  const runs: [string, T[]][] = [...tiles].sort(([a], [b]) => a - b).map(([tile, run]) => [String(tile), run]);
  if (top.length > 0) runs.push([ON_TOP, top]);
  const kept = runs.map(([key, run]) => memo.get(key, run, () => ({ key, items: run })));
  memo.finish();
  return kept;
}

/** Where a route starts. */
const startOf = (flow: FlowLine): Point => ({ x: flow.points[0] ?? 0, y: flow.points[1] ?? 0 });

/** The flows drawn over the others: the selected one (its end handles must take the pointer), the one being
 * labelled and the highlighted path. */
const drawnOnTop = (flow: FlowLine): boolean => flow.selected || flow.editing || flow.highlighted;

/** What the canvas keeps between builds. */
export type GraphMemo = {
  nodes: Memo<Node>;
  /** Each card node's data, kept while the card and its marks stay the same (wherever the card is). */
  cardData: Memo<CardNodeData>;
  /** Each route's line, while its flow and the line's marks stay the same (a WeakMap: a route that goes is let go). */
  flows: WeakMap<FlowRoute, { flow: Flow; line: FlowLine }>;
  runs: Memo<Run<FlowLine>>;
  /** Each card's box in the boxes layer, while its card and marks stay the same (as `flows`). */
  boxes: WeakMap<CardBox, { card: CardData; dim: boolean; item: BoxItem }>;
  boxRuns: Memo<Run<BoxItem>>;
};

export function graphMemo(): GraphMemo {
  return {
    nodes: new Memo(),
    cardData: new Memo(),
    flows: new WeakMap(),
    runs: new Memo(),
    boxes: new WeakMap(),
    boxRuns: new Memo(),
  };
}

/** Builds every node of the journey on show: headers, cards, the emotion curves and the flows layer. */
export function buildGraph(view: ProjectView, ui: UiSelection, memo: GraphMemo = graphMemo()): Node[] {
  const nodes = buildNodes(view, ui, memo);
  memo.nodes.finish();
  memo.cardData.finish();
  return nodes;
}

function buildNodes(view: ProjectView, ui: UiSelection, memo: GraphMemo): Node[] {
  const journey = view.journey;
  const layout = view.layout;
  if (!journey || !layout) return [];
  const presentedStage = ui.presenting === null ? null : (journey.stages[ui.presenting]?.id ?? null);
  const dimStage = (stage: string) => presentedStage !== null && stage !== presentedStage;
  const selected = new Set(ui.selection);
  const nodes: Node[] = [];
  const metric = metricOnShow(view, ui.metric);
  const minN = view.feedback.min_n;
  const segment = ui.segment ?? null;
  const label = segment?.label ?? null;
  const readOnly = view.file.read_only !== null;

  const cursorStage = ui.cursor ? layout.stages.find((s) => s.id === ui.cursor?.stage) : undefined;
  layout.lanes.forEach((box, index) => {
    const lane = journey.lanes.find((l) => l.id === box.id);
    if (!lane) return;
    const cursorX = ui.cursor?.lane === box.id && cursorStage ? cursorStage.rect.x : null;
    const cursorWidth = cursorX !== null && cursorStage ? cursorStage.rect.width : 0;
    const inputs = [lane, box, index, layout.lanes.length, cursorX, cursorWidth];
    nodes.push(
      memo.nodes.get(`lane:${box.id}`, inputs, () => ({
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
          cursorX,
          cursorWidth,
        } satisfies LaneNodeData,
        draggable: false,
        selectable: false,
        zIndex: -2,
      })),
    );
  });
  layout.stages.forEach((box, index) => {
    const stage = journey.stages.find((s) => s.id === box.id);
    if (!stage) return;
    const score = segment
      ? segment.stages.get(box.id)
      : view.feedback.scope_scores.find((s) => s.stage === box.id && s.metric === metric?.kind);
    const dim = dimStage(box.id);
    const channels = view.feedback.scope_scores.some((s) => s.stage === box.id);
    const inputs = [stage, box, index, layout.stages.length, dim, score, metric, minN, label, channels];
    nodes.push(
      memo.nodes.get(`stage:${box.id}`, inputs, () => ({
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
          dim,
          score: score && metric ? { score, metric, minN, segment: label } : null,
          channels,
        } satisfies StageNodeData,
        draggable: false,
        selectable: false,
        zIndex: -1,
      })),
    );
  });
  const cards = byId(journey.cards);
  const scores: ReadonlyMap<CardId, CardScore> =
    segment?.cards ??
    new Map(view.feedback.scores.filter((s) => s.metric === metric?.kind).map((s) => [s.card_id, s] as const));
  const area = ui.area;
  const outside = (r: Rect) =>
    !!area && (r.x > area.right || r.x + r.width < area.left || r.y > area.bottom || r.y + r.height < area.top);
  const boxes: BoxItem[] = [];
  const openThreads = openThreadCounts(journey.comments);
  for (const box of layout.cards) {
    const card = cards.get(box.id);
    if (!card) continue;
    const editing = ui.editing === card.id;
    const pinned = editing || selected.has(card.id) || !!ui.keep?.has(card.id);
    if (outside(box.rect) && !pinned) continue;
    const score = scores.get(card.id);
    const dim = dimStage(card.stage);
    if (ui.boxes && !pinned) {
      const heat = score && metric && ui.heatmap ? heatColour(score.value, metric) : null;
      const kept = memo.boxes.get(box);
      if (kept && kept.card === card && kept.dim === dim && kept.item.heat === heat) {
        boxes.push(kept.item);
        continue;
      }
      const item = {
        id: card.id,
        rect: box.rect,
        className: `card kind-${card.kind}${dim ? " dim" : ""}${heat ? " heat" : ""}`,
        heat,
        title: card.description || card.title,
      };
      memo.boxes.set(box, { card, dim, item });
      boxes.push(item);
      continue;
    }
    const isSelected = selected.has(card.id);
    const problem = ui.problems?.get(card.id) ?? null;
    const change = ui.changes?.get(card.id) ?? null;
    const comments = openThreads.get(card.id) ?? 0;
    // The data apart from the node, by what it draws: a card that only moved (to another place, even another cell)
    // keeps its data, and its component is not drawn again.
    const face = [
      card.title,
      card.description,
      card.kind,
      card.channel,
      card.owner,
      card.dots,
      JSON.stringify(card.tags),
    ];
    const dataInputs = [
      card.id,
      ...face,
      editing,
      dim,
      score,
      metric,
      minN,
      ui.heatmap,
      problem,
      change,
      label,
      comments,
    ];
    const data = memo.cardData.get(card.id, dataInputs, () => ({
      card,
      editing,
      dim,
      problem,
      change,
      comments,
      score:
        score && metric
          ? { score, metric, minN, heat: ui.heatmap ? heatColour(score.value, metric) : null, segment: label }
          : null,
    }));
    nodes.push(
      memo.nodes.get(card.id, [data, box, isSelected, readOnly], () => ({
        id: card.id,
        type: "card",
        position: { x: box.rect.x, y: box.rect.y },
        width: box.rect.width,
        height: box.rect.height,
        style: { width: box.rect.width, height: box.rect.height },
        data,
        selected: isSelected,
        draggable: !readOnly,
        zIndex: 2,
      })),
    );
  }
  if (ui.boxes)
    nodes.push(
      layerNode(
        memo,
        "boxes",
        runsByTile(memo.boxRuns, boxes, (box) => box.rect),
        layout,
        1,
        false,
      ),
    );
  const emotionLane = layout.lanes.find((box) => journey.lanes.find((l) => l.id === box.id)?.kind === "emotions");
  if (emotionLane && layout.emotion_band) {
    const band = layout.emotion_band;
    const inputs = [emotionLane, band, layout.emotion_curves, view.personas, layout.stages, journey.emotions, readOnly];
    nodes.push(
      memo.nodes.get("emotions", inputs, () => {
        const origin = { x: emotionLane.header.width, y: emotionLane.rect.y };
        return {
          id: "emotions",
          type: "emotion",
          position: origin,
          width: emotionLane.rect.width - origin.x,
          height: emotionLane.rect.height,
          style: { width: emotionLane.rect.width - origin.x, height: emotionLane.rect.height },
          data: {
            band,
            curves: layout.emotion_curves,
            personas: view.personas,
            stageCenters: layout.stages.map((s) => ({ stage: s.id, x: s.rect.x + s.rect.width / 2 })),
            origin,
            values: journey.emotions,
            readOnly,
          } satisfies EmotionNodeData,
          draggable: false,
          selectable: false,
          zIndex: 0,
        };
      }),
    );
  }

  const flows = byId(journey.flows);
  const lines: FlowLine[] = [];
  for (const route of layout.flows) {
    const flow = flows.get(route.id);
    if (!flow) continue;
    // Only a presentation dims flows: no card to look up otherwise.
    const from = presentedStage === null ? undefined : cards.get(flow.from);
    const dim = from ? dimStage(from.stage) : false;
    const selected = ui.flow === flow.id;
    const editing = ui.editingFlow === flow.id;
    const highlighted = !!ui.highlight?.has(flow.id);
    if (area && !selected && !editing && outside(boundsOf(route))) continue;
    const kept = memo.flows.get(route);
    if (
      kept &&
      kept.flow === flow &&
      kept.line.dim === dim &&
      kept.line.selected === selected &&
      kept.line.editing === editing &&
      kept.line.highlighted === highlighted
    ) {
      lines.push(kept.line);
      continue;
    }
    const line = {
      id: flow.id,
      points: route.points,
      kind: flow.kind,
      label: flow.label,
      labelBox: route.label ?? null,
      dim,
      selected,
      highlighted,
      editing,
    };
    memo.flows.set(route, { flow, line });
    lines.push(line);
  }
  nodes.push(layerNode(memo, "flows", runsByTile(memo.runs, lines, startOf, drawnOnTop), layout, 0, !ui.boxes));
  return nodes;
}

const indexes = new WeakMap<readonly { id: string }[], ReadonlyMap<string, unknown>>();

/** A list's items by id, kept while the list is the same array (an edit that leaves a list alone keeps it). */
function byId<T extends { id: string }>(list: readonly T[]): ReadonlyMap<string, T> {
  let index = indexes.get(list);
  if (!index) {
    index = new Map(list.map((item) => [item.id, item]));
    indexes.set(list, index);
  }
  return index as ReadonlyMap<string, T>;
}

const bounds = new WeakMap<FlowRoute, Rect>();

/** The box around a route and its label, kept while the route is the same object (an edit keeps most). */
function boundsOf(route: FlowRoute): Rect {
  const known = bounds.get(route);
  if (known) return known;
  const points = route.points;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i] as number;
    const y = points[i + 1] as number;
    if (x < left) left = x;
    if (x > right) right = x;
    if (y < top) top = y;
    if (y > bottom) bottom = y;
  }
  const label = route.label;
  if (label) {
    left = Math.min(left, label.x);
    top = Math.min(top, label.y);
    right = Math.max(right, label.x + label.width);
    bottom = Math.max(bottom, label.y + label.height);
  }
  const box = { x: left, y: top, width: right - left, height: bottom - top };
  bounds.set(route, box);
  return box;
}

/**
 * A node spanning the whole map that draws many things at once (flows, zoomed-out boxes) in runs; it lets clicks
 * through to what lies under it except where its own items take them. Kept while its runs are the same arrays.
 */
function layerNode<T>(
  memo: GraphMemo,
  type: "flows" | "boxes",
  runs: Run<T>[],
  layout: Layout,
  zIndex: number,
  detailed: boolean,
): Node {
  const { width, height } = layout;
  return memo.nodes.get(type, [...runs, width, height, detailed], () => ({
    id: type,
    type,
    position: { x: 0, y: 0 },
    width,
    height,
    style: { width, height, pointerEvents: "none" },
    data: { runs, width, height, detailed } satisfies LayerNodeData<T>,
    draggable: false,
    selectable: false,
    focusable: false,
    zIndex,
  }));
}
