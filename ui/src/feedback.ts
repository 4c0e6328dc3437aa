// Feedback on the map, as pure functions: how a score reads, what colour it gives a card, the score bands the
// comments can be filtered by, and the sparkline of a trend.
import tokens from "../../crates/waymark-render/tokens.json";
import type { CardScore, MetricDefinition, MetricKind, ScopeScore, TrendPoint } from "./bindings";

/** Where a value sits between the metric's worst (0) and best (1). */
export function position(value: number, metric: MetricDefinition): number {
  const [low, high] =
    metric.aggregation.kind === "net_score"
      ? [-100, 100]
      : metric.aggregation.kind === "share_at_least"
        ? [0, 100]
        : [metric.scale_min, metric.scale_max];
  return Math.min(1, Math.max(0, (value - low) / (high - low || 1)));
}

function mix(a: string, b: string, t: number): string {
  const channel = (hex: string, i: number) => Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const parts = [0, 1, 2].map((i) => Math.round(channel(a, i) + (channel(b, i) - channel(a, i)) * t));
  return `#${parts.map((p) => p.toString(16).padStart(2, "0")).join("")}`;
}

/** The heatmap colour of a value: red, through amber, to green (the token file's `heat`). */
export function heatColour(value: number, metric: MetricDefinition): string {
  const [worst, middle, best] = tokens.heat as [string, string, string];
  const t = position(value, metric);
  return t < 0.5 ? mix(worst, middle, t * 2) : mix(middle, best, (t - 0.5) * 2);
}

const unit: Record<MetricKind, string> = { nps: "", csat: "", ces: "", rating: "★", number: "", share: "" };

/** A score as a badge shows it: NPS as a signed whole number, shares as %, means with one decimal. */
export function formatValue(value: number, metric: MetricDefinition): string {
  switch (metric.aggregation.kind) {
    case "net_score":
      return `${value > 0 ? "+" : ""}${Math.round(value)}`;
    case "share_at_least":
      return `${Math.round(value)}%`;
    default:
      return `${value.toFixed(1)}${unit[metric.kind]}`;
  }
}

export function metricLabel(kind: MetricKind): string {
  return kind === "rating" ? "Rating" : kind === "number" ? "Score" : kind === "share" ? "Share" : kind.toUpperCase();
}

/** The badge's hover text: value, the 95% interval, n, and a warning under the minimum n. */
export function scoreTitle(score: CardScore | ScopeScore, metric: MetricDefinition, minN: number): string {
  const interval = `95% interval ${formatValue(score.low, metric)} to ${formatValue(score.high, metric)}`;
  const warning = score.low_confidence ? ` — low confidence: fewer than ${minN} responses` : "";
  return `${metricLabel(metric.kind)} ${formatValue(score.value, metric)}, ${interval}, n = ${score.n}${warning}`;
}

/** Score bands to filter comments by, as [label, low, high] on the answer scale. */
export function bands(metric: MetricDefinition): [string, number, number][] {
  if (metric.aggregation.kind === "net_score") {
    return [
      ["Detractors (0–6)", 0, 6],
      ["Passives (7–8)", 7, 8],
      ["Promoters (9–10)", 9, 10],
    ];
  }
  if (metric.kind === "share") {
    return [
      ["Counted answers", 1, 1],
      ["Other answers", 0, 0],
    ];
  }
  const { scale_min: low, scale_max: high } = metric;
  const third = (high - low) / 3;
  const at = (x: number) => Math.round(x * 10) / 10;
  return [
    [`Low (${at(low)}–${at(low + third)})`, low, low + third],
    [`Middle`, low + third, high - third],
    [`High (${at(high - third)}–${at(high)})`, high - third, high],
  ];
}

/** Where each trend value sits in a `width` × `height` sparkline, oldest left. */
export function sparkPoints(
  points: TrendPoint[],
  metric: MetricDefinition,
  width: number,
  height: number,
): { x: number; y: number; point: TrendPoint }[] {
  const step = points.length > 1 ? width / (points.length - 1) : 0;
  return points.map((p, i) => ({
    point: p,
    x: points.length > 1 ? i * step : width / 2,
    y: height - position(p.value, metric) * height,
  }));
}

/** An SVG path through the trend's values, `width` × `height`, oldest left. */
export function sparkline(points: TrendPoint[], metric: MetricDefinition, width: number, height: number): string {
  return sparkPoints(points, metric, width, height)
    .map(({ x, y }, i) => `${i === 0 ? "M" : "L"}${x.toFixed(1)} ${y.toFixed(1)}`)
    .join(" ");
}
