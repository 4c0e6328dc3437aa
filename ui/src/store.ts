// UI state: what Rust last returned (the view) plus what only the UI knows (selection, cursor, panels, modes).
// The document itself is never changed here: edits go to Rust as commands and come back as a new view.
import { useSyncExternalStore } from "react";
import type {
  CardFields,
  CardId,
  Cell,
  CommentId,
  Comparison,
  FileSummary,
  Findings,
  FlowId,
  FlowKind,
  MergeReview,
  MetricKind,
  ProjectView,
  SegmentReport,
  StageId,
} from "./bindings";

export type Panel =
  | "card"
  | "personas"
  | "structure"
  | "voting"
  | "recent"
  | "shortcuts"
  | "export"
  | "import"
  | "check"
  | "journeys"
  | "history"
  | "channels"
  | "comments"
  | "merge"
  | null;

/** What the canvas on screen lets actions do with its viewport. */
export type CanvasControls = {
  zoomIn: () => void;
  zoomOut: () => void;
  fit: () => void;
  /** Frames these cards (at most at 100 %). */
  show: (cards: CardId[]) => void;
  /** Pans, keeping the zoom, to bring these cards into view when they are not wholly in view. */
  reveal: (cards: CardId[]) => void;
};

/**
 * The legend's segment filter. The report holds every value's scores, so choosing a value needs no call; it is
 * fetched again when the column is chosen and after any change to the feedback (see segments.ts).
 */
export type SegmentFilter = {
  /** The segment columns of the journey on show (none: no filter is offered). */
  columns: string[];
  /** The column chosen in the legend. */
  column: string | null;
  /** The chosen column's scores by value, once Rust made them. */
  report: SegmentReport | null;
  /** The value whose scores the map shows; null for all responses. */
  value: string | null;
};

export const noSegments: SegmentFilter = { columns: [], column: null, report: null, value: null };

/** Whose turn it is in an open dot-voting round (the totals live in the document). */
export type Turn = { participant: number; used: number };

export type State = {
  view: ProjectView | null;
  /** Which of Rust's views `view` is: a patch applies only to the revision it was made on. */
  revision: number;
  loading: boolean;
  /** A failure to show in the banner, as one sentence. */
  error: string | null;
  selection: CardId[];
  /** The selected flow (a flow and cards are never selected together). */
  flow: FlowId | null;
  /** The card whose flows ] and [ cycle through. */
  flowAnchor: CardId | null;
  /** The flow whose label is being edited in place. */
  editingFlow: FlowId | null;
  /** The kind new connections get: the last one chosen. */
  connectKind: FlowKind;
  /** The cell keyboard commands act on (N adds a card here, Tab moves it). */
  cursor: Cell | null;
  /** The card whose title is being edited in place. */
  editing: CardId | null;
  panel: Panel;
  palette: boolean;
  /** Presentation mode: the stage on show. */
  presenting: number | null;
  clipboard: CardFields[];
  theme: "light" | "dark";
  recent: string[];
  turn: Turn;
  /** Cards coloured by their score on `metric`. */
  heatmap: boolean;
  /** The metric badges and the heatmap show (default: the journey's first). */
  metric: MetricKind | null;
  /** What the check found in the journey on show (kept current while the Check panel is open). */
  findings: Findings | null;
  /** The path the Check panel highlights, as its cards in order. */
  highlight: CardId[] | null;
  /** The version the History panel compares with the map as it is now (its comparison once Rust made it). */
  comparing: { label: string; comparison: Comparison | null } | null;
  /** Badges, heatmap and stage scores of one segment only (see SegmentFilter). */
  segments: SegmentFilter;
  /** The stage whose touchpoint channels the Channels panel shows. */
  channelsStage: StageId | null;
  /** The survey export the import panel is mapping. */
  importing: FileSummary | null;
  /** The canvas's viewport, while one is on screen. */
  canvas: CanvasControls | null;
  /** Where the card panel is to scroll to: the card's comments, one thread of them (opened), once. */
  commentFocus: { card: CardId; thread: CommentId | null } | null;
  /** The merge the review shows: the canvas marks the cards it touched until the review is dismissed. */
  merged: MergeReview | null;
};

export const initialState: State = {
  view: null,
  revision: 0,
  loading: true,
  error: null,
  selection: [],
  flow: null,
  flowAnchor: null,
  editingFlow: null,
  connectKind: "happy_path",
  cursor: null,
  editing: null,
  panel: null,
  palette: false,
  presenting: null,
  clipboard: [],
  theme: "light",
  recent: [],
  turn: { participant: 1, used: 0 },
  heatmap: false,
  metric: null,
  importing: null,
  canvas: null,
  findings: null,
  highlight: null,
  comparing: null,
  segments: noSegments,
  channelsStage: null,
  commentFocus: null,
  merged: null,
};

export type Store = {
  get: () => State;
  set: (change: Partial<State> | ((s: State) => Partial<State>)) => void;
  subscribe: (listener: () => void) => () => void;
};

export function createStore(start: State = initialState): Store {
  let state = start;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set: (change) => {
      const patch = typeof change === "function" ? change(state) : change;
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useAppState<T>(store: Store, pick: (s: State) => T): T {
  return useSyncExternalStore(store.subscribe, () => pick(store.get()));
}
