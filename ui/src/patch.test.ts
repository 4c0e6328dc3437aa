import { describe, expect, it } from "vitest";
import type { ProjectView } from "./bindings";
import { areaAround, parseArea } from "./canvas/area";
import { bundlesOf, headOf } from "./canvas/bundles";
import { buildGraph, type FlowLine, graphMemo, Memo, type Run, runsByTile } from "./canvas/nodes";
import { sampleView } from "./fixtures.test-data";
import { applyPatch, mergeList, nextView } from "./patch";

const journeyOf = (view: ProjectView) => {
  if (!view.journey || !view.layout) throw new Error("the sample has a journey");
  return { journey: view.journey, layout: view.layout };
};

describe("view patches", () => {
  it("replace changed items in place and keep every other object", () => {
    const view = sampleView();
    const { journey, layout } = journeyOf(view);
    const moved = { ...journey.cards[1], stage: "s2", position: 1 } as (typeof journey.cards)[number];
    const box = { id: "c2", rect: { x: 420, y: 420, width: 200, height: 88 } };
    const next = applyPatch(view, {
      can_undo: true,
      can_redo: true,
      journey: { cards: { changed: [moved], removed: [], placed: [] } },
      layout: { width: 600, height: 520, cards: { changed: [box], removed: [], placed: [] } },
    });
    const after = journeyOf(next);
    expect(after.journey.cards.map((c) => c.id)).toEqual(["c1", "c2", "c3"]);
    expect(after.journey.cards[1]).toBe(moved);
    expect(after.journey.cards[0]).toBe(journey.cards[0]);
    expect(after.layout.cards[1]).toBe(box);
    expect(after.layout.cards[2]).toBe(layout.cards[2]);
    expect(after.layout.height).toBe(520);
    expect(after.journey.stages).toBe(journey.stages);
    expect(after.layout.stages).toBe(layout.stages);
    expect(next.feedback).toBe(view.feedback);
    expect(next.can_redo).toBe(true);
    expect(view.layout?.height).toBe(400);
  });

  it("follow the new order when items come, go or move", () => {
    const { journey } = journeyOf(sampleView());
    const [c1, c2, c3] = journey.cards;
    const added = { ...journey.cards[0], id: "c4", title: "Fourth" };
    // c1 and c3 keep their order; c2 leaves; c4 comes in between them; then c3 moves to the front.
    const merged = mergeList(journey.cards, { changed: [added], removed: ["c2"], placed: [["c4", 1]] });
    expect(merged.map((c) => c.id)).toEqual(["c1", "c4", "c3"]);
    expect(merged[0]).toBe(c1);
    expect(merged[1]).toBe(added);
    expect(merged[2]).toBe(c3);
    const moved = mergeList(merged, { changed: [], removed: [], placed: [["c3", 0]] });
    expect(moved.map((c) => c.id)).toEqual(["c3", "c1", "c4"]);
    expect(moved[0]).toBe(c3);
    expect(c2?.id).toBe("c2");
    expect(() => mergeList(journey.cards, { changed: [], removed: [], placed: [["c9", 0]] })).toThrow(/c9/);
  });

  it("move the boxes and routes that only moved, by their indexes in the new list", () => {
    const view = sampleView();
    const { layout } = journeyOf(view);
    const [b1, b2, b3] = layout.cards;
    if (!b1 || !b2 || !b3) throw new Error("the sample has three cards");
    const labelled = {
      id: "f1",
      points: [200, 40, 220, 40, 220, 140],
      label: { x: 10, y: 20, width: 60, height: 18 },
    };
    const plain = {
      id: "f2",
      points: [0, 0, 5, 0],
    };
    const base = { ...view, layout: { ...layout, flows: [labelled, plain] } };
    const next = applyPatch(base, {
      can_undo: true,
      can_redo: false,
      layout: {
        width: 600,
        height: 520,
        // c1 leaves; then, in the new list [c2, c3], c3 (index 1) moves down by 40.
        cards: { changed: [], removed: ["c1"], placed: [], shifted: [{ by: [0, 40], items: [1] }] },
        flows: { changed: [], removed: [], placed: [], shifted: [{ by: [-5, 12.5], items: [0] }] },
      },
    });
    const after = journeyOf(next).layout;
    expect(after.cards.map((c) => c.id)).toEqual(["c2", "c3"]);
    expect(after.cards[0]).toBe(b2);
    expect(after.cards[1]?.rect).toEqual({ ...b3.rect, y: b3.rect.y + 40 });
    expect(after.flows[0]?.points).toEqual([195, 52.5, 215, 52.5, 215, 152.5]);
    expect(after.flows[0]?.label).toEqual({ x: 5, y: 32.5, width: 60, height: 18 });
    expect(after.flows[1]).toBe(plain);
    // The view it was made from is left as it was.
    expect(base.layout.cards[2]).toBe(b3);
    expect(() =>
      mergeList(layout.cards, { changed: [], removed: [], placed: [], shifted: [{ by: [1, 1], items: [9] }] }),
    ).toThrow(/item 9/);
    expect(b1.id).toBe("c1");
  });

  it("tell a removed voting round or emotions lane (null) from an unchanged one (left out)", () => {
    const view = sampleView();
    const { journey } = journeyOf(view);
    const voting = { dots_per_person: 3, open: true };
    const opened = applyPatch({ ...view, journey: { ...journey, voting } }, { can_undo: true, can_redo: false });
    expect(opened.journey?.voting).toBe(voting);
    const closed = applyPatch(opened, { can_undo: true, can_redo: false, journey: { voting: null } });
    expect(closed.journey?.voting).toBeNull();
  });

  it("apply only to the revision they were made on", () => {
    const view = sampleView();
    const patch = { can_undo: false, can_redo: false };
    expect(nextView(view, 3, { kind: "patch", patch, base: 3, revision: 4 })?.can_undo).toBe(false);
    expect(nextView(view, 2, { kind: "patch", patch, base: 3, revision: 4 })).toBeNull();
    expect(nextView(null, 3, { kind: "patch", patch, base: 3, revision: 4 })).toBeNull();
    const whole = sampleView();
    expect(nextView(view, 2, { kind: "full", view: whole, revision: 9 })).toBe(whole);
  });
});

