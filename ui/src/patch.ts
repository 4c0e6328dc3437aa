// After a change Rust sends the view whole or as a patch on the view the window has (crates/waymark-store/src/
// view_update.rs). Merging a patch keeps every object that did not change, so the canvas redraws only what did.
import type { CardBox, FlowRoute, ListPatch, Point, ProjectView, ViewPatch, ViewUpdate } from "./bindings";

/** Moves an item of a patched list by (dx, dy). */
type Mover<T> = (item: T, dx: number, dy: number) => T;

/**
 * A list with ids after its patch: removed and placed items leave, changed items are replaced where they are, then
 * placed items go in at their new indexes (in increasing order, so each lands where the new list has it); last,
 * the items that only moved are moved, by their indexes in the new list.
 */
export function mergeList<T extends { id: string }>(
  old: T[],
  patch: ListPatch<T, string> | undefined,
  move?: Mover<T>,
): T[] {
  if (!patch) return old;
  const changed = new Map(patch.changed.map((item) => [item.id, item]));
  let list: T[];
  if (patch.removed.length === 0 && patch.placed.length === 0) list = old.map((item) => changed.get(item.id) ?? item);
  else {
    const leaving = new Set([...patch.removed, ...patch.placed.map(([id]) => id)]);
    const before = new Map(old.map((item) => [item.id, item]));
    list = old.filter((item) => !leaving.has(item.id)).map((item) => changed.get(item.id) ?? item);
    for (const [id, index] of patch.placed) {
      const item = changed.get(id) ?? before.get(id);
      if (!item) throw new Error(`The view update names ${id}, which this window does not have.`);
      list.splice(index, 0, item);
    }
  }
  for (const { by, items } of patch.shifted ?? []) {
    for (const index of items) {
      const item = list[index];
      if (!item || !move) throw new Error(`The view update moves item ${index}, which this window cannot move.`);
      list[index] = move(item, by[0], by[1]);
    }
  }
  return list;
}

const movePoint = (p: Point, dx: number, dy: number): Point => ({ x: p.x + dx, y: p.y + dy });
const moveBox: Mover<CardBox> = (box, dx, dy) => ({ ...box, rect: { ...box.rect, ...movePoint(box.rect, dx, dy) } });
const moveRoute: Mover<FlowRoute> = (route, dx, dy) => ({
  ...route,
  // x, y, x, y, …
  points: route.points.map((c, i) => c + (i % 2 === 0 ? dx : dy)),
  label: route.label && { ...route.label, ...movePoint(route.label, dx, dy) },
});

/** The view after `patch`: a field the patch leaves out is the same object as before. */
export function applyPatch(view: ProjectView, patch: ViewPatch): ProjectView {
  const { journey, layout } = view;
  const j = patch.journey;
  const l = patch.layout;
  return {
    ...view,
    can_undo: patch.can_undo,
    can_redo: patch.can_redo,
    file: patch.file ?? view.file,
    personas: patch.personas ?? view.personas,
    journeys: patch.journeys ?? view.journeys,
    feedback: patch.feedback ?? view.feedback,
    journey:
      journey && j
        ? {
            ...journey,
            name: j.name ?? journey.name,
            stages: j.stages ?? journey.stages,
            lanes: j.lanes ?? journey.lanes,
            cards: mergeList(journey.cards, j.cards),
            flows: mergeList(journey.flows, j.flows),
            emotions: j.emotions ?? journey.emotions,
            voting: j.voting === undefined ? journey.voting : j.voting,
            comments: j.comments ?? journey.comments,
          }
        : journey,
    layout:
      layout && l
        ? {
            ...layout,
            width: l.width,
            height: l.height,
            stages: l.stages ?? layout.stages,
            lanes: l.lanes ?? layout.lanes,
            cards: mergeList(layout.cards, l.cards, moveBox),
            flows: mergeList(layout.flows, l.flows, moveRoute),
            emotion_curves: l.emotion_curves ?? layout.emotion_curves,
            emotion_band: l.emotion_band === undefined ? layout.emotion_band : l.emotion_band,
          }
        : layout,
  };
}

/**
 * The view after `update` for a window that has `view` at `revision`; `null` when the update is a patch on some
 * other revision (an answer was missed), and the window must ask for the whole view.
 */
export function nextView(view: ProjectView | null, revision: number, update: ViewUpdate): ProjectView | null {
  if (update.kind === "full") return update.view;
  if (!view || revision !== update.base) return null;
  return applyPatch(view, update.patch);
}
