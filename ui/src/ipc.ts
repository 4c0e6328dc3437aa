// Typed calls into the Rust shell. Every call returns what the window now shows, or throws a UiError.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  CardFeedback,
  CardId,
  Command,
  ExportDone,
  ExportPreview,
  ExportRequest,
  FileSummary,
  JourneyId,
  Mapping,
  MetricDefinition,
  MetricKind,
  Preview,
  ProjectView,
  UiError,
} from "./bindings";

export const ipc = {
  currentView: () => invoke<ProjectView | null>("current_view"),
  apply: (command: Command) => invoke<ProjectView>("apply", { command }),
  undo: () => invoke<ProjectView>("undo"),
  redo: () => invoke<ProjectView>("redo"),
  showJourney: (journey: JourneyId) => invoke<ProjectView>("show_journey", { journey }),
  newProject: (sample: boolean) => invoke<ProjectView | null>("new_project", { sample }),
  openProject: () => invoke<ProjectView | null>("open_project"),
  openRecent: (path: string) => invoke<ProjectView | null>("open_recent", { path }),
  recentFiles: () => invoke<string[]>("recent_files"),
  saveAs: () => invoke<ProjectView | null>("save_as"),
  closeProject: () => invoke<void>("close_project"),
  setFullscreen: (on: boolean) => invoke<void>("set_fullscreen", { on }),
  exportPreview: (request: ExportRequest) => invoke<ExportPreview>("export_preview", { request }),
  exportFile: (request: ExportRequest, choose: boolean) =>
    invoke<ExportDone | null>("export_file", { request, choose }),
  importMap: () => invoke<ProjectView | null>("import_map"),
  feedbackChoose: () => invoke<FileSummary | null>("feedback_choose"),
  /** Files dropped on the window (and one named with --import) arrive on `onFile`. */
  watchDrops: (onFile: (summary: FileSummary) => void) => {
    const dropped = new Channel<FileSummary>();
    dropped.onmessage = onFile;
    return invoke<void>("watch_drops", { dropped });
  },
  metricDefinition: (kind: MetricKind, scale: [number, number] | null, mean: boolean | null) =>
    invoke<MetricDefinition>("metric_definition", { kind, scale, mean }),
  feedbackPreview: (mapping: Mapping) => invoke<Preview>("feedback_preview", { mapping }),
  feedbackImport: (mapping: Mapping, preset: string | null, onRows: (rows: number) => void) => {
    const progress = new Channel<number>();
    progress.onmessage = onRows;
    return invoke<ProjectView>("feedback_import", { mapping, preset, progress });
  },
  feedbackCancel: () => invoke<void>("feedback_cancel"),
  cardFeedback: (card: CardId, search: string, band: [number, number] | null) =>
    invoke<CardFeedback>("card_feedback", { card, search, band }),
  removeDataset: (id: string) => invoke<ProjectView>("remove_dataset", { id }),
  setMinN: (minN: number) => invoke<ProjectView>("set_min_n", { minN }),
};

/** The one sentence to show for a failed call. */
export function errorMessage(error: unknown): string {
  if (typeof error === "string") return error;
  if (error && typeof error === "object" && "message" in error) return String((error as UiError).message);
  return "Something went wrong.";
}