describe("the canvas after a patch", () => {
  // Nothing selected, marked or presented.
  const ui = { selection: [], editing: null, cursor: null, presenting: null, heatmap: false, metric: null };

  it("keeps the node of every card the patch left alone", () => {
    const memo = graphMemo();
    const view = sampleView();
    const before = buildGraph(view, ui, memo);
    const { journey } = journeyOf(view);
    const renamed = { ...journey.cards[0], title: "Renamed" } as (typeof journey.cards)[number];
    const patched = applyPatch(view, {
      can_undo: true,
      can_redo: false,
      journey: { cards: { changed: [renamed], removed: [], placed: [] } },
    });
    const after = buildGraph(patched, ui, memo);
    const node = (nodes: typeof before, id: string) => nodes.find((n) => n.id === id);
    expect(node(after, "c1")).not.toBe(node(before, "c1"));
    expect(node(after, "c1")?.data).toMatchObject({ card: { title: "Renamed" } });
    expect(node(after, "c2")).toBe(node(before, "c2"));
    expect(node(after, "stage:s1")).toBe(node(before, "stage:s1"));
    expect(node(after, "flows")).toBe(node(before, "flows"));
    const selected = buildGraph(patched, { ...ui, selection: ["c2"] }, memo);
    expect(node(selected, "c2")).not.toBe(node(after, "c2"));
    expect(node(selected, "c2")?.selected).toBe(true);
  });

  it("gives a card that only moved a node at its new place with the data it had, so it is not drawn again", () => {
    const memo = graphMemo();
    const view = sampleView();
    const before = buildGraph(view, ui, memo);
    const { journey } = journeyOf(view);
    // c1 moved up its cell (only its place changed), c2 shifted down with the rest of its lane, c3 renamed.
    const reordered = { ...journey.cards[0], position: 5 } as (typeof journey.cards)[number];
    const renamed = { ...journey.cards[2], title: "Renamed" } as (typeof journey.cards)[number];
    const patched = applyPatch(view, {
      can_undo: true,
      can_redo: false,
      journey: { cards: { changed: [reordered, renamed], removed: [], placed: [] } },
      layout: {
        width: 600,
        height: 560,
        cards: { changed: [], removed: [], placed: [], shifted: [{ by: [0, 40], items: [0, 1] }] },
      },
    });
    const after = buildGraph(patched, ui, memo);
    const node = (nodes: typeof before, id: string) => nodes.find((n) => n.id === id);
    for (const id of ["c1", "c2"]) {
      const [was, is] = [node(before, id), node(after, id)];
      expect(is?.position.y).toBe((was?.position.y ?? Number.NaN) + 40);
      expect(is?.data).toBe(was?.data);
    }
    expect(node(after, "c3")?.data).not.toBe(node(before, "c3")?.data);
    expect(node(after, "c3")?.data).toMatchObject({ card: { title: "Renamed" } });
  });

  it("leaves out cards far from the screen, but never a selected or dragged one", () => {
    const area = { left: 0, top: 0, right: 400, bottom: 300 };
    const cardsIn = (nodes: ReturnType<typeof buildGraph>) => nodes.filter((n) => n.type === "card").map((n) => n.id);
    expect(cardsIn(buildGraph(sampleView(), { ...ui, area }))).toEqual(["c1", "c2"]);
    expect(cardsIn(buildGraph(sampleView(), { ...ui, area, selection: ["c3"] }))).toEqual(["c1", "c2", "c3"]);
    expect(cardsIn(buildGraph(sampleView(), { ...ui, area, keep: new Set(["c3"]) }))).toEqual(["c1", "c2", "c3"]);
    expect(cardsIn(buildGraph(sampleView(), { ...ui, area: null }))).toEqual(["c1", "c2", "c3"]);
    // Before the pane has a size, no card but the selected one.
    const unsized = parseArea(areaAround({ transform: [0, 0, 1], width: 0, height: 0 }, { width: 800, height: 600 }));
    expect(cardsIn(buildGraph(sampleView(), { ...ui, area: unsized }))).toEqual([]);
    expect(cardsIn(buildGraph(sampleView(), { ...ui, area: unsized, selection: ["c3"] }))).toEqual(["c3"]);
    // Both stages, both lanes and the flows layer are always there.
    expect(buildGraph(sampleView(), { ...ui, area }).filter((n) => n.type !== "card")).toHaveLength(5);
  });

  it("zoomed in, draws only the flows around the screen, each with a line to click; zoomed out, every flow, lines only", () => {
    const view = sampleView();
    const { journey, layout } = journeyOf(view);
    const flow = (id: string, from: string, to: string) =>
      ({ id, from, to, kind: "happy_path", label: null }) as (typeof journey.flows)[number];
    const near = {
      id: "f1",
      points: [380, 120, 390, 120, 390, 224, 180, 224],
    };
    // c2 to c3: its route and label lie right of the area.
    const far = {
      id: "f2",
      points: [380, 240, 410, 240, 410, 360, 420, 360],
      label: { x: 412, y: 330, width: 60, height: 18 },
    };
    const withFlows = {
      ...view,
      journey: { ...journey, flows: [flow("f1", "c1", "c2"), flow("f2", "c2", "c3")] },
      layout: { ...layout, flows: [near, far] },
    };
    const flowsOf = (nodes: ReturnType<typeof buildGraph>) => {
      const data = nodes.find((n) => n.type === "flows")?.data as { runs: Run<{ id: string }>[]; detailed: boolean };
      return { ids: data.runs.flatMap((r) => r.items).map((f) => f.id), detailed: data.detailed };
    };
    const area = { left: 0, top: 0, right: 370, bottom: 300 };
    expect(flowsOf(buildGraph(withFlows, { ...ui, area }))).toEqual({ ids: ["f1"], detailed: true });
    // A flow that only reaches into the area is drawn; so is a selected one far from it.
    expect(flowsOf(buildGraph(withFlows, { ...ui, area: { ...area, right: 405 } })).ids).toEqual(["f1", "f2"]);
    expect(flowsOf(buildGraph(withFlows, { ...ui, area, flow: "f2" })).ids).toEqual(["f1", "f2"]);
    // The selected flow is drawn last, over the others (its end handles take the pointer), whatever its tile.
    const lastRun = (nodes: ReturnType<typeof buildGraph>) => {
      const data = nodes.find((n) => n.type === "flows")?.data as { runs: Run<{ id: string }>[] } | undefined;
      return data?.runs.at(-1)?.items.map((f) => f.id);
    };
    expect(lastRun(buildGraph(withFlows, { ...ui, area: null, flow: "f1" }))).toEqual(["f1"]);
    expect(lastRun(buildGraph(withFlows, { ...ui, area: null, flow: "f2" }))).toEqual(["f2"]);
    expect(flowsOf(buildGraph(withFlows, { ...ui, area: null, boxes: true }))).toEqual({
      ids: ["f1", "f2"],
      detailed: false,
    });
  });

  it("splits lists into runs by the map's tiles, each kept while its items are unchanged", () => {
    type Item = { id: number; x: number; y: number };
    const memo = new Memo<Run<Item>>();
    // 150 items on a row 30,000 px long, 200 px apart, and one far below the first.
    const items: Item[] = Array.from({ length: 150 }, (_, id) => ({ id, x: id * 200, y: 100 }));
    items.push({ id: 150, x: 100, y: 9_000 });
    const tileOf = (item: Item) => `${Math.floor(item.x / 4096)},${Math.floor(item.y / 4096)}`;
    const first = runsByTile(memo, items, (item) => item);
    // Every run holds the items of one tile, and every item is in one run.
    expect(first.flatMap((r) => r.items).sort((a, b) => a.id - b.id)).toEqual(items);
    for (const run of first) expect(new Set(run.items.map(tileOf)).size).toBe(1);
    expect(new Set(first.map((r) => r.items[0] && tileOf(r.items[0]))).size).toBe(first.length);
    // An item changed: only its tile's run is new.
    const changed = items.map((item) => (item.id === 70 ? { ...item } : item));
    const second = runsByTile(memo, changed, (item) => item);
    const changedRun = second.find((r) => r.items.some((item) => item.id === 70));
    for (const run of second) {
      const before = first.find((r) => r.key === run.key);
      if (run === changedRun) expect(run).not.toBe(before);
      else expect(run).toBe(before);
    }
    // Culled to x < 10,000 (as panning does): the runs of the tiles wholly inside are kept, the one cut is new.
    const culled = runsByTile(
      memo,
      changed.filter((item) => item.x < 10_000),
      (item) => item,
    );
    const cut = tileOf({ id: 0, x: 9_999, y: 100 });
    for (const run of culled) {
      const wasWhole = run.items[0] && tileOf(run.items[0]) !== cut;
      expect(second.includes(run)).toBe(wasWhole);
    }
    expect(culled).toHaveLength(4);
  });

  it("keeps each flow's line and each card's box a patch left alone, and redraws those whose flow, card, route or marks changed", () => {
    const ui = {
      selection: [],
      editing: null,
      cursor: null,
      presenting: null,
      heatmap: false,
      metric: null,
      boxes: true,
    };
    const view = sampleView();
    const { journey, layout } = journeyOf(view);
    const flow = (id: string, from: string, to: string) =>
      ({ id, from, to, kind: "happy_path", label: null }) as (typeof journey.flows)[number];
    const withFlows = {
      ...view,
      journey: { ...journey, flows: [flow("f1", "c1", "c2"), flow("f2", "c2", "c3")] },
      layout: {
        ...layout,
        flows: [
          { id: "f1", points: [380, 120, 390, 120, 390, 224, 180, 224] },
          { id: "f2", points: [380, 240, 410, 240, 410, 360, 420, 360] },
        ],
      },
    };
    const drawn = (nodes: ReturnType<typeof buildGraph>, type: "flows" | "boxes") => {
      const data = nodes.find((n) => n.type === type)?.data as { runs: Run<{ id: string }>[] };
      return new Map(data.runs.flatMap((r) => r.items).map((item) => [item.id, item]));
    };
    const memo = graphMemo();
    const before = buildGraph(withFlows, ui, memo);
    const renamed = { ...journey.cards[0], title: "Renamed" } as (typeof journey.cards)[number];
    const patched = applyPatch(withFlows, {
      can_undo: true,
      can_redo: false,
      journey: { cards: { changed: [renamed], removed: [], placed: [] } },
      layout: {
        width: layout.width,
        height: layout.height,
        flows: { changed: [{ id: "f2", points: [380, 240, 414, 240, 414, 360, 420, 360] }], removed: [], placed: [] },
      },
    });
    const after = buildGraph(patched, ui, memo);
    expect(drawn(after, "flows").get("f1")).toBe(drawn(before, "flows").get("f1"));
    expect(drawn(after, "flows").get("f2")).not.toBe(drawn(before, "flows").get("f2"));
    expect((drawn(after, "flows").get("f2") as FlowLine).points).toEqual([380, 240, 414, 240, 414, 360, 420, 360]);
    expect(drawn(after, "boxes").get("c1")).not.toBe(drawn(before, "boxes").get("c1"));
    expect(drawn(after, "boxes").get("c1")).toMatchObject({ title: "Renamed" });
    expect(drawn(after, "boxes").get("c2")).toBe(drawn(before, "boxes").get("c2"));
    expect(drawn(after, "boxes").get("c3")).toBe(drawn(before, "boxes").get("c3"));
    // A flow made a failure keeps its route object: its line is drawn anew all the same.
    const failure = { ...flow("f1", "c1", "c2"), kind: "failure" } as (typeof journey.flows)[number];
    const retyped = applyPatch(patched, {
      can_undo: true,
      can_redo: false,
      journey: { flows: { changed: [failure], removed: [], placed: [] } },
    });
    expect(retyped.layout?.flows[0]).toBe(patched.layout?.flows[0]);
    const typed = buildGraph(retyped, ui, memo);
    expect(drawn(typed, "flows").get("f1")).toMatchObject({ kind: "failure" });
    expect(drawn(typed, "flows").get("f2")).toBe(drawn(after, "flows").get("f2"));
    // A mark of its own (selected, highlighted) or a presentation dimming its stage draws a flow anew, and so does
    // the mark going.
    const selected = buildGraph(retyped, { ...ui, flow: "f2" }, memo);
    expect(drawn(selected, "flows").get("f2")).toMatchObject({ selected: true });
    const highlighted = buildGraph(retyped, { ...ui, highlight: new Set(["f1"]) }, memo);
    expect(drawn(highlighted, "flows").get("f1")).toMatchObject({ highlighted: true });
    expect(drawn(highlighted, "flows").get("f2")).toMatchObject({ selected: false });
    const presenting = buildGraph(retyped, { ...ui, presenting: 1 }, memo);
    expect(drawn(presenting, "flows").get("f1")).toMatchObject({ dim: true, highlighted: false });
    expect(drawn(presenting, "boxes").get("c1")).toMatchObject({ className: expect.stringContaining("dim") });
    const over = buildGraph(retyped, ui, memo);
    expect(drawn(over, "flows").get("f1")).toMatchObject({ dim: false, kind: "failure" });
    expect(drawn(over, "boxes").get("c1")).toMatchObject({ className: expect.not.stringContaining("dim") });
  });

  it("zoomed out, draws cards as boxes in one layer, except the selected ones", () => {
    const ui = { selection: ["c2"], editing: null, cursor: null, presenting: null, heatmap: false, metric: null };
    const nodes = buildGraph(sampleView(), { ...ui, boxes: true });
    expect(nodes.filter((n) => n.type === "card").map((n) => n.id)).toEqual(["c2"]);
    const layer = nodes.find((n) => n.type === "boxes");
    const { runs } = (layer?.data ?? { runs: [] }) as { runs: Run<{ id: string }>[] };
    const boxes = runs.flatMap((r) => r.items).map((b) => b.id);
    expect(boxes).toEqual(["c1", "c3"]);
  });
});

