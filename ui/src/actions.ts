// Every user action, once: the toolbar, the keyboard shortcuts and the command palette all read this registry.
import type { CardId, Command, Flow, FlowKind, ProjectView, ViewUpdate } from "./bindings";
import {
  addCard,
  cardsInCell,
  connect,
  deleteCards,
  disconnect,
  fieldsOf,
  moveBy,
  pasteCards,
  stepCell,
  stepFlow,
  updateFlow,
} from "./edits";
import { errorMessage, ipc } from "./ipc";
import { nextView } from "./patch";
import type { State, Store } from "./store";

export type Action = {
  id: string;
  title: string;
  group: "File" | "Edit" | "Card" | "Flow" | "View" | "Workshop" | "Help";
  /** Shortcuts, as keyName() writes them. */
  keys: string[];
  /** Whether it may run now (default: always). */
  enabled?: (s: State) => boolean;
  /** Whether its shortcut also fires while typing in a text field. */
  inText?: boolean;
  run: (store: Store) => void | Promise<void>;
};

const hasProject = (s: State) => s.view !== null;
const writable = (s: State) => !!s.view?.journey && s.view.file.read_only === null;
const hasSelection = (s: State) => writable(s) && s.selection.length > 0;
const flowSelected = (s: State) => writable(s) && s.flow !== null;

/** The selected flow as the document has it. */
export function selectedFlow(s: State): Flow | undefined {
  return s.view?.journey?.flows.find((f) => f.id === s.flow);
}

/** The flow kinds, with their keys (while a flow is selected) and names. */
export const flowKinds: [FlowKind, string, string][] = [
  ["happy_path", "1", "happy path"],
  ["alternative", "2", "alternative"],
  ["failure", "3", "failure"],
  ["loop", "4", "loop"],
];

const connectKindKey = "waymark.connectKind";

/** The kind new flows get, as last chosen (kept across sessions). */
export function rememberedConnectKind(): FlowKind {
  const saved = localStorage.getItem(connectKindKey);
  return flowKinds.find(([kind]) => kind === saved)?.[0] ?? "happy_path";
}

export function setConnectKind(store: Store, kind: FlowKind) {
  localStorage.setItem(connectKindKey, kind);
  store.set({ connectKind: kind });
}

/** Selects the next (or previous) flow of the card the cycling started from. */
function cycleFlows(store: Store, step: 1 | -1) {
  const s = store.get();
  const journey = s.view?.journey;
  const card = s.selection.length === 1 ? s.selection[0] : s.flowAnchor;
  if (!journey || !card) return;
  const flow = stepFlow(journey, card, s.flow, step);
  if (flow) store.set({ flow, flowAnchor: card, selection: [], editing: null });
}

/** What else changes with a new view (the selection an edit made, …), set in the same store update. */
type Along = (view: ProjectView) => Partial<State>;

/** Shows a view Rust sent; a patch on a view this window does not have fetches the whole view instead. */
export async function receive(store: Store, update: ViewUpdate, along: Along = () => ({})): Promise<void> {
  const { view, revision } = store.get();
  const started = performance.now();
  const next = nextView(view, revision, update);
  timed("waymark:patch", started);
  if (next) {
    if (timing()) viewHandedAt = performance.now();
    store.set({ view: next, revision: update.revision, error: null, ...reviewAfter(view, next), ...along(next) });
    return;
  }
  const whole = await ipc.currentView();
  if (timing()) viewHandedAt = performance.now();
  store.set(
    whole?.kind === "full"
      ? {
          view: whole.view,
          revision: whole.revision,
          error: null,
          ...reviewAfter(view, whole.view),
          ...along(whole.view),
        }
      : { view: null },
  );
}

/**
 * The merge review opens after a merge (Rust says so once, in the notice) and when a file is opened, or comes
 * back from an undo, holding open conflicts.
 */
function reviewAfter(before: ProjectView | null, after: ProjectView): Partial<State> {
  const sameFile = before?.file.path === after.file.path;
  const conflictsCame = after.file.open_conflicts > (sameFile ? (before?.file.open_conflicts ?? 0) : 0);
  // Another file: the marks of the last one's merge go.
  const marks = sameFile ? {} : { merged: null };
  return after.file.notice || conflictsCame ? { ...marks, panel: "merge" } : marks;
}

