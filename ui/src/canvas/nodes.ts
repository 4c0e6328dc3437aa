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
  /** The route's corners as one flat list, x, y, x, y, … (see route.ts), from where its first card's cell begins. */
  points: number[];
  kind: string;
  label: string | null;
  /** Where the layout put the label's box (clear of cards and other labels), from where the cell begins. */
  labelBox: Rect | null;
  dim: boolean;
  selected: boolean;
  /** On the path the Check panel highlights. */
  highlighted: boolean;
  /** Its label is being edited in place. */
  editing: boolean;
};
/**
 * A whole-map layer node's data: its items in runs by cell (see CellRuns), each run drawn where its cell begins
 * (`at`: x, y, x, y, … in the runs' order; the items' places are from there).
 */
export type LayerNodeData<T> = { runs: Run<T>[]; at: number[]; width: number; height: number; detailed: boolean };
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
  /** From where the card's cell begins. */
  rect: Rect;
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

/** A run of items drawn together: a layer's items of one cell (see CellRuns), or the overview's cards that start
 * in one tile of the map (see runsByTile), in the list's order. */
export type Run<T> = { key: string; items: T[] };

/** The side of the map's tiles, in map pixels: a power of two, as the steps of the area around the screen are. */
const TILE = 4096;

/** What the keys of the runs drawn over all others begin with (see CellRuns). */
const ON_TOP = "on top";

/**
 * Splits a list into runs by the tile of the map each item starts in, keeping a run while its items are the same
 * objects: a memoised component per run (keyed by `key`) then redraws only the runs an edit touched, instead of
 * reconciling every item (with runs of a fixed length, one item more or less moved every later run by one). A run
 * is as large as its tile's items: a map within one tile is one run.
 */
export function runsByTile<T>(memo: Memo<Run<T>>, items: T[], start: (item: T) => Point): Run<T>[] {
  const tiles = new Map<number, T[]>();
  for (const item of items) {
    const { x, y } = start(item);
    const tile = Math.floor(y / TILE) * 1_000_000 + Math.floor(x / TILE);
    const run = tiles.get(tile);
    if (run) run.push(item);
    else tiles.set(tile, [item]);
  }
  const runs: [string, T[]][] = [...tiles].sort(([a], [b]) => a - b).map(([tile, run]) => [String(tile), run]);
  const kept = runs.map(([key, run]) => memo.get(key, run, () => ({ key, items: run })));
  memo.finish();
  return kept;
}

/** The flows drawn over the others: the selected one (its end handles must take the pointer), the one being
 * labelled and the highlighted path. */
const drawnOnTop = (flow: FlowLine): boolean => flow.selected || flow.editing || flow.highlighted;

/**
 * Each flow's line (or card's box) by id, with what it was made from: the route (or card box) object, the flow (or
 * card) and where its cell began. An item is kept while these are the same objects and its marks the same; when
 * the route is new (re-routed, or shifted by a patch because a stage or lane before it grew), while the new item
 * would be equal — so a shifted flow keeps its line, and its run is not drawn again.
 */
export class Kept<Source, Of, Item> {
  private last = new Map<string, { source: Source; of: Of; x: number; y: number; item: Item }>();
  private next: typeof this.last = new Map();

  item(
    id: string,
    made: { source: Source; of: Of; origin: Point },
    marked: (item: Item) => boolean,
    fresh: () => Item,
    same: (a: Item, b: Item) => boolean,
  ): Item {
    const { source, of, origin } = made;
    const old = this.last.get(id);
    let item: Item;
    if (old && old.of === of && marked(old.item)) {
      const unmoved = old.source === source && old.x === origin.x && old.y === origin.y;
      const candidate = unmoved ? old.item : fresh();
      item = unmoved || same(old.item, candidate) ? old.item : candidate;
    } else item = fresh();
    this.next.set(id, { source, of, x: origin.x, y: origin.y, item });
    return item;
  }

  /** Ends a build: what was not asked for this time is forgotten. */
  finish() {
    this.last = this.next;
    this.next = new Map();
  }
}

/** What the canvas keeps between builds. */
export type GraphMemo = {
  nodes: Memo<Node>;
  /** Each card node's data, kept while the card and its marks stay the same (wherever the card is). */
  cardData: Memo<CardNodeData>;
  lines: Kept<FlowRoute, Flow, FlowLine>;
  runs: Memo<Run<FlowLine>>;
  boxes: Kept<CardBox, CardData, BoxItem>;
  boxRuns: Memo<Run<BoxItem>>;
};

export function graphMemo(): GraphMemo {
  return {
    nodes: new Memo(),
    cardData: new Memo(),
    lines: new Kept(),
    runs: new Memo(),
    boxes: new Kept(),
    boxRuns: new Memo(),
  };
}

/** A layer's items gathered by the cell they belong to (a card's own, a flow's first card's) as a build goes. */
class CellRuns<T> {
  private cells = new Map<string, { x: number; y: number; items: T[] }>();

  add(cell: string, origin: Point, item: T) {
    const found = this.cells.get(cell);
    if (found) found.items.push(item);
    else this.cells.set(cell, { ...origin, items: [item] });
  }

