import { useEffect, useState } from "react";
import type {
  ExportDone,
  ExportRequest,
  Format,
  FormatInfo,
  PageSize,
  PdfLayout,
  PdfPages,
  ProjectView,
  ThemeName,
} from "../bindings";
import { useStore } from "../context";
import { errorMessage, ipc } from "../ipc";
import { useLivePreview } from "../preview";
import { useAppState } from "../store";
import { SidePanel } from "./SidePanel";

const scales: [number, string][] = [
  [1, "1×"],
  [2, "2×"],
  [3, "3×"],
  [300 / 96, "300 dpi"],
];

type Settings = Omit<ExportRequest, "journey" | "stages" | "cards" | "heatmap" | "metric"> & {
  scope: "journey" | "stages" | "selection";
};
const defaults: Settings = {
  format: "svg",
  scale: 2,
  page: "a4",
  pages: "auto",
  theme: "light",
  transparent: false,
  comments: false,
  scope: "journey",
};
const storageKey = "waymark.export";

/** Points with at most one decimal: 4.2, 6, 8.3. */
const points = (pt: number) => `${Number(pt.toFixed(1))} pt`;

/** What the PDF will be: "1 page, text at 4.2 pt", "6 pages (3 × 2), text at 6 pt", and a warning under the minimum. */
function pagesLine(pdf: PdfLayout): string {
  const pages = pdf.pages === 1 ? "1 page" : `${pdf.pages} pages (${pdf.columns} × ${pdf.rows})`;
  const small = pdf.legible ? "" : ` — smaller than the ${points(pdf.min_text_pt)} that stays legible`;
  return `${pages}, text at ${points(pdf.text_pt)}${small}`;
}

/** The last settings used, so the next export starts from them. */
function remembered(): Settings {
  try {
    return { ...defaults, ...JSON.parse(localStorage.getItem(storageKey) ?? "{}") };
  } catch {
    return defaults;
  }
}

/**
 * The Export panel: format and its options, what to include, a live preview, and where the file went. Exports go
 * to the project's folder (or the last folder chosen with "Export as…"), never over an existing file.
 */