/** Whether the app bench (bench/src/app.rs) is timing edits: it sets `waymarkTiming` on the window. */
const timing = () => !!(globalThis as { waymarkTiming?: boolean }).waymarkTiming;

/**
 * Records how long a step of an edit took, for the app bench: the call across IPC (Rust included), applying its
 * answer to the view, then the canvas's first pass over the new view (`timeCanvasCommit`).
 */
function timed(name: string, start: number) {
  if (timing()) performance.measure(name, { start });
}

/** When the last view from Rust went to the store, while the app bench times edits; until the canvas commits it. */
let viewHandedAt: number | null = null;

/** Called after each commit of the canvas: the first after a new view records how long its render took. */
export function timeCanvasCommit() {
  if (viewHandedAt === null) return;
  timed("waymark:canvas", viewHandedAt);
  viewHandedAt = null;
}

/**
 * Runs a call that returns a new view and shows it, with what `along` adds, in one store update (one redraw);
 * a failure goes to the banner and changes nothing.
 */
export async function update(store: Store, call: () => Promise<ViewUpdate | null>, along?: Along): Promise<boolean> {
  try {
    const started = performance.now();
    const next = await call();
    timed("waymark:ipc", started);
    if (next) await receive(store, next, along);
    else store.set({ error: null });
    return true;
  } catch (error) {
    store.set({ error: errorMessage(error) });
    return false;
  }
}

async function refreshRecent(store: Store) {
  try {
    store.set({ recent: await ipc.recentFiles() });
  } catch {
    store.set({ recent: [] });
  }
}

/** Opens a file from the recent list in this window. */
export function openRecent(store: Store, path: string) {
  return switched(store, () => ipc.openRecent(path));
}

/** After a file changed: a fresh selection, and the recent list. */
async function switched(store: Store, call: () => Promise<ViewUpdate | null>) {
  try {
    const next = await call();
    if (next) {
      store.set({ error: null, selection: [], cursor: null, editing: null, presenting: null });
      await receive(store, next);
    }
  } catch (error) {
    store.set({ error: errorMessage(error) });
  }
  await refreshRecent(store);
}