  /**
   * The runs, one per cell, in the order of their keys (those `onTop` says so of last: drawn over the rest), each
   * kept while its items are the same objects, and where each begins. A memoised component per run then redraws
   * only the runs an edit touched; a stage or lane that grew moves the runs of the cells after it, not their items.
   */
  finish(memo: Memo<Run<T>>, onTop: (key: string) => boolean = () => false): { runs: Run<T>[]; at: number[] } {
    const keys = [...this.cells.keys()].sort((a, b) => Number(onTop(a)) - Number(onTop(b)) || (a < b ? -1 : 1));
    const runs: Run<T>[] = [];
    const at: number[] = [];
    for (const key of keys) {
      const cell = this.cells.get(key);
      if (!cell) continue;
      runs.push(memo.get(key, cell.items, () => ({ key, items: cell.items })));
      at.push(cell.x, cell.y);
    }
    memo.finish();
    return { runs, at };
  }
}

/** The transform that moves run `i` of a layer to where its cell begins (see LayerNodeData). */
export const translateAt = (at: readonly number[], i: number) =>
  `translate(${at[2 * i] ?? 0}px, ${at[2 * i + 1] ?? 0}px)`;

/** A cell's key in a layer's runs. */
const cellKey = (stage: string, lane: string) => `${stage} ${lane}`;

/** Where each cell begins: its stage's left edge and its lane's top. */
function cellOrigins(layout: Layout): (stage: string, lane: string) => Point {
  const xs = new Map(layout.stages.map((s) => [s.id, s.rect.x]));
  const ys = new Map(layout.lanes.map((l) => [l.id, l.rect.y]));
  return (stage, lane) => ({ x: xs.get(stage) ?? 0, y: ys.get(lane) ?? 0 });
}

/** A place from a cell's origin, to a thousandth of a pixel: a shift is added in floating point, and a place
 * shifted with its cell must come out the same. */
const from = (value: number, origin: number) => Math.round((value - origin) * 1000) / 1000;

/** A flat list of corners, x, y, …, from `origin`. */
const pointsFrom = (points: readonly number[], origin: Point) =>
  points.map((c, i) => from(c, i % 2 === 0 ? origin.x : origin.y));

const rectFrom = (r: Rect, origin: Point): Rect => ({
  x: from(r.x, origin.x),
  y: from(r.y, origin.y),
  width: r.width,
  height: r.height,
});

const sameNumbers = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

const sameRect = (a: Rect | null, b: Rect | null) =>
  a === b || (!!a && !!b && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height);

/** Builds every node of the journey on show: headers, cards, the emotion curves and the flows layer. */
export function buildGraph(view: ProjectView, ui: UiSelection, memo: GraphMemo = graphMemo()): Node[] {
  const nodes = buildNodes(view, ui, memo);
  memo.nodes.finish();
  memo.cardData.finish();
  memo.lines.finish();
  memo.boxes.finish();
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
  const originOf = cellOrigins(layout);
  const boxes = new CellRuns<BoxItem>();
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
      const className = `card kind-${card.kind}${dim ? " dim" : ""}${heat ? " heat" : ""}`;
      const origin = originOf(card.stage, card.lane);
      const item = memo.boxes.item(
        card.id,
        { source: box, of: card, origin },
        (kept) => kept.className === className && kept.heat === heat,
        () => ({
          id: card.id,
          rect: rectFrom(box.rect, origin),
          className,
          heat,
          title: card.description || card.title,
        }),
        (a, b) => sameRect(a.rect, b.rect),
      );
      boxes.add(cellKey(card.stage, card.lane), origin, item);
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
  if (ui.boxes) nodes.push(layerNode(memo, "boxes", boxes.finish(memo.boxRuns), layout, 1, false));
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
  const lines = new CellRuns<FlowLine>();
  for (const route of layout.flows) {
    const flow = flows.get(route.id);
    const first = flow && cards.get(flow.from);
    if (!flow || !first) continue;
    const dim = dimStage(first.stage);
    const selected = ui.flow === flow.id;
    const editing = ui.editingFlow === flow.id;
    const highlighted = !!ui.highlight?.has(flow.id);
    if (area && !selected && !editing && outside(boundsOf(route))) continue;
    const origin = originOf(first.stage, first.lane);
    const line = memo.lines.item(
      flow.id,
      { source: route, of: flow, origin },
      (kept) =>
        kept.dim === dim && kept.selected === selected && kept.editing === editing && kept.highlighted === highlighted,
      () => ({
        id: flow.id,
        points: pointsFrom(route.points, origin),
        kind: flow.kind,
        label: flow.label,
        labelBox: route.label ? rectFrom(route.label, origin) : null,
        dim,
        selected,
        highlighted,
        editing,
      }),
      (a, b) => sameNumbers(a.points, b.points) && sameRect(a.labelBox, b.labelBox),
    );
    // Flows drawn over the others go in runs of their own, last.
    const cell = cellKey(first.stage, first.lane);
    lines.add(drawnOnTop(line) ? `${ON_TOP} ${cell}` : cell, origin, line);
  }
  const flowRuns = lines.finish(memo.runs, (key) => key.startsWith(ON_TOP));
  nodes.push(layerNode(memo, "flows", flowRuns, layout, 0, !ui.boxes));
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
  { runs, at }: { runs: Run<T>[]; at: number[] },
  layout: Layout,
  zIndex: number,
  detailed: boolean,
): Node {
  const { width, height } = layout;
  return memo.nodes.get(type, [...runs, ...at, width, height, detailed], () => ({
    id: type,
    type,
    position: { x: 0, y: 0 },
    width,
    height,
    style: { width, height, pointerEvents: "none" },
    data: { runs, at, width, height, detailed } satisfies LayerNodeData<T>,
    draggable: false,
    selectable: false,
    focusable: false,
    zIndex,
  }));
}
