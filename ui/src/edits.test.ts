import { describe, expect, it } from "vitest";
import {
  addCard,
  cellAt,
  deleteCards,
  dropIndex,
  emotionAt,
  emotionY,
  moveBy,
  openVoting,
  pasteCards,
  placeDot,
  ranking,
  reconnect,
  stepCell,
  stepFlow,
  updateFlow,
} from "./edits";
import { sampleView } from "./fixtures.test-data";

describe("edits", () => {
  const view = sampleView();
  const journey = view.journey;
  const layout = view.layout;
  if (!journey || !layout) throw new Error("fixture has a journey");

  it("adds a card of the lane's default kind at the end of the cell, with a UUID v7", () => {
    const { command, card } = addCard(view, { stage: "s2", lane: "l2" });
    expect(card).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(command).toMatchObject({ op: "add_card", card, stage: "s2", lane: "l2", index: null });
    expect(command.op === "add_card" && command.fields.kind).toBe("touchpoint");
  });

  it("pastes copies with fresh ids as one batch, and deletes one card without a batch", () => {
    const { command, cards } = pasteCards(view, { stage: "s1", lane: "l1" }, [
      { title: "A", description: "", kind: "note", channel: null, owner: null, tags: ["x"] },
      { title: "B", description: "", kind: "note", channel: null, owner: null, tags: [] },
    ]);
    expect(cards).toHaveLength(2);
    expect(new Set(cards).size).toBe(2);
    expect(command.op).toBe("batch");
    expect(command.op === "batch" && command.commands.map((c) => c.op === "add_card" && c.fields.title)).toEqual([
      "A",
      "B",
    ]);
    expect(deleteCards(view, ["c1"])).toEqual({ op: "delete_card", journey: "j1", card: "c1" });
    expect(deleteCards(view, ["c1", "c2"]).op).toBe("batch");
  });

  it("moves cards to the neighbouring cell, and not off the map", () => {
    expect(moveBy(view, ["c1"], 1, 0)).toEqual({
      op: "move_card",
      journey: "j1",
      card: "c1",
      stage: "s2",
      lane: "l1",
      index: null,
    });
    expect(moveBy(view, ["c1"], 0, 1)).toMatchObject({ stage: "s1", lane: "l2" });
    expect(moveBy(view, ["c1"], -1, 0)).toBeNull();
    expect(moveBy(view, ["c1", "c2"], 1, 0)?.op).toBe("batch");
  });

  it("runs a voting round: fresh totals, a dot per click up to the allowance, ranked results", () => {
    const voted = sampleView();
    if (!voted.journey) throw new Error("fixture");
    const first = voted.journey.cards[0];
    if (first) first.dots = 4;
    const open = openVoting(voted, 3);
    expect(open?.op === "batch" && open.commands).toEqual([
      { op: "set_dots", journey: "j1", card: "c1", dots: 0 },
      { op: "set_voting", journey: "j1", voting: { dots_per_person: 3, open: true } },
    ]);
    expect(placeDot(voted, "c2", 0)).toBeNull(); // no round open yet
    voted.journey.voting = { dots_per_person: 3, open: true };
    expect(placeDot(voted, "c1", 0)).toEqual({ op: "set_dots", journey: "j1", card: "c1", dots: 5 });
    expect(placeDot(voted, "c1", 3)).toBeNull(); // all three dots used
    const third = voted.journey.cards[2];
    if (third) third.dots = 6;
    expect(ranking(voted.journey).map((c) => c.id)).toEqual(["c3", "c1"]);
  });

  it("finds the cell under a point, and none over the headers", () => {
    expect(cellAt(layout, { x: 450, y: 350 })).toEqual({ stage: "s2", lane: "l2" });
    expect(cellAt(layout, { x: 200, y: 100 })).toEqual({ stage: "s1", lane: "l1" });
    expect(cellAt(layout, { x: 50, y: 100 })).toBeNull();
    expect(cellAt(layout, { x: 200, y: 20 })).toBeNull();
  });

  it("drops a card before the first card below the point", () => {
    const cell = { stage: "s1", lane: "l1" };
    expect(dropIndex(layout, journey, cell, "c3", { x: 280, y: 70 })).toBe(0);
    expect(dropIndex(layout, journey, cell, "c3", { x: 280, y: 170 })).toBe(1);
    expect(dropIndex(layout, journey, cell, "c3", { x: 280, y: 300 })).toBe(2);
    // The moving card itself does not count.
    expect(dropIndex(layout, journey, cell, "c1", { x: 280, y: 300 })).toBe(1);
  });

  it("steps through cells along each lane, then to the next lane, wrapping", () => {
    expect(stepCell(journey, null, 1)).toEqual({ stage: "s1", lane: "l1" });
    expect(stepCell(journey, { stage: "s1", lane: "l1" }, 1)).toEqual({ stage: "s2", lane: "l1" });
    expect(stepCell(journey, { stage: "s2", lane: "l1" }, 1)).toEqual({ stage: "s1", lane: "l2" });
    expect(stepCell(journey, { stage: "s2", lane: "l2" }, 1)).toEqual({ stage: "s1", lane: "l1" });
    expect(stepCell(journey, { stage: "s1", lane: "l1" }, -1)).toEqual({ stage: "s2", lane: "l2" });
  });

  it("maps emotion values to heights and back in whole steps", () => {
    const band = { top: 100, bottom: 200 };
    expect(emotionY(band, 2)).toBe(100);
    expect(emotionY(band, -2)).toBe(200);
    expect(emotionAt(band, 150)).toBe(0);
    expect(emotionAt(band, 122)).toBe(1);
    expect(emotionAt(band, 10)).toBe(2);
    expect(emotionAt(band, 999)).toBe(-2);
  });

  it("reconnects one end of a flow as one batch that keeps its id, kind and label", () => {
    const flow = { id: "f9", from: "c1", to: "c2", kind: "failure" as const, label: "declined" };
    const moved = reconnect(view, flow, "to", "c3");
    expect(moved).toEqual({
      op: "batch",
      label: "reconnect flow",
      commands: [
        { op: "disconnect", journey: journey.id, flow: "f9" },
        { op: "connect", journey: journey.id, flow: "f9", from: "c1", to: "c3", kind: "failure", label: "declined" },
      ],
    });
    expect(reconnect(view, flow, "from", "c3")?.op).toBe("batch");
    // Dropped where it was, or onto its other end: nothing to do.
    expect(reconnect(view, flow, "to", "c2")).toBeNull();
    expect(reconnect(view, flow, "from", "c2")).toBeNull();
  });

  it("updates a flow's kind and label, a blank label clearing it", () => {
    const flow = { id: "f9", from: "c1", to: "c2", kind: "happy_path" as const, label: "x" };
    expect(updateFlow(view, flow, "loop", "  again ")).toEqual({
      op: "update_flow",
      journey: journey.id,
      flow: "f9",
      kind: "loop",
      label: "again",
    });
    expect(updateFlow(view, flow, "loop", "   ")).toMatchObject({ label: null });
  });

  it("cycles through a card's flows, outgoing then incoming, wrapping round", () => {
    const flows = [
      { id: "a", from: "c1", to: "c2", kind: "happy_path" as const, label: null },
      { id: "b", from: "c3", to: "c1", kind: "happy_path" as const, label: null },
      { id: "c", from: "c2", to: "c3", kind: "happy_path" as const, label: null },
      { id: "d", from: "c1", to: "c3", kind: "failure" as const, label: null },
    ];
    const withFlows = { ...journey, flows };
    const order: (string | null)[] = [];
    let at: string | null = null;
    for (let i = 0; i < 4; i++) {
      at = stepFlow(withFlows, "c1", at, 1);
      order.push(at);
    }
    expect(order).toEqual(["a", "d", "b", "a"]);
    expect(stepFlow(withFlows, "c1", "a", -1)).toBe("b");
    expect(stepFlow(withFlows, "c9", null, 1)).toBeNull();
  });
});
