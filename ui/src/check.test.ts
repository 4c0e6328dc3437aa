import { describe, expect, it } from "vitest";
import type { Findings } from "./bindings";
import { describePath, flowsAlong, problemsOf } from "./check";
import { sampleView } from "./fixtures.test-data";

const findings = (part: Partial<Findings>): Findings => ({
  entries: [],
  exits: [],
  dead_ends: [],
  unreachable: [],
  loops: [],
  unmarked_loops: [],
  paths: { count: 0, truncated: false, shortest: null, longest: null },
  happy_path: null,
  ...part,
});

describe("check", () => {
  it("marks every problem card with everything wrong with it", () => {
    const problems = problemsOf(
      findings({ dead_ends: ["a"], unreachable: ["a", "b"], unmarked_loops: [["c", "d"]], entries: ["e"] }),
    );
    expect(Object.fromEntries(problems)).toEqual({
      a: "dead end, unreachable",
      b: "unreachable",
      c: "loop with no loop flow",
      d: "loop with no loop flow",
    });
  });

  it("finds the flows along a path and names its cards", () => {
    const view = sampleView();
    const journey = view.journey;
    if (!journey) throw new Error("fixture has a journey");
    const withFlows = {
      ...journey,
      flows: [
        { id: "f1", from: "c1", to: "c2", kind: "happy_path" as const, label: null },
        { id: "f2", from: "c2", to: "c3", kind: "failure" as const, label: null },
        { id: "f3", from: "c1", to: "c3", kind: "alternative" as const, label: null },
      ],
    };
    expect([...flowsAlong(withFlows, ["c1", "c2", "c3"])]).toEqual(["f1", "f2"]);
    expect([...flowsAlong(withFlows, ["c1", "c3"])]).toEqual(["f3"]);
    const titles = journey.cards.map((c) => c.title);
    expect(describePath(withFlows, ["c1", "c2"])).toBe(`${titles[0]} → ${titles[1]}`);
  });
});
