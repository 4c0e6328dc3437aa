import { Panel } from "@xyflow/react";
import { useEffect, useRef, useState } from "react";
import { update } from "../actions";
import type { MetricKind, ProjectView } from "../bindings";
import { useStore } from "../context";
import { formatValue, heatColour, metricLabel, scoreTitle } from "../feedback";
import { ipc } from "../ipc";
import { chooseSegmentColumn, chooseSegmentValue, segmentScores, segmentValues } from "../segments";
import { useAppState } from "../store";
import { metricOnShow } from "./nodes";

/** The imported files behind the scores; removing one takes its responses and scores out of the project. */
function Datasets({ view }: { view: ProjectView }) {
  const store = useStore();
  const [asking, setAsking] = useState<string | null>(null);
  const readOnly = view.file.read_only !== null;
  return (
    <details className="datasets">
      <summary>Datasets ({view.feedback.datasets.length})</summary>
      <ul>
        {view.feedback.datasets.map((d) => (
          <li key={d.id} data-testid="dataset">
            <span title={d.definition.description}>
              {d.source_name}: {d.rows_mapped} of {d.rows_read} rows
            </span>
            {asking === d.id ? (
              <>
                {" "}
                Remove it?{" "}
                <button
                  type="button"
                  onClick={() => void update(store, () => ipc.removeDataset(d.id)).then(() => setAsking(null))}
                >
                  Remove
                </button>
                <button type="button" onClick={() => setAsking(null)}>
                  Keep
                </button>
              </>
            ) : (
              <button type="button" disabled={readOnly} onClick={() => setAsking(d.id)}>
                Remove…
              </button>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * The minimum n, as typed: the field keeps what the user types (a value Rust has not answered yet is not undone),
 * and each whole number from 1 up is sent as it is typed; the view's value comes back when it changes.
 */
function MinNInput({ minN }: { minN: number }) {
  const store = useStore();
  const [text, setText] = useState(String(minN));
  const field = useRef<HTMLInputElement>(null);
  // While the user types, the field is theirs; otherwise it shows the window's value (after an undo, say).
  useEffect(() => {
    if (document.activeElement !== field.current) setText(String(minN));
  }, [minN]);
  return (
    <input
      ref={field}
      type="number"
      className="min-n"
      aria-label="Minimum responses"
      min={1}
      value={text}
      onBlur={() => setText(String(minN))}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value);
        if (Number.isInteger(n) && n >= 1 && n !== minN) void update(store, () => ipc.setMinN(n));
      }}
    />
  );
}

/**
 * Which responses the badges, the heatmap and the stage scores count: all, or those with one value of a segment
 * column. The chosen column's report has every value's scores, so choosing a value makes no call.
 */
function SegmentFilter() {
  const store = useStore();
  const { columns, column, report, value } = useAppState(store, (s) => s.segments);
  if (columns.length === 0) return null;
  const values = report ? segmentValues(report) : [];
  return (
    <>
      <div className="row segment-filter">
        <label className="inline" htmlFor="segment-column">
          Segment
        </label>
        <select
          id="segment-column"
          className="segment-select"
          aria-label="Segment column"
          value={column ?? ""}
          onChange={(e) => void chooseSegmentColumn(store, e.target.value || null)}
        >
          <option value="">None</option>
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        {column !== null && (
          <select
            className="segment-select"
            aria-label="Segment value"
            value={value ?? ""}
            disabled={!report}
            onChange={(e) => chooseSegmentValue(store, e.target.value === "" ? null : e.target.value)}
          >
            <option value="">All responses</option>
            {values.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        )}
      </div>
      {column !== null && (
        <p className="segment-showing" data-testid="segment-showing">
          Showing: <strong>{value === null ? "all responses" : `${column} = ${value}`}</strong>
          {value !== null && (
            <button type="button" className="link" onClick={() => chooseSegmentValue(store, null)}>
              Show all
            </button>
          )}
        </p>
      )}
    </>
  );
}

/** What the score badges and the heatmap mean: the metric's definition, the colour scale, the n rule. */
export function FeedbackLegend({ view }: { view: ProjectView }) {
  const store = useStore();
  const heatmap = useAppState(store, (s) => s.heatmap);
  const chosen = useAppState(store, (s) => s.metric);
  const report = useAppState(store, (s) => s.segments.report);
  const value = useAppState(store, (s) => s.segments.value);
  const metric = metricOnShow(view, chosen);
  if (!metric) return null;
  const { metrics, min_n: minN } = view.feedback;
  const segment = segmentScores(report, value, metric.kind);
  const journeyScore = segment
    ? segment.journey
    : view.feedback.scope_scores.find((s) => s.stage === null && s.metric === metric.kind);
  const ends = [0, 0.5, 1].map((t) =>
    heatColour(
      metric.aggregation.kind === "net_score"
        ? -100 + 200 * t
        : metric.aggregation.kind === "share_at_least"
          ? 100 * t
          : metric.scale_min + (metric.scale_max - metric.scale_min) * t,
      metric,
    ),
  );
  return (
    <Panel position="top-right" className="feedback-legend" aria-label="Feedback legend">
      <div className="row">
        {metrics.length > 1 ? (
          <select
            aria-label="Metric"
            value={metric.kind}
            onChange={(e) => store.set({ metric: e.target.value as MetricKind })}
          >
            {metrics.map((m) => (
              <option key={m.kind} value={m.kind}>
                {metricLabel(m.kind)}
              </option>
            ))}
          </select>
        ) : (
          <strong>{metricLabel(metric.kind)}</strong>
        )}
        <label className="inline">
          <input
            type="checkbox"
            checked={heatmap}
            onChange={(e) => store.set({ heatmap: e.target.checked })}
            aria-label="Heatmap"
          />
          Heatmap
        </label>
      </div>
      <p data-testid="metric-definition">{metric.description}</p>
      <SegmentFilter />
      {journeyScore ? (
        <p data-testid="journey-score" title={scoreTitle(journeyScore, metric, minN)}>
          Whole journey{segment ? ` (${segment.label})` : ""}:{" "}
          <strong>{formatValue(journeyScore.value, metric)}</strong> (n={journeyScore.n})
        </p>
      ) : (
        segment && (
          <p data-testid="journey-score">
            No {metricLabel(metric.kind)} responses with {segment.label}.
          </p>
        )
      )}
      {heatmap && (
        <div
          className="heat-scale"
          style={{ background: `linear-gradient(to right, ${ends.join(", ")})` }}
          title="Worst to best"
        />
      )}
      <p className="muted">
        Badges: value and n (hover for the 95% interval). Dashed: fewer than <MinNInput minN={minN} /> responses.
      </p>
      <Datasets view={view} />
    </Panel>
  );
}