export function ExportPanel({ view }: { view: ProjectView }) {
  const store = useStore();
  const selection = useAppState(store, (s) => s.selection);
  const heatmap = useAppState(store, (s) => s.heatmap);
  const metric = useAppState(store, (s) => s.metric);
  const stageCount = view.journey?.stages.length ?? 0;
  const [settings, setSettings] = useState<Settings>(remembered);
  const [range, setRange] = useState<[number, number]>([1, Math.max(1, stageCount)]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExportDone | null>(null);
  // The formats Rust exports, as it names and labels them.
  const [formats, setFormats] = useState<FormatInfo[]>([]);
  useEffect(() => {
    ipc.exportFormats().then(setFormats, () => setFormats([]));
  }, []);

  const scope = settings.scope === "selection" && selection.length === 0 ? "journey" : settings.scope;
  const request: ExportRequest = {
    format: settings.format,
    // The journey on show.
    journey: null,
    scale: settings.scale,
    page: settings.page,
    pages: settings.pages,
    theme: settings.theme,
    transparent: settings.transparent,
    stages: scope === "stages" ? range : null,
    cards: scope === "selection" ? selection : [],
    // Scores show as on the canvas: the same metric, and the heatmap if it is on.
    heatmap,
    metric,
    comments: settings.comments,
  };
  const key = JSON.stringify(request);

  // A fresh preview whenever the settings or the map change.
  const live = useLivePreview(() => ipc.exportPreview(JSON.parse(key)), key, view);
  const preview = live.value;
  const problem = live.problem;
  const setProblem = live.setProblem;

  const change = (patch: Partial<Settings>) => {
    const next = { ...settings, ...patch };
    setSettings(next);
    setDone(null);
    localStorage.setItem(storageKey, JSON.stringify(next));
  };
  const run = async (choose: boolean) => {
    setBusy(true);
    setDone(null);
    try {
      const result = await ipc.exportFile(request, choose);
      if (result) setDone(result);
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const isImage = formats.find((f) => f.format === settings.format)?.image ?? false;

  return (
    <SidePanel label="Export" title="Export">
      <div className="export-form">
        <label>
          Format
          <select
            aria-label="Format"
            value={settings.format}
            onChange={(e) => change({ format: e.target.value as Format })}
          >
            {formats.map((f) => (
              <option key={f.format} value={f.format}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        {settings.format === "png" && (
          <label>
            Size
            <select
              aria-label="Scale"
              value={settings.scale}
              onChange={(e) => change({ scale: Number(e.target.value) })}
            >
              {scales.map(([value, label]) => (
                <option key={label} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        )}
        {settings.format === "pdf" && (
          <label>
            Page
            <select
              aria-label="Page"
              value={settings.page}
              onChange={(e) => change({ page: e.target.value as PageSize })}
            >
              <option value="a4">A4 landscape</option>
              <option value="a3">A3 landscape</option>
              <option value="letter">Letter landscape</option>
              <option value="fit">Fit to the map (one page)</option>
            </select>
          </label>
        )}
        {settings.format === "pdf" && settings.page !== "fit" && (
          <label>
            Pages
            <select
              aria-label="Pages"
              value={settings.pages}
              onChange={(e) => change({ pages: e.target.value as PdfPages })}
            >
              <option value="auto">Automatic</option>
              <option value="fit">One page</option>
              <option value="tile">Tiles</option>
            </select>
          </label>
        )}
        {isImage && (
          <div className="row">
            <label className="inline">
              Theme
              <select
                aria-label="Theme"
                value={settings.theme}
                onChange={(e) => change({ theme: e.target.value as ThemeName })}
              >
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </select>
            </label>
            {settings.format !== "pdf" && (
              <label className="inline">
                <input
                  type="checkbox"
                  checked={settings.transparent}
                  onChange={(e) => change({ transparent: e.target.checked })}
                />
                Transparent
              </label>
            )}
          </div>
        )}
        {isImage && (
          <label className="inline">
            <input
              type="checkbox"
              checked={settings.comments}
              onChange={(e) => change({ comments: e.target.checked })}
            />
            Include open comments as notes
          </label>
        )}
        {settings.format !== "json" && (
          <fieldset>
            <legend>Include</legend>
            <label className="inline">
              <input type="radio" checked={scope === "journey"} onChange={() => change({ scope: "journey" })} />
              The whole journey
            </label>
            <label className="inline">
              <input
                type="radio"
                aria-label="A range of stages"
                checked={scope === "stages"}
                onChange={() => change({ scope: "stages" })}
              />
              Stages
              <input
                type="number"
                aria-label="First stage"
                min={1}
                max={stageCount}
                value={range[0]}
                onChange={(e) => setRange([Number(e.target.value), range[1]])}
              />
              to
              <input
                type="number"
                aria-label="Last stage"
                min={1}
                max={stageCount}
                value={range[1]}
                onChange={(e) => setRange([range[0], Number(e.target.value)])}
              />
            </label>
            <label className="inline">
              <input
                type="radio"
                checked={scope === "selection"}
                disabled={selection.length === 0}
                onChange={() => change({ scope: "selection" })}
              />
              The selected cards ({selection.length})
            </label>
          </fieldset>
        )}
      </div>
      <div className="export-preview" data-testid="export-preview">
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        {preview?.svg && (
          <img
            alt="Preview of the export"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.svg)}`}
          />
        )}
        {preview?.text !== null && preview?.text !== undefined && <pre>{preview.text}</pre>}
        {preview?.pdf && settings.format === "pdf" && (
          <p data-testid="export-pages" className={preview.pdf.legible ? undefined : "problem"}>
            {pagesLine(preview.pdf)}
          </p>
        )}
        {preview?.pixels && (
          <p data-testid="export-pixels">
            {preview.pixels[0]} × {preview.pixels[1]} pixels
          </p>
        )}
      </div>
      <p className="muted">Saves into {preview?.folder ?? "the project's folder"}</p>
      <div className="row panel-actions">
        <button type="button" data-testid="export-run" disabled={busy || !!problem} onClick={() => void run(false)}>
          Export
        </button>
        <button type="button" disabled={busy || !!problem} onClick={() => void run(true)}>
          Export as…
        </button>
      </div>
      {busy && (
        <div className="row">
          <progress aria-label="Exporting" />
          <button type="button" onClick={() => void ipc.exportCancel()}>
            Stop
          </button>
        </div>
      )}
      {done && (
        <p role="status" data-testid="export-done">
          Saved {done.path} ({Math.max(1, Math.round(done.bytes / 1024))} KB)
        </p>
      )}
    </SidePanel>
  );
}
