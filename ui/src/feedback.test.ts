import { describe, expect, it } from "vitest";
import type { MetricDefinition, TrendPoint } from "./bindings";
import { bands, formatValue, heatColour, position, scoreTitle, sparkline } from "./feedback";

const nps: MetricDefinition = {
  kind: "nps",
  scale_min: 0,
  scale_max: 10,
  aggregation: { kind: "net_score", promoter_min: 9, detractor_max: 6 },
  description: "NPS",
};
const csat: MetricDefinition = {
  kind: "csat",
  scale_min: 1,
  scale_max: 5,
  aggregation: { kind: "share_at_least", min: 4 },
  description: "CSAT",
};
const rating: MetricDefinition = {
  kind: "rating",
  scale_min: 1,
  scale_max: 5,
  aggregation: { kind: "mean" },
  description: "Rating",
};

describe("feedback on the map", () => {
  it("places values on each metric's own range", () => {
    expect(position(-100, nps)).toBe(0);
    expect(position(0, nps)).toBe(0.5);
    expect(position(75, csat)).toBe(0.75);
    expect(position(3, rating)).toBe(0.5);
    expect(position(9, rating)).toBe(1);
  });

  it("colours worst red, middle amber and best green", () => {
    expect(heatColour(-100, nps)).toBe("#e03131");
    expect(heatColour(0, nps)).toBe("#f59f00");
    expect(heatColour(100, nps)).toBe("#2f9e44");
    expect(heatColour(50, nps)).not.toBe(heatColour(-50, nps));
  });

  it("formats NPS signed, shares as percentages and means with a decimal", () => {
    expect(formatValue(53.4, nps)).toBe("+53");
    expect(formatValue(-12.6, nps)).toBe("-13");
    expect(formatValue(71.6, csat)).toBe("72%");
    expect(formatValue(3.456, rating)).toBe("3.5★");
  });

  it("says the interval, n and low confidence on hover", () => {
    const score = {
      card: "x",
      card_id: "c",
      metric: "nps" as const,
      n: 12,
      value: 25,
      low: -10,
      high: 60,
      low_confidence: true,
    };
    expect(scoreTitle(score, nps, 30)).toBe(
      "NPS +25, 95% interval -10 to +60, n = 12 — low confidence: fewer than 30 responses",
    );
  });

  it("offers NPS bands and thirds of other scales", () => {
    expect(bands(nps).map((b) => b[0])).toEqual(["Detractors (0–6)", "Passives (7–8)", "Promoters (9–10)"]);
    const high = bands(rating)[2];
    expect(high?.[1]).toBeCloseTo(11 / 3);
    expect(high?.[2]).toBe(5);
  });

  it("draws a sparkline from oldest to newest", () => {
    const points: TrendPoint[] = [
      { period: "2026-01", metric: "nps", n: 40, value: -100, low_confidence: false },
      { period: "2026-02", metric: "nps", n: 12, value: 100, low_confidence: true },
    ];
    expect(sparkline(points, nps, 100, 20)).toBe("M0.0 20.0 L100.0 0.0");
    expect(sparkline([], nps, 100, 20)).toBe("");
  });
});
