// Typed calls into the Rust shell. Every call returns what the window now shows, or throws a UiError.
import { invoke } from "@tauri-apps/api/core";
import type { Command, ExportDone, ExportPreview, ExportRequest, JourneyId, ProjectView, UiError } from "./bindings";

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
};

/** The one sentence to show for a failed call. */
export function errorMessage(error: unknown): string {
  if (typeof error === "string") return error;
  if (error && typeof error === "object" && "message" in error) return String((error as UiError).message);
  return "Something went wrong.";
}
