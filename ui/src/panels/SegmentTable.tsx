import { useEffect, useState } from "react";
import type { CardData, MetricDefinition, ProjectView, SegmentReport } from "../bindings";
import { useStore } from "../context";
import { formatValue, metricLabel } from "../feedback";
import { errorMessage, ipc } from "../ipc";
import { differenceText, significanceText } from "../segments";
import { useAppState } from "../store";

/**
 * The card's score by each value of a segment column (the legend's, else the first; a select picks another):
 * score, n, 95% interval, and the difference from the other values with whether it is significant at 95%.
 * Values come from survey files: they are shown as text.
 */
export function SegmentTable({ view, card, metric }: { view: ProjectView; card: CardData; metric: MetricDefinition }) {
  const store = useStore();
  const {
    columns,
    column: legendColumn,
    report: legendReport,
    value: legendValue,
  } = useAppState(store, (s) => s.segments);
  // A column picked here holds until another is chosen in the legend (then that one is shown here too).
  const [picked, setPicked] = useState<{ column: string; legend: string | null } | null>(null);
  const mine = picked?.legend === legendColumn ? picked.column : null;
  const column = [mine, legendColumn, columns[0]].find((c) => c != null && columns.includes(c)) ?? null;
  const fromLegend = column !== null && column === legendColumn && legendReport?.column === column;
  const [own, setOwn] = useState<SegmentReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Another column's report is read here, and again after any change to the feedback.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `view.feedback` stands for new scores.
  useEffect(() => {
    if (column === null || fromLegend) return;
    let current = true;
    ipc
      .scoresBySegment(column)
      .then((r) => {
        if (!current) return;
        setOwn(r);
        setProblem(null);
      })
      .catch((e) => {
        if (current) setProblem(errorMessage(e));
      });
    return () => {
      current = false;
    };
  }, [column, fromLegend, view.feedback]);
  if (column === null) return null;
  const report = fromLegend ? legendReport : own?.column === column ? own : null;
  const split = report?.splits.find(
    (s) => s.scope.kind === "card" && s.scope.card === card.id && s.metric === metric.kind,
  );
  const minN = view.feedback.min_n;
  return (
    <section className="segment-table" aria-label="By segment">
      <div className="row">
        <h3>By segment</h3>
        {columns.length > 1 && (
          <select
            aria-label="Split by"
            value={column}
            onChange={(e) => setPicked({ column: e.target.value, legend: legendColumn })}
          >
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </div>
      {problem && <p className="problem">{problem}</p>}
      {!report ? (
        <p className="muted">Reading…</p>
      ) : !split ? (
        <p className="muted" data-testid="segment-none">
          No {metricLabel(metric.kind)} responses to this card record {column}.
        </p>
      ) : (
        <>
          <table className="answers segments" data-testid="segment-table">
            <caption>
              {metricLabel(metric.kind)} by {column}, n = {split.n}
            </caption>
            <thead>
              <tr>
                <th scope="col">{column}</th>
                <th scope="col">{metricLabel(metric.kind)}</th>
                <th scope="col">n</th>
                <th scope="col">95% interval</th>
              </tr>
            </thead>
            {split.segments.map((s) => {
              const c = s.versus_rest;
              const name = s.segment ?? "(no value)";
              return (
                <tbody
                  key={name}
                  className={`${s.low_confidence ? "low-confidence" : ""}${c?.significant ? " significant" : ""}${
                    column === legendColumn && s.segment !== null && s.segment === legendValue ? " shown" : ""
                  }`}
                  data-testid="segment-row"
                  data-segment={name}
                  data-significant={c?.significant ? "true" : undefined}
                >
                  <tr className="score-row">
                    <th scope="row">{name}</th>
                    <td>{formatValue(s.value, metric)}</td>
                    <td title={s.low_confidence ? `Low confidence: fewer than ${minN} responses` : undefined}>
                      {s.n}
                      {s.low_confidence ? "*" : ""}
                    </td>
                    <td>
                      {formatValue(s.low, metric)} to {formatValue(s.high, metric)}
                    </td>
                  </tr>
                  <tr className="versus">
                    <td colSpan={4}>
                      {s.segment === null
                        ? "No value: shown, not compared."
                        : c
                          ? `vs the other values: ${differenceText(c, metric)}`
                          : "Too few responses to compare."}
                      {c?.significant && (
                        <strong
                          className={`flag ${c.difference < 0 ? "below" : "above"}`}
                          data-testid="segment-significant"
                        >
                          {" "}
                          {significanceText(c, "the other values")}
                        </strong>
                      )}
                    </td>
                  </tr>
                </tbody>
              );
            })}
          </table>
          <p className="muted footnote">
            * fewer than {minN} responses: low confidence. Each difference is tested on its own: among many, about one
            in twenty that are not real is still flagged.
          </p>
        </>
      )}
    </section>
  );
}
