// Typed calls into the Rust shell. Every call that changes what the window shows returns the new view (whole or
// as a patch, see patch.ts), or throws a UiError.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  CardFeedback,
  CardId,
  ChannelReport,
  Command,
  CommentId,
  Comparison,
  ConflictCopy,
  DatasetId,
  ExportDone,
  ExportPreview,
  ExportRequest,
  FileEvent,
  FileSummary,
  Findings,
  FormatInfo,
  HistoryEntry,
  JourneyId,
  Mapping,
  MergeReview,
  MetricDefinition,
  MetricKind,
  NewJourney,
  PathsBetween,
  PersonaScores,
  Preview,
  SaveTemplate,
  ScoreGuess,
  SegmentReport,
  Settle,
  TemplateInfo,
  UiError,
  Version,
  ViewUpdate,
} from "./bindings";

export const ipc = {
  currentView: () => invoke<ViewUpdate | null>("current_view"),
  apply: (command: Command) => invoke<ViewUpdate>("apply", { command }),
  undo: () => invoke<ViewUpdate>("undo"),
  redo: () => invoke<ViewUpdate>("redo"),
  journeyTemplates: () => invoke<TemplateInfo[]>("journey_templates"),
  addJourney: (name: string, from: NewJourney) => invoke<ViewUpdate>("add_journey", { name, from }),
  renameJourney: (journey: JourneyId, name: string) => invoke<ViewUpdate>("rename_journey", { journey, name }),
  moveJourney: (journey: JourneyId, index: number) => invoke<ViewUpdate>("move_journey", { journey, index }),
  deleteJourney: (journey: JourneyId) => invoke<ViewUpdate>("delete_journey", { journey }),
  saveJourneyAsTemplate: (request: SaveTemplate) => invoke<TemplateInfo>("save_journey_as_template", { request }),
  showJourney: (journey: JourneyId) => invoke<ViewUpdate>("show_journey", { journey }),
  newProject: (sample: boolean) => invoke<ViewUpdate | null>("new_project", { sample }),
  openProject: () => invoke<ViewUpdate | null>("open_project"),
  openRecent: (path: string) => invoke<ViewUpdate | null>("open_recent", { path }),
  recentFiles: () => invoke<string[]>("recent_files"),
  saveAs: () => invoke<ViewUpdate | null>("save_as"),
  mergeACopy: () => invoke<ViewUpdate | null>("merge_a_copy"),
  /** Opens the file that took this window's file's place in a new window. */
  openNewFile: () => invoke<void>("open_new_file"),
  mergeCopy: (path: string) => invoke<ViewUpdate>("merge_copy", { path }),
  mergeReview: () => invoke<MergeReview>("merge_review"),
  settleConflicts: (answers: Settle[]) => invoke<ViewUpdate>("settle_conflicts", { answers }),
  closeProject: () => invoke<void>("close_project"),
  setFullscreen: (on: boolean) => invoke<void>("set_fullscreen", { on }),
  historyPage: (before: number | null, limit: number) => invoke<HistoryEntry[]>("history_page", { before, limit }),
  restoreHistory: (seq: number) => invoke<ViewUpdate>("restore_history", { seq }),
  versions: () => invoke<Version[]>("versions"),
  saveVersion: (label: string) => invoke<Version>("save_version", { label }),
  compareVersion: (label: string) => invoke<Comparison>("compare_version", { label }),
  checkJourney: () => invoke<Findings>("check_journey"),
  pathsBetween: (from: CardId, to: CardId) => invoke<PathsBetween>("paths_between", { from, to }),
  exportFormats: () => invoke<FormatInfo[]>("export_formats"),
  exportPreview: (request: ExportRequest) => invoke<ExportPreview>("export_preview", { request }),
  exportFile: (request: ExportRequest, choose: boolean) =>
    invoke<ExportDone | null>("export_file", { request, choose }),
  exportCancel: () => invoke<void>("export_cancel"),
  importMap: () => invoke<ViewUpdate | null>("import_map"),
  feedbackChoose: () => invoke<FileSummary | null>("feedback_choose"),
  /** Files dropped on the window (and one named with --import) arrive on `onFile`. */
  watchDrops: (onFile: (summary: FileSummary) => void) => {
    const dropped = new Channel<FileSummary>();
    dropped.onmessage = onFile;
    return invoke<void>("watch_drops", { dropped });
  },
  /** What happens to the window's file on disk (replaced and merged, moved, deleted) arrives on `onEvent`. */
  watchFile: (onEvent: (event: FileEvent) => void) => {
    const events = new Channel<FileEvent>();
    events.onmessage = onEvent;
    return invoke<void>("watch_file", { events });
  },
  metricDefinition: (kind: MetricKind, scale: [number, number] | null, mean: boolean | null, positive: string[]) =>
    invoke<MetricDefinition>("metric_definition", { kind, scale, mean, positive }),
  feedbackGuessScore: (column: string) => invoke<ScoreGuess | null>("feedback_guess_score", { column }),
  feedbackPreview: (mapping: Mapping) => invoke<Preview>("feedback_preview", { mapping }),
  feedbackImport: (mapping: Mapping, preset: string | null, onRows: (rows: number) => void) => {
    const progress = new Channel<number>();
    progress.onmessage = onRows;
    return invoke<ViewUpdate>("feedback_import", { mapping, preset, progress });
  },
  feedbackCancel: () => invoke<void>("feedback_cancel"),
  cardFeedback: (card: CardId, search: string, band: [number, number] | null) =>
    invoke<CardFeedback>("card_feedback", { card, search, band }),
  removeDataset: (id: DatasetId) => invoke<ViewUpdate>("remove_dataset", { id }),
  setMinN: (minN: number) => invoke<ViewUpdate>("set_min_n", { minN }),
  segmentColumns: () => invoke<string[]>("segment_columns"),
  personaScores: () => invoke<PersonaScores[]>("persona_scores"),
  scoresBySegment: (column: string) => invoke<SegmentReport>("scores_by_segment", { column }),
  /** One stage's touchpoint channels (by id), or every stage's. */
  channelConsistency: (stage: string | null) => invoke<ChannelReport>("channel_consistency", { stage }),
  /** A comment on a card of the journey on show, by this window's author (a reply when `replyTo` is given). */
  addComment: (card: CardId, text: string, replyTo: CommentId | null) =>
    invoke<ViewUpdate>("add_comment", { card, text, replyTo }),
  editComment: (comment: CommentId, text: string) => invoke<ViewUpdate>("edit_comment", { comment, text }),
  /** Resolves (or reopens) the thread the comment is in. */
  resolveComment: (comment: CommentId, resolved: boolean) =>
    invoke<ViewUpdate>("resolve_comment", { comment, resolved }),
  /** The name this window's edits are recorded under: one's own comments are the ones by it. */
  author: () => invoke<string>("author"),
  /** The conflict copies of the window's project a sync tool left beside it, newest first. */
  conflictCopies: () => invoke<ConflictCopy[]>("conflict_copies"),
  /** Moves a conflict copy (a path `conflictCopies` gave) to the trash; Rust checks it again first. */
  trashCopy: (path: string) => invoke<void>("trash_copy", { path }),
};

/** The one sentence to show for a failed call. */
export function errorMessage(error: unknown): string {
  if (typeof error === "string") return error;
  if (error && typeof error === "object" && "message" in error) return String((error as UiError).message);
  return "Something went wrong.";
}
