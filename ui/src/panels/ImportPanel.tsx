import { useEffect, useState } from "react";
import { receive } from "../actions";
import type { Answers, FileSummary, Mapping, MetricKind, ProjectView } from "../bindings";
import { useStore } from "../context";
import { metricLabel } from "../feedback";
import { errorMessage, ipc } from "../ipc";
import { useLivePreview } from "../preview";
import { AnswersTable } from "./AnswersTable";
import { SidePanel } from "./SidePanel";

const kinds: MetricKind[] = ["nps", "csat", "ces", "rating", "number", "share"];

/** Which columns mean what, the metric, and how rows find cards — with a live count of what would happen. */
export function ImportPanel({ view, summary }: { view: ProjectView; summary: FileSummary }) {
  const store = useStore();
  const [mapping, setMapping] = useState<Mapping>(summary.suggestion);
  const [preset, setPreset] = useState("");
  const [rows, setRows] = useState<number | null>(null);
  const [reason, setReason] = useState(summary.reason);
  useEffect(() => {
    setMapping(summary.suggestion);
    setReason(summary.reason);
  }, [summary]);

  // The preview follows every change to the mapping.
  const live = useLivePreview(() => ipc.feedbackPreview(mapping), mapping, null, 200);
  const preview = live.value;
  const problem = live.problem;
  const setProblem = live.setProblem;

  const setMetric = async (kind: MetricKind, scaleMax: number | null, mean: boolean | null) => {
    const scale: [number, number] | null = scaleMax === null ? null : [kind === "number" ? 0 : 1, scaleMax];
    const metric = await ipc.metricDefinition(kind, scale, mean, mapping.answers.positive);
    setMapping({ ...mapping, metric });
  };
  // A share's definition names the answers it counts, so it follows them.
  const setAnswers = async (answers: Answers) => {
    setMapping((m) => ({ ...m, answers }));
    if (mapping.metric.kind === "share") {
      const metric = await ipc.metricDefinition("share", null, null, answers.positive);
      setMapping((m) => ({ ...m, metric }));
    }
  };
  // A new score column brings the metric and answer scale its first rows suggest.
  const setScore = async (score: string) => {
    const guess = await ipc.feedbackGuessScore(score);
    setReason(guess?.reason ?? "");
    setMapping({
      ...mapping,
      score,
      metric: guess?.reason ? guess.metric : mapping.metric,
      answers: guess?.answers ?? { scale: null, values: {}, positive: [] },
    });
  };
  // Columns by their question where the export gives one, with the column's id.
  const columnName = (c: string, i: number) => (summary.questions[i] ? `${summary.questions[i]} (${c})` : c);
  const column = (label: string, value: string | null, set: (v: string | null) => void, optional = true) => (
    <label>
      {label}
      <select aria-label={label} value={value ?? ""} onChange={(e) => set(e.target.value || null)}>
        {optional && <option value="">(none)</option>}
        {summary.columns.map((c, i) => (
          <option key={c} value={c}>
            {columnName(c, i)}
          </option>
        ))}
      </select>
    </label>
  );
  const cards = view.journey?.cards ?? [];
  const target = mapping.target;
  const run = async () => {
    setRows(0);
    try {
      await receive(store, await ipc.feedbackImport(mapping, preset.trim() || null, setRows));
      store.set({ importing: null, panel: null, error: null });
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setRows(null);
    }
  };
  const mean = mapping.metric.aggregation.kind === "mean";

  return (
    <SidePanel label="Import feedback" title="Import feedback">
      <p className="muted" data-testid="import-file">
        {summary.info.format}, {summary.info.encoding}, {summary.columns.length} columns
        {summary.info.layout !== "plain" && `, ${summary.info.layout.replace("_", " ")} header`}
      </p>
      <div className="export-form">
        <label>
          Metric
          <select
            aria-label="Metric kind"
            value={mapping.metric.kind}
            onChange={(e) => void setMetric(e.target.value as MetricKind, null, null)}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {metricLabel(k)}
              </option>
            ))}
          </select>
        </label>
        {(mapping.metric.kind === "csat" || mapping.metric.kind === "ces") && (
          <div className="row">
            {mapping.metric.kind === "csat" && (
              <select
                aria-label="Scale"
                value={mapping.metric.scale_max}
                onChange={(e) => void setMetric("csat", Number(e.target.value), mean)}
              >
                <option value={5}>1–5</option>
                <option value={7}>1–7</option>
              </select>
            )}
            <select
              aria-label="Aggregate"
              value={mean ? "mean" : "share"}
              onChange={(e) => void setMetric(mapping.metric.kind, mapping.metric.scale_max, e.target.value === "mean")}
            >
              <option value="share">Share of top answers</option>
              <option value="mean">Mean</option>
            </select>
          </div>
        )}
        <p className="muted" data-testid="import-metric">
          {mapping.metric.description}
        </p>
        {column("Score column", mapping.score, (v) => void setScore(v ?? ""), false)}
        {reason && (
          <p className="muted" data-testid="score-reason">
            Suggested because {reason}.
          </p>
        )}
        {column("Comment column", mapping.comment, (v) => setMapping({ ...mapping, comment: v }))}
        {column("Date column", mapping.date, (v) => setMapping({ ...mapping, date: v }))}
        <fieldset>
          <legend>Each response is about</legend>
          <label className="inline">
            <input
              type="radio"
              aria-label="One card"
              checked={target.by === "card"}
              onChange={() => setMapping({ ...mapping, target: { by: "card", card: cards[0]?.id ?? "" } })}
            />
            One card:
            <select
              aria-label="Card"
              disabled={target.by !== "card"}
              value={target.by === "card" ? target.card : ""}
              onChange={(e) => setMapping({ ...mapping, target: { by: "card", card: e.target.value } })}
            >
              {cards.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            <input
              type="radio"
              aria-label="The card a column names"
              checked={target.by === "column"}
              onChange={() =>
                setMapping({ ...mapping, target: { by: "column", column: summary.columns[0] ?? "", aliases: {} } })
              }
            />
            The card named in:
            <select
              aria-label="Card column"
              disabled={target.by !== "column"}
              value={target.by === "column" ? target.column : ""}
              onChange={(e) =>
                setMapping({ ...mapping, target: { by: "column", column: e.target.value, aliases: {} } })
              }
            >
              {summary.columns.map((c, i) => (
                <option key={c} value={c}>
                  {columnName(c, i)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            <input
              type="radio"
              aria-label="The card of a channel and a stage"
              checked={target.by === "channel_stage"}
              onChange={() =>
                setMapping({
                  ...mapping,
                  target: {
                    by: "channel_stage",
                    channel: summary.columns[0] ?? "",
                    stage: summary.columns[1] ?? summary.columns[0] ?? "",
                  },
                })
              }
            />
            The touchpoint of the channel in
            <select
              aria-label="Channel column"
              disabled={target.by !== "channel_stage"}
              value={target.by === "channel_stage" ? target.channel : ""}
              onChange={(e) =>
                target.by === "channel_stage" &&
                setMapping({ ...mapping, target: { ...target, channel: e.target.value } })
              }
            >
              {summary.columns.map((c, i) => (
                <option key={c} value={c}>
                  {columnName(c, i)}
                </option>
              ))}
            </select>
            at the stage in
            <select
              aria-label="Stage column"
              disabled={target.by !== "channel_stage"}
              value={target.by === "channel_stage" ? target.stage : ""}
              onChange={(e) =>
                target.by === "channel_stage" &&
                setMapping({ ...mapping, target: { ...target, stage: e.target.value } })
              }
            >
              {summary.columns.map((c, i) => (
                <option key={c} value={c}>
                  {columnName(c, i)}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        {target.by === "column" && Object.keys(target.aliases).length > 0 && (
          <ul className="import-issues" data-testid="aliases">
            {Object.entries(target.aliases).map(([value, card]) => (
              <li key={value}>
                “{value}” → {cards.find((c) => c.id === card)?.title ?? "?"}{" "}
                <button
                  type="button"
                  onClick={() => {
                    const { [value]: _dropped, ...rest } = target.aliases;
                    setMapping({ ...mapping, target: { ...target, aliases: rest } });
                  }}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <label>
          Save as preset (optional)
          <input aria-label="Preset name" value={preset} onChange={(e) => setPreset(e.target.value)} />
        </label>
      </div>
      <div className="export-preview" data-testid="import-preview">
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        {preview && (
          <>
            <p data-testid="import-counts">
              {preview.rows_read} rows read: {preview.mapped} to import, {preview.no_answer} with no answer,{" "}
              {preview.unmapped.reduce((n, u) => n + u.rows, 0)} match no card,{" "}
              {preview.invalid.reduce((n, i) => n + i.rows, 0)} left out
            </p>
            <AnswersTable
              answers={preview.answers}
              mapping={mapping.answers}
              share={mapping.metric.kind === "share"}
              onChange={(answers) => void setAnswers(answers)}
            />
            <ul className="import-issues">
              {preview.unmapped.slice(0, 8).map((u) => (
                <li key={`u:${u.value}`} data-testid="unmapped">
                  No card for “{u.value}”: {u.rows} rows
                  {target.by === "column" && (
                    <select
                      aria-label={`Card for ${u.value}`}
                      value=""
                      onChange={(e) =>
                        setMapping({
                          ...mapping,
                          target: { ...target, aliases: { ...target.aliases, [u.value]: e.target.value } },
                        })
                      }
                    >
                      <option value="">send to…</option>
                      {cards.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.title}
                        </option>
                      ))}
                    </select>
                  )}
                </li>
              ))}
              {preview.invalid.map((i) => (
                <li key={`i:${i.reason}`}>
                  {i.reason}: {i.rows} rows (lines {i.lines.join(", ")}
                  {i.rows > i.lines.length ? ", …" : ""})
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {rows === null ? (
        <div className="row panel-actions">
          <button
            type="button"
            data-testid="import-run"
            disabled={!preview || preview.mapped === 0}
            onClick={() => void run()}
          >
            Import {preview ? preview.mapped : ""} responses
          </button>
          <button type="button" onClick={() => store.set({ importing: null, panel: null })}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="row panel-actions" data-testid="import-progress">
          <progress aria-label="Importing" max={preview?.rows_read || undefined} value={rows} />
          <span>{rows} rows</span>
          <button type="button" onClick={() => void ipc.feedbackCancel()}>
            Stop
          </button>
        </div>
      )}
    </SidePanel>
  );
}
