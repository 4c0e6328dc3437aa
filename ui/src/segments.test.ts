import { describe, expect, it } from "vitest";
import type { MetricDefinition, SegmentReport, SegmentScore } from "./bindings";
import { differenceText, formatDifference, segmentScores, segmentValues, significanceText } from "./segments";

const nps: MetricDefinition = {
  kind: "nps",
  scale_min: 0,
  scale_max: 10,
  aggregation: { kind: "net_score", promoter_min: 9, detractor_max: 6 },
  description: "NPS",
};
const csat: MetricDefinition = { ...nps, kind: "csat", aggregation: { kind: "share_at_least", min: 4 } };
const rating: MetricDefinition = { ...nps, kind: "rating", aggregation: { kind: "mean" } };

const group = (segment: string | null, n: number, value: number): SegmentScore => ({
  segment,
  n,
  value,
  low: value - 10,
  high: value + 10,
  low_confidence: n < 30,
  versus_rest: null,
});

const report: SegmentReport = {
  journey: "j",
  column: "Region",
  min_n: 30,
  splits: [
    {
      scope: { kind: "card", card: "c1", title: "Card payment" },
      metric: "nps",
      n: 60,
      segments: [group("North", 40, 50), group("South", 15, -20), group(null, 5, 0)],
    },
    {
      scope: { kind: "card", card: "c2", title: "App onboarding" },
      metric: "nps",
      n: 30,
      segments: [group("North", 30, 10)],
    },
    {
      scope: { kind: "card", card: "c1", title: "Card payment" },
      metric: "csat",
      n: 20,
      segments: [group("East", 20, 80)],
    },
    {
      scope: { kind: "stage", stage: "s1", name: "Check out" },
      metric: "nps",
      n: 90,
      segments: [group("South", 15, -20)],
    },
    { scope: { kind: "journey" }, metric: "nps", n: 90, segments: [group("South", 15, -20)] },
  ],
};

describe("scores by segment", () => {
  it("lists a column's values over every split, in text order, without the no-value group", () => {
    expect(segmentValues(report)).toEqual(["East", "North", "South"]);
  });

  it("gives one value's scores on one metric by card, stage and journey; cards without it have none", () => {
    const south = segmentScores(report, "South", "nps");
    expect(south?.label).toBe("Region = South");
    expect([...(south?.cards.keys() ?? [])]).toEqual(["c1"]);
    expect(south?.cards.get("c1")).toMatchObject({ card_id: "c1", card: "Card payment", n: 15, value: -20 });
    expect(south?.cards.get("c1")?.low_confidence).toBe(true);
    expect(south?.stages.get("s1")).toMatchObject({ stage: "s1", n: 15 });
    expect(south?.journey).toMatchObject({ stage: null, n: 15, value: -20 });
    // Another metric's splits are left out.
    expect(segmentScores(report, "East", "nps")?.cards.size).toBe(0);
    expect(segmentScores(report, "East", "csat")?.cards.get("c1")?.value).toBe(80);
    // All responses: no segment scores.
    expect(segmentScores(report, null, "nps")).toBeNull();
    expect(segmentScores(null, "South", "nps")).toBeNull();
  });

  it("writes differences in the score's units with a minus sign, and says what is significant and how", () => {
    expect(formatDifference(-12.4, nps)).toBe("−12");
    expect(formatDifference(0.2, nps)).toBe("0");
    expect(formatDifference(3.6, csat)).toBe("+4 pts");
    expect(formatDifference(-0.256, rating)).toBe("−0.26");
    const c = {
      difference: -30.2,
      low: -48.9,
      high: -11.5,
      significant: true,
      p_value: 0.002,
      method: "adjusted_wald_nps_difference" as const,
    };
    expect(differenceText(c, nps)).toBe("−30 (95% −49 to −12)");
    expect(significanceText(c, "the other values")).toBe(
      "below the other values, significant at 95% (adjusted-Wald difference of NPS)",
    );
    expect(significanceText({ ...c, difference: 4, method: "newcombe_hybrid_score" }, "the rest")).toBe(
      "above the rest, significant at 95% (Newcombe's interval)",
    );
    expect(significanceText({ ...c, method: "welch_t" }, "the rest")).toMatch(/\(Welch's t\)$/);
  });
});