export const actions: Action[] = [
  {
    id: "file.new",
    title: "New project…",
    group: "File",
    keys: ["Mod+N"],
    run: (store) => switched(store, () => ipc.newProject(false)),
  },
  {
    id: "file.newSample",
    title: "New project from the sample…",
    group: "File",
    keys: [],
    run: (store) => switched(store, () => ipc.newProject(true)),
  },
  {
    id: "file.open",
    title: "Open…",
    group: "File",
    keys: ["Mod+O"],
    run: (store) => switched(store, () => ipc.openProject()),
  },
  {
    id: "file.recent",
    title: "Open recent…",
    group: "File",
    keys: ["Mod+Shift+O"],
    run: async (store) => {
      await refreshRecent(store);
      store.set((s) => ({ panel: s.panel === "recent" ? null : "recent" }));
    },
  },
  {
    id: "file.saveAs",
    title: "Save a copy as… (Duplicate)",
    group: "File",
    keys: ["Mod+Shift+S"],
    enabled: hasProject,
    run: (store) => switched(store, () => ipc.saveAs()),
  },
  {
    id: "file.mergeCopy",
    title: "Merge a copy… (another copy of this project: a colleague's, a sync tool's, a backup)",
    group: "File",
    keys: [],
    enabled: writable,
    run: async (store) => {
      await update(store, () => ipc.mergeACopy());
    },
  },
  {
    id: "view.merge",
    title: "Merge review: what each side changed, the conflicts left to settle",
    group: "View",
    keys: ["Mod+Shift+R"],
    enabled: hasProject,
    run: (store) => store.set((s) => ({ panel: s.panel === "merge" ? null : "merge" })),
  },
  {
    id: "file.export",
    title: "Export… (SVG, PNG, PDF, Mermaid, JSON Canvas, JSON, CSV)",
    group: "File",
    keys: ["Mod+E"],
    enabled: (s) => !!s.view?.journey,
    run: (store) => store.set((s) => ({ panel: s.panel === "export" ? null : "export" })),
  },
  {
    id: "file.importMap",
    title: "Import a map… (Mermaid, JSON Canvas, Waymark JSON)",
    group: "File",
    keys: ["Mod+Shift+I"],
    enabled: writable,
    run: (store) => switched(store, () => ipc.importMap()),
  },
  {
    id: "file.importFeedback",
    title: "Import feedback… (a survey or review export; or drop the file on the window)",
    group: "File",
    keys: ["Mod+Shift+F"],
    enabled: writable,
    run: async (store) => {
      try {
        const summary = await ipc.feedbackChoose();
        if (summary) store.set({ importing: summary, panel: "import" });
      } catch (error) {
        store.set({ error: errorMessage(error) });
      }
    },
  },
  {
    id: "file.close",
    title: "Close project",
    group: "File",
    keys: ["Mod+W"],
    enabled: hasProject,
    run: async (store) => {
      await ipc.closeProject();
      store.set({ view: null, selection: [], cursor: null, editing: null, presenting: null });
      await refreshRecent(store);
    },
  },
  {
    id: "edit.undo",
    title: "Undo",
    group: "Edit",
    keys: ["Mod+Z"],
    enabled: (s) => writable(s) && !!s.view?.can_undo,
    run: (store) => void update(store, ipc.undo),
  },
  {
    id: "edit.redo",
    title: "Redo",
    group: "Edit",
    keys: ["Mod+Shift+Z", "Mod+Y"],
    enabled: (s) => writable(s) && !!s.view?.can_redo,
    run: (store) => void update(store, ipc.redo),
  },
  {
    id: "card.add",
    title: "Add a card",
    group: "Card",
    keys: ["N"],
    enabled: (s) => writable(s) && s.cursor !== null,
    run: async (store) => {
      const { view, cursor } = store.get();
      if (!view || !cursor) return;
      const { command, card } = addCard(view, cursor);
      await update(
        store,
        () => ipc.apply(command),
        () => ({ selection: [card], editing: card }),
      );
    },
  },
  {
    id: "card.edit",
    title: "Edit the card's title",
    group: "Card",
    keys: ["Enter", "F2"],
    enabled: (s) => writable(s) && s.selection.length === 1,
    run: (store) => store.set((s) => ({ editing: s.selection[0] ?? null })),
  },
  {
    id: "card.delete",
    title: "Delete the selected cards",
    group: "Card",
    keys: ["Delete", "Backspace"],
    enabled: hasSelection,
    run: async (store) => {
      const { view, selection } = store.get();
      if (!view) return;
      await update(
        store,
        () => ipc.apply(deleteCards(view, selection)),
        () => ({ selection: [] }),
      );
    },
  },
  {
    id: "card.connect",
    title: "Connect the selected cards in the order you picked them",
    group: "Card",
    keys: ["C"],
    enabled: (s) => writable(s) && s.selection.length >= 2,
    run: async (store) => {
      const { view, selection } = store.get();
      if (!view) return;
      const kind = store.get().connectKind;
      const commands = selection.slice(1).map((to, i) => connect(view, selection[i] ?? to, to, kind));
      const command: Command =
        commands.length === 1 && commands[0] ? commands[0] : { op: "batch", label: "connect cards", commands };
      await update(store, () => ipc.apply(command));
    },
  },
  {
    id: "flow.next",
    title: "Select the next flow of the selected card",
    group: "Flow",
    keys: ["]"],
    enabled: (s) => s.selection.length === 1 || (s.flow !== null && s.flowAnchor !== null),
    run: (store) => cycleFlows(store, 1),
  },
  {
    id: "flow.previous",
    title: "Select the previous flow of the selected card",
    group: "Flow",
    keys: ["["],
    enabled: (s) => s.selection.length === 1 || (s.flow !== null && s.flowAnchor !== null),
    run: (store) => cycleFlows(store, -1),
  },
  ...flowKinds.map(
    ([kind, key, name]): Action => ({
      id: `flow.kind.${kind}`,
      title: `Make the selected flow ${name === "alternative" ? "an" : "a"} ${name}`,
      group: "Flow",
      keys: [key],
      enabled: flowSelected,
      run: async (store) => {
        const s = store.get();
        const flow = selectedFlow(s);
        if (!s.view || !flow || flow.kind === kind) return;
        await update(store, () => ipc.apply(updateFlow(s.view as ProjectView, flow, kind, flow.label)));
      },
    }),
  ),
  {
    id: "flow.editLabel",
    title: "Edit the selected flow's label",
    group: "Flow",
    keys: ["Enter", "F2"],
    enabled: flowSelected,
    run: (store) => store.set((s) => ({ editingFlow: s.flow })),
  },
  {
    id: "flow.delete",
    title: "Delete the selected flow",
    group: "Flow",
    keys: ["Delete", "Backspace"],
    enabled: flowSelected,
    run: async (store) => {
      const { view, flow } = store.get();
      if (!view || !flow) return;
      await update(
        store,
        () => ipc.apply(disconnect(view, flow)),
        () => ({ flow: null }),
      );
    },
  },
  ...flowKinds.map(
    ([kind, , name]): Action => ({
      id: `flow.connectAs.${kind}`,
      title: `New connections: ${name}`,
      group: "Flow",
      keys: [],
      run: (store) => setConnectKind(store, kind),
    }),
  ),
  ...(
    [
      ["Right", 1, 0],
      ["Left", -1, 0],
      ["Down", 0, 1],
      ["Up", 0, -1],
    ] as const
  ).map(
    ([arrow, stages, lanes]): Action => ({
      id: `card.move${arrow}`,
      title: `Move the selected cards one ${stages ? "stage" : "lane"} ${arrow.toLowerCase()}`,
      group: "Card",
      keys: [`Alt+Arrow${arrow}`],
      enabled: hasSelection,
      run: async (store) => {
        const { view, selection } = store.get();
        const command = view && moveBy(view, selection, stages, lanes);
        if (!command) return;
        // The cursor follows the first card, in the same redraw as the move, and the canvas follows the cards.
        const moved = await update(
          store,
          () => ipc.apply(command),
          (next) => {
            const moved = next.journey?.cards.find((c) => c.id === selection[0]);
            return moved ? { cursor: { stage: moved.stage, lane: moved.lane } } : {};
          },
        );
        if (moved) store.get().canvas?.reveal(selection);
      },
    }),
  ),
  {
    id: "card.copy",
    title: "Copy the selected cards",
    group: "Edit",
    keys: ["Mod+C"],
    enabled: (s) => s.selection.length > 0,
    run: (store) => {
      const { view, selection } = store.get();
      const cards = view?.journey?.cards.filter((c) => selection.includes(c.id)) ?? [];
      store.set({ clipboard: cards.map(fieldsOf) });
    },
  },
  {
    id: "card.paste",
    title: "Paste cards into the current cell",
    group: "Edit",
    keys: ["Mod+V"],
    enabled: (s) => writable(s) && s.clipboard.length > 0 && s.cursor !== null,
    run: async (store) => {
      const { view, cursor, clipboard } = store.get();
      if (!view || !cursor) return;
      const { command, cards } = pasteCards(view, cursor, clipboard);
      await update(
        store,
        () => ipc.apply(command),
        () => ({ selection: cards }),
      );
    },
  },
  {
    id: "card.selectAll",
    title: "Select all cards",
    group: "Edit",
    keys: ["Mod+A"],
    enabled: hasProject,
    run: (store) => store.set((s) => ({ selection: s.view?.journey?.cards.map((c) => c.id) ?? [] })),
  },
  {
    id: "cell.next",
    title: "Go to the next cell",
    group: "Card",
    keys: ["Tab"],
    enabled: (s) => !!s.view?.journey,
    run: (store) => moveCursor(store, 1),
  },
  {
    id: "cell.previous",
    title: "Go to the previous cell",
    group: "Card",
    keys: ["Shift+Tab"],
    enabled: (s) => !!s.view?.journey,
    run: (store) => moveCursor(store, -1),
  },
  {
    id: "view.escape",
    title: "Leave: stop editing, clear the selection, end the presentation",
    group: "View",
    keys: ["Escape"],
    inText: true,
    run: (store) => {
      const s = store.get();
      if (s.palette) store.set({ palette: false });
      else if (s.editing) store.set({ editing: null });
      else if (s.presenting !== null) void stopPresenting(store);
      else if (s.flow) store.set({ flow: null, flowAnchor: null });
      else store.set({ selection: [], panel: null });
    },
  },
  {
    id: "view.palette",
    title: "Command palette",
    group: "View",
    keys: ["Mod+K"],
    inText: true,
    run: (store) => store.set((s) => ({ palette: !s.palette })),
  },
  {
    id: "view.cardPanel",
    title: "Show the card's details",
    group: "View",
    keys: ["Mod+I"],
    enabled: (s) => s.selection.length === 1,
    run: (store) => store.set({ panel: "card" }),
  },
  {
    id: "view.personas",
    title: "Personas",
    group: "View",
    keys: ["Mod+P"],
    enabled: hasProject,
    run: (store) => store.set((s) => ({ panel: s.panel === "personas" ? null : "personas" })),
  },
  {
    id: "view.structure",
    title: "Stages and lanes",
    group: "View",
    keys: ["Mod+L"],
    enabled: hasProject,
    run: (store) => store.set((s) => ({ panel: s.panel === "structure" ? null : "structure" })),
  },
  {
    id: "view.journeys",
    title: "Journeys: add (blank, a copy, from a template), rename, reorder, delete",
    group: "View",
    keys: ["Mod+Shift+J"],
    enabled: hasProject,
    run: (store) => store.set((s) => ({ panel: s.panel === "journeys" ? null : "journeys" })),
  },
  {
    id: "journey.new",
    title: "New journey… (blank, a copy of this one, or from a template)",
    group: "File",
    keys: [],
    enabled: (s) => hasProject(s) && s.view?.file.read_only === null,
    run: (store) => store.set({ panel: "journeys" }),
  },
  {
    id: "view.history",
    title: "History and versions: every edit, restore to a point, save and compare versions",
    group: "View",
    keys: ["Mod+Shift+H"],
    enabled: hasProject,
    run: (store) => store.set((s) => ({ panel: s.panel === "history" ? null : "history" })),
  },
  {
    id: "view.check",
    title: "Check the journey: dead ends, unreachable cards, loops, paths, the happy path",
    group: "View",
    keys: ["Mod+Shift+K"],
    enabled: (s) => !!s.view?.journey,
    run: (store) => store.set((s) => ({ panel: s.panel === "check" ? null : "check" })),
  },
  {
    id: "view.comments",
    title: "Comments: the journey's open threads on cards (and resolved ones); choose one to go to its card",
    group: "View",
    keys: ["Mod+Shift+M"],
    enabled: (s) => !!s.view?.journey,
    run: (store) => store.set((s) => ({ panel: s.panel === "comments" ? null : "comments" })),
  },
  {
    id: "view.channels",
    title: "Channels: a stage's touchpoint channels side by side, the one below the others flagged",
    group: "View",
    keys: ["Mod+Shift+C"],
    enabled: (s) => (s.view?.feedback.metrics.length ?? 0) > 0,
    run: (store) =>
      store.set((s) => {
        if (s.panel === "channels") return { panel: null };
        // The stage the user is at: the cursor's, else the selected card's, else the one shown last.
        const card = s.view?.journey?.cards.find((c) => c.id === s.selection[0]);
        return { panel: "channels", channelsStage: s.cursor?.stage ?? card?.stage ?? s.channelsStage };
      }),
  },
  {
    id: "view.heatmap",
    title: "Heatmap: colour cards by their score",
    group: "View",
    keys: ["H"],
    enabled: (s) => (s.view?.feedback.scores.length ?? 0) > 0,
    run: (store) => store.set((s) => ({ heatmap: !s.heatmap })),
  },
  {
    id: "view.zoomIn",
    title: "Zoom in",
    group: "View",
    keys: ["Mod+=", "Mod++", "+", "="],
    enabled: (s) => s.canvas !== null,
    run: (store) => store.get().canvas?.zoomIn(),
  },
  {
    id: "view.zoomOut",
    title: "Zoom out",
    group: "View",
    keys: ["Mod+-", "-"],
    enabled: (s) => s.canvas !== null,
    run: (store) => store.get().canvas?.zoomOut(),
  },
  {
    id: "view.fit",
    title: "Fit the whole map",
    group: "View",
    keys: ["Mod+0", "F"],
    enabled: (s) => s.canvas !== null,
    run: (store) => store.get().canvas?.fit(),
  },
  {
    id: "view.zoomSelection",
    title: "Zoom to the selected cards",
    group: "View",
    keys: ["Z"],
    enabled: (s) => s.canvas !== null && s.selection.length > 0,
    run: (store) => store.get().canvas?.show(store.get().selection),
  },
  {
    id: "view.theme",
    title: "Switch light/dark theme",
    group: "View",
    keys: ["Mod+Shift+L"],
    run: (store) => store.set((s) => ({ theme: s.theme === "light" ? "dark" : "light" })),
  },
  {
    id: "workshop.present",
    title: "Present stage by stage",
    group: "Workshop",
    keys: ["F5"],
    enabled: (s) => !!s.view?.journey && s.view.journey.stages.length > 0,
    run: async (store) => {
      store.set({ presenting: 0, selection: [], editing: null, panel: null });
      try {
        await ipc.setFullscreen(true);
      } catch (error) {
        store.set({ error: errorMessage(error) });
      }
    },
  },
  {
    id: "workshop.nextStage",
    title: "Next stage",
    group: "Workshop",
    keys: ["ArrowRight", "PageDown", "Space"],
    enabled: (s) => s.presenting !== null,
    run: (store) => stepStage(store, 1),
  },
  {
    id: "workshop.previousStage",
    title: "Previous stage",
    group: "Workshop",
    keys: ["ArrowLeft", "PageUp"],
    enabled: (s) => s.presenting !== null,
    run: (store) => stepStage(store, -1),
  },
  {
    id: "workshop.voting",
    title: "Dot voting",
    group: "Workshop",
    keys: ["Mod+D"],
    enabled: (s) => !!s.view?.journey,
    run: (store) => store.set((s) => ({ panel: s.panel === "voting" ? null : "voting" })),
  },
  {
    id: "workshop.nextParticipant",
    title: "Next participant's turn",
    group: "Workshop",
    keys: [],
    enabled: (s) => !!s.view?.journey?.voting?.open,
    run: (store) => store.set((s) => ({ turn: { participant: s.turn.participant + 1, used: 0 } })),
  },
  {
    id: "help.shortcuts",
    title: "Keyboard shortcuts",
    group: "Help",
    keys: ["?"],
    run: (store) => store.set((s) => ({ panel: s.panel === "shortcuts" ? null : "shortcuts" })),
  },
];

