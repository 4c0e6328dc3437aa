// Scores by segment and touchpoint channels as the UI shows them: one segment's scores on the map (badges, heatmap,
// stage and journey scores), the values a column has, comparisons in words; and the legend's filter kept current
// (its column's report fetched when the column is chosen and after every change to the feedback; choosing a value
// needs no call, the report has them all).
import { useEffect } from "react";
import type {
  CardId,
  CardScore,
  ComparisonMethod,
  FeedbackView,
  MetricDefinition,
  MetricKind,
  ScopeScore,
  ScoreComparison,
  SegmentReport,
  StageId,
} from "./bindings";
import { errorMessage, ipc } from "./ipc";
import type { Store } from "./store";

/** One segment's scores on one metric, as the map shows them in place of all responses'. */
export type SegmentScores = {
  /** What is shown, as the legend says it: "Region = North". */
  label: string;
  cards: ReadonlyMap<CardId, CardScore>;
  stages: ReadonlyMap<StageId, ScopeScore>;
  journey: ScopeScore | null;
};

export function segmentLabel(column: string, value: string): string {
  return `${column} = ${value}`;
}

/** The values the report's column takes, in text order (responses without a value are not a value to show). */
export function segmentValues(report: SegmentReport): string[] {
  const values = new Set<string>();
  for (const split of report.splits) {
    for (const s of split.segments) if (s.segment !== null) values.add(s.segment);
  }
  return [...values].sort();
}

/**
 * The scores of the responses whose column has `value`, on `metric`: by card, by stage and the journey's. Null for
 * all responses (no value chosen, or no report yet). A card without responses in the segment has no score.
 */
export function segmentScores(
  report: SegmentReport | null,
  value: string | null,
  metric: MetricKind | null,
): SegmentScores | null {
  if (!report || value === null || metric === null) return null;
  const cards = new Map<CardId, CardScore>();
  const stages = new Map<StageId, ScopeScore>();
  let journey: ScopeScore | null = null;
  for (const split of report.splits) {
    if (split.metric !== metric) continue;
    const found = split.segments.find((s) => s.segment === value);
    if (!found || found.n === 0) continue;
    const { n, value: score, low, high, low_confidence } = found;
    const common = { metric, n, value: score, low, high, low_confidence };
    const scope = split.scope;
    if (scope.kind === "card") cards.set(scope.card, { card: scope.title, card_id: scope.card, ...common });
    else if (scope.kind === "stage") stages.set(scope.stage, { stage: scope.stage, ...common });
    else journey = { stage: null, ...common };
  }
  return { label: segmentLabel(report.column, value), cards, stages, journey };
}

/** How a difference was tested, in words. */
export function methodInWords(method: ComparisonMethod): string {
  switch (method) {
    case "adjusted_wald_nps_difference":
      return "adjusted-Wald difference of NPS";
    case "newcombe_hybrid_score":
      return "Newcombe's interval";
    case "welch_t":
      return "Welch's t";
  }
}

/** A difference in the score's units: NPS points as signed whole numbers, percentage points, means to 2 places. */
export function formatDifference(difference: number, metric: MetricDefinition): string {
  const signed = (places: number) => {
    const text = Math.abs(difference).toFixed(places);
    // A minus sign, not a hyphen: "−12 to +3" reads as two numbers.
    return Number(text) === 0 ? text : `${difference < 0 ? "−" : "+"}${text}`;
  };
  switch (metric.aggregation.kind) {
    case "net_score":
      return signed(0);
    case "share_at_least":
      return `${signed(0)} pts`;
    default:
      return signed(2);
  }
}

/** A comparison's difference with its 95% interval: "+30 (95% +12 to +48)". */
export function differenceText(c: ScoreComparison, metric: MetricDefinition): string {
  return `${formatDifference(c.difference, metric)} (95% ${formatDifference(c.low, metric)} to ${formatDifference(c.high, metric)})`;
}

/** What a flagged difference means, and how it was tested. */
export function significanceText(c: ScoreComparison, others: string): string {
  const side = c.difference < 0 ? "below" : "above";
  return `${side} ${others}, significant at 95% (${methodInWords(c.method)})`;
}

/** Each call gets a number; only the newest call's answer is kept. */
const requests = new WeakMap<Store, number>();

function nextRequest(store: Store): number {
  const n = (requests.get(store) ?? 0) + 1;
  requests.set(store, n);
  return n;
}

const latest = (store: Store, request: number) => requests.get(store) === request;

/**
 * Reads the journey's segment columns again and, if one is chosen and still there, its report (after any change
 * to the feedback: an import, a removal, the minimum n, another journey). The value stays chosen while the column
 * still has it.
 */
export async function refreshSegments(store: Store, hasFeedback: boolean): Promise<void> {
  const request = nextRequest(store);
  try {
    const columns = hasFeedback ? await ipc.segmentColumns() : [];
    if (!latest(store, request)) return;
    const { column } = store.get().segments;
    const kept = column !== null && columns.includes(column) ? column : null;
    const report = kept === null ? null : await ipc.scoresBySegment(kept);
    if (!latest(store, request)) return;
    store.set((s) => {
      const value = s.segments.value;
      const stays = report !== null && value !== null && segmentValues(report).includes(value);
      return { segments: { columns, column: kept, report, value: stays ? value : null } };
    });
  } catch (error) {
    if (latest(store, request)) store.set({ error: errorMessage(error) });
  }
}

/** Chooses the legend's segment column (null: none) and fetches its report; the value goes back to all responses. */
export async function chooseSegmentColumn(store: Store, column: string | null): Promise<void> {
  const request = nextRequest(store);
  store.set((s) => ({ segments: { ...s.segments, column, report: null, value: null } }));
  if (column === null) return;
  try {
    const report = await ipc.scoresBySegment(column);
    if (latest(store, request)) store.set((s) => ({ segments: { ...s.segments, report } }));
  } catch (error) {
    if (latest(store, request)) store.set({ error: errorMessage(error) });
  }
}

/** Shows one value's scores on the map (null: all responses). Everything is in the report: no call. */
export function chooseSegmentValue(store: Store, value: string | null) {
  store.set((s) => ({ segments: { ...s.segments, value } }));
}

/** Keeps the segment filter current with the window's feedback (a new object after any change to it). */
export function useSegmentSync(store: Store, feedback: FeedbackView | null) {
  useEffect(() => {
    void refreshSegments(store, (feedback?.datasets.length ?? 0) > 0);
  }, [store, feedback]);
}
