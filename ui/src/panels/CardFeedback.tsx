import { useEffect, useState } from "react";
import type { CardData, CardFeedback as Feedback, ProjectView } from "../bindings";
import { metricOnShow } from "../canvas/nodes";
import { useStore } from "../context";
import { bands, formatValue, scoreTitle, sparkline, sparkPoints } from "../feedback";
import { errorMessage, ipc } from "../ipc";
import { useAppState } from "../store";
import { SegmentTable } from "./SegmentTable";

/** The selected card's feedback: its scores, a monthly trend, and the comments (untrusted: shown as text). */
export function CardFeedback({ view, card }: { view: ProjectView; card: CardData }) {
  const store = useStore();
  const chosen = useAppState(store, (s) => s.metric);
  const metric = metricOnShow(view, chosen);
  const scores = view.feedback.scores.filter((s) => s.card_id === card.id);
  const [search, setSearch] = useState("");
  const [band, setBand] = useState<number | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const bandList = metric ? bands(metric) : [];
  const chosenBand = band === null ? null : bandList[band];
  const bandKey = chosenBand ? `${chosenBand[1]}-${chosenBand[2]}` : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: `bandKey` stands for the band; `view` for new data.
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      ipc
        .cardFeedback(card.id, search, chosenBand ? [chosenBand[1], chosenBand[2]] : null)
        .then((f) => current && setFeedback(f))
        .catch((e) => current && setProblem(errorMessage(e)));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [card.id, search, bandKey, view]);
  if (scores.length === 0 || !metric) return null;
  const trend = feedback?.trend.filter((p) => p.metric === metric.kind) ?? [];
  return (
    <section className="card-feedback" aria-label="Feedback">
      <h3>Feedback</h3>
      {scores.map((s) => {
        const definition = view.feedback.metrics.find((m) => m.kind === s.metric);
        if (!definition) return null;
        return (
          <p key={s.metric} data-testid="card-score" title={scoreTitle(s, definition, view.feedback.min_n)}>
            {scoreTitle(s, definition, view.feedback.min_n)}
          </p>
        );
      })}
      {trend.length > 1 && (
        <svg className="sparkline" width={240} height={40} role="img" aria-label="Trend by month">
          <title>
            {trend
              .map((p) => {
                const low = p.low_confidence ? `, fewer than ${view.feedback.min_n}` : "";
                return `${p.period}: ${formatValue(p.value, metric)} (n=${p.n}${low})`;
              })
              .join("; ")}
          </title>
          <g transform="translate(2 2)">
            <path d={sparkline(trend, metric, 236, 36)} />
            {/* Months under the minimum n are hollow, as low-confidence badges are dashed. */}
            {sparkPoints(trend, metric, 236, 36).map(({ x, y, point }) => (
              <circle
                key={point.period}
                cx={x}
                cy={y}
                r={2.5}
                className={point.low_confidence ? "low-confidence" : undefined}
                data-testid="trend-point"
              />
            ))}
          </g>
        </svg>
      )}
      <SegmentTable view={view} card={card} metric={metric} />
      <h3>Comments</h3>
      <div className="row">
        <input
          aria-label="Search comments"
          placeholder="Search comments"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select
          aria-label="Score band"
          value={band ?? ""}
          onChange={(e) => setBand(e.target.value === "" ? null : Number(e.target.value))}
        >
          <option value="">All scores</option>
          {bandList.map(([label], i) => (
            <option key={label} value={i}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {problem && <p className="problem">{problem}</p>}
      {feedback && (
        <>
          <p className="muted" data-testid="comment-count">
            {feedback.matching} comments
            {feedback.matching > feedback.comments.length ? `, newest ${feedback.comments.length} shown` : ""}
          </p>
          <ol className="comments" data-testid="comments">
            {feedback.comments.map((c) => (
              <li key={`${c.dataset}:${c.row}`}>
                <span className="comment-score">{c.score}</span>
                {c.time !== null && <time>{new Date(c.time * 1000).toISOString().slice(0, 10)}</time>}
                <span className="comment-text">{c.text}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