function moveCursor(store: Store, delta: 1 | -1) {
  const { view, cursor } = store.get();
  if (!view?.journey) return;
  const next = stepCell(view.journey, cursor, delta);
  const first: CardId[] = next
    ? cardsInCell(view.journey, next)
        .slice(0, 1)
        .map((c) => c.id)
    : [];
  store.set({ cursor: next, selection: first, editing: null });
  store.get().canvas?.reveal(first);
}

function stepStage(store: Store, delta: number) {
  const { view, presenting } = store.get();
  const count = view?.journey?.stages.length ?? 0;
  if (presenting === null || count === 0) return;
  store.set({ presenting: Math.max(0, Math.min(count - 1, presenting + delta)) });
}

async function stopPresenting(store: Store) {
  store.set({ presenting: null });
  try {
    await ipc.setFullscreen(false);
  } catch {
    // Leaving full screen can fail only if it was never entered.
  }
}

export function actionById(id: string): Action {
  const action = actions.find((a) => a.id === id);
  if (!action) throw new Error(`no action ${id}`);
  return action;
}

export function isEnabled(action: Action, state: State): boolean {
  return action.enabled ? action.enabled(state) : true;
}

/** The action a key runs now, if any. */
export function actionForKey(key: string, state: State, typing: boolean): Action | undefined {
  return actions.find((a) => a.keys.includes(key) && (!typing || a.inText) && isEnabled(a, state));
}