describe("flows zoomed out", () => {
  const line = (id: string, kind: string, more: Partial<FlowLine> = {}): FlowLine => ({
    id,
    kind,
    points: [0, 10, 40, 10, 40, 50],
    label: null,
    labelBox: null,
    dim: false,
    selected: false,
    highlighted: false,
    editing: false,
    ...more,
  });

  it("are bundled one line and one set of arrowheads per kind, the selected, highlighted or dimmed on their own", () => {
    const flows = [
      line("a", "happy_path"),
      line("b", "failure"),
      line("c", "happy_path"),
      line("d", "happy_path", { selected: true }),
      line("e", "loop", { dim: true }),
    ];
    const { bundles, single } = bundlesOf(flows);
    expect(bundles.map((b) => [b.kind, b.ids])).toEqual([
      ["happy_path", "a c"],
      ["failure", "b"],
    ]);
    expect(bundles[0]?.line).toBe("M 0 10 L 40 10 L 40 50 M 0 10 L 40 10 L 40 50");
    expect(single.map((f) => f.id)).toEqual(["d", "e"]);
  });

  it("point their arrowheads along the last stretch, tip on the end", () => {
    // Down the last stretch to (40, 50): the base 12.8 above the tip, 6.4 either side.
    expect(headOf(line("a", "happy_path"))).toBe("M 40 50 L 33.6 37.2 L 46.4 37.2 Z");
  });
});
