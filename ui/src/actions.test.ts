import { afterEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

import { actionById, actionForKey, actions } from "./actions";
import { sampleView } from "./fixtures.test-data";
import { keyName } from "./keys";
import { createStore, initialState } from "./store";

const key = (k: string, mods: Partial<KeyboardEvent> = {}) =>
  keyName({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe("keyboard map", () => {
  it("names keys with Mod for Ctrl and Cmd", () => {
    expect(key("z", { ctrlKey: true })).toBe("Mod+Z");
    expect(key("Z", { metaKey: true, shiftKey: true })).toBe("Mod+Shift+Z");
    expect(key("Tab", { shiftKey: true })).toBe("Shift+Tab");
    expect(key("?", { shiftKey: true })).toBe("?");
    expect(key(" ")).toBe("Space");
  });

  it("gives every shortcut to exactly one action at a time", () => {
    const state = { ...initialState, view: sampleView(), cursor: { stage: "s1", lane: "l1" }, selection: ["c1"] };
    const seen = new Map<string, string>();
    for (const action of actions) {
      for (const k of action.keys) {
        const winner = actionForKey(k, state, false);
        if (winner && seen.has(k)) expect(seen.get(k)).toBe(winner.id);
        if (winner) seen.set(k, winner.id);
      }
    }
    expect(actionForKey("Mod+Z", state, false)?.id).toBe("edit.undo");
    expect(actionForKey("Mod+Y", state, false)).toBeUndefined(); // nothing to redo
    expect(actionForKey("N", state, false)?.id).toBe("card.add");
    expect(actionForKey("N", state, true)).toBeUndefined(); // typing a title
    expect(actionForKey("Escape", state, true)?.id).toBe("view.escape");
    expect(actionForKey("ArrowRight", state, false)).toBeUndefined(); // only while presenting
    expect(actionForKey("ArrowRight", { ...state, presenting: 0 }, false)?.id).toBe("workshop.nextStage");
  });

  it("is read-only aware: no edits on a read-only file", () => {
    const view = sampleView();
    view.file.read_only = "another Waymark window is editing it";
    const state = { ...initialState, view, cursor: { stage: "s1", lane: "l1" }, selection: ["c1"] };
    expect(actionForKey("N", state, false)).toBeUndefined();
    expect(actionForKey("Delete", state, false)).toBeUndefined();
    expect(actionForKey("Mod+C", state, false)?.id).toBe("card.copy");
  });
});

describe("viewport actions", () => {
  it("zoom, fit and frame the selection on the canvas on screen, and wait for one", () => {
    const calls: string[] = [];
    const canvas = {
      zoomIn: () => calls.push("in"),
      zoomOut: () => calls.push("out"),
      fit: () => calls.push("fit"),
      show: (cards: string[]) => calls.push(`show ${cards.join(",")}`),
      reveal: (cards: string[]) => calls.push(`reveal ${cards.join(",")}`),
    };
    const state = { ...initialState, view: sampleView(), selection: ["c1", "c3"] };
    expect(actionForKey("Z", state, false)).toBeUndefined(); // no canvas yet
    const store = createStore({ ...state, canvas });
    for (const k of ["Mod+=", "-", "F", "Z"]) void actionForKey(k, store.get(), false)?.run(store);
    expect(calls).toEqual(["in", "out", "fit", "show c1,c3"]);
    expect(actionForKey("Z", { ...store.get(), selection: [] }, false)).toBeUndefined();
  });
});

describe("actions update the store from what Rust returns", () => {
  afterEach(() => invoke.mockReset());

  it("adds a card in the cursor cell, selects it and starts editing its title", async () => {
    const store = createStore({ ...initialState, view: sampleView(), cursor: { stage: "s2", lane: "l2" } });
    const after = sampleView();
    invoke.mockResolvedValueOnce({ kind: "full", view: after, revision: 1 });
    await actionById("card.add").run(store);
    const [name, args] = invoke.mock.calls[0] ?? [];
    expect(name).toBe("apply");
    expect((args as { command: { op: string; stage: string } }).command).toMatchObject({ op: "add_card", stage: "s2" });
    const added = (args as { command: { card: string } }).command.card;
    expect(store.get().view).toBe(after);
    expect(store.get().selection).toEqual([added]);
    expect(store.get().editing).toBe(added);
  });

  it("merges a patch on its revision, and asks for the whole view when it missed one", async () => {
    const view = sampleView();
    const store = createStore({ ...initialState, view, revision: 4, selection: ["c1"] });
    const renamed = { ...view.journey?.cards[0], title: "Renamed" };
    const patch = (base: number) => ({
      kind: "patch",
      base,
      revision: base + 1,
      patch: { can_undo: true, can_redo: false, journey: { cards: { changed: [renamed], removed: [], placed: [] } } },
    });
    invoke.mockResolvedValueOnce(patch(4));
    await actionById("card.delete").run(store);
    expect(store.get().revision).toBe(5);
    expect(store.get().view?.journey?.cards[0]).toBe(renamed);
    expect(store.get().view?.journey?.cards[1]).toBe(view.journey?.cards[1]);

    const whole = sampleView();
    invoke.mockResolvedValueOnce(patch(9)).mockResolvedValueOnce({ kind: "full", view: whole, revision: 11 });
    store.set({ selection: ["c1"] });
    await actionById("card.delete").run(store);
    expect(invoke.mock.calls.at(-1)?.[0]).toBe("current_view");
    expect(store.get().view).toBe(whole);
    expect(store.get().revision).toBe(11);
  });

  it("brings the card it goes to or moves into view", async () => {
    const calls: string[] = [];
    const canvas = {
      zoomIn() {},
      zoomOut() {},
      fit() {},
      show() {},
      reveal: (cards: string[]) => calls.push(cards.join(",")),
    };
    const view = sampleView();
    const store = createStore({ ...initialState, view, canvas });
    await actionById("cell.next").run(store);
    const first = store.get().selection;
    expect(first).toHaveLength(1);
    expect(calls).toEqual([first.join(",")]);

    invoke.mockResolvedValueOnce({ kind: "full", view: sampleView(), revision: 1 });
    await actionById("card.moveRight").run(store);
    expect(invoke.mock.calls[0]?.[0]).toBe("apply");
    expect(calls).toEqual([first.join(","), first.join(",")]);

    // A refused move leaves the viewport alone.
    invoke.mockRejectedValueOnce({ message: "refused" });
    await actionById("card.moveRight").run(store);
    expect(calls).toHaveLength(2);
  });

  it("shows a refused edit in the banner and keeps the view", async () => {
    const view = sampleView();
    const store = createStore({ ...initialState, view, selection: ["c1"] });
    invoke.mockRejectedValueOnce({ message: "t.waymark was not changed: no card c1 in this journey" });
    await actionById("card.delete").run(store);
    expect(store.get().view).toBe(view);
    expect(store.get().error).toBe("t.waymark was not changed: no card c1 in this journey");
    expect(store.get().selection).toEqual(["c1"]);
  });

  it("copies and pastes cards into the cursor cell as one step", async () => {
    const store = createStore({
      ...initialState,
      view: sampleView(),
      selection: ["c1", "c3"],
      cursor: { stage: "s2", lane: "l1" },
    });
    await actionById("card.copy").run(store);
    expect(store.get().clipboard.map((f) => f.title)).toEqual(["First", "Third"]);
    invoke.mockResolvedValueOnce({ kind: "full", view: sampleView(), revision: 1 });
    await actionById("card.paste").run(store);
    const [, args] = invoke.mock.calls[0] ?? [];
    const { command } = args as { command: { op: string; commands: unknown[] } };
    expect(command.op).toBe("batch");
    expect(command.commands).toHaveLength(2);
    expect(store.get().selection).toHaveLength(2);
  });

  it("presents stage by stage within bounds", async () => {
    invoke.mockResolvedValue(undefined);
    const store = createStore({ ...initialState, view: sampleView() });
    await actionById("workshop.present").run(store);
    expect(store.get().presenting).toBe(0);
    expect(invoke).toHaveBeenCalledWith("set_fullscreen", { on: true });
    await actionById("workshop.nextStage").run(store);
    await actionById("workshop.nextStage").run(store);
    expect(store.get().presenting).toBe(1);
    await actionById("workshop.previousStage").run(store);
    expect(store.get().presenting).toBe(0);
    await actionById("view.escape").run(store);
    expect(store.get().presenting).toBeNull();
    expect(invoke).toHaveBeenLastCalledWith("set_fullscreen", { on: false });
  });
});
