import { useEffect, useState } from "react";
import type { ChannelReport, ProjectView } from "../bindings";
import { useStore } from "../context";
import { formatValue, metricLabel } from "../feedback";
import { errorMessage, ipc } from "../ipc";
import { differenceText } from "../segments";
import { useAppState } from "../store";
import { SidePanel } from "./SidePanel";

/**
 * A stage's touchpoint channels side by side (a card's channel, else its lane's name): each channel's score, n and
 * 95% interval, and a flag on a channel significantly below the stage's other channels. Read again after any
 * change to the feedback. Channel names come from the map and the files: shown as text.
 */
export function ChannelsPanel({ view }: { view: ProjectView }) {
  const store = useStore();
  const chosen = useAppState(store, (s) => s.channelsStage);
  const stages = view.journey?.stages ?? [];
  const stage = stages.find((s) => s.id === chosen) ?? stages[0];
  const [read, setRead] = useState<{ stage: string; report: ChannelReport } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const stageId = stage?.id ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `view.feedback` stands for new scores.
  useEffect(() => {
    if (stageId === null) return;
    let current = true;
    ipc
      .channelConsistency(stageId)
      .then((report) => {
        if (!current) return;
        setRead({ stage: stageId, report });
        setProblem(null);
      })
      .catch((e) => {
        if (current) setProblem(errorMessage(e));
      });
    return () => {
      current = false;
    };
  }, [stageId, view.feedback]);
  const minN = view.feedback.min_n;
  const entries = read && read.stage === stageId ? read.report.stages : null;
  return (
    <SidePanel label="Channels" title="Channels">
      <label>
        Stage
        <select
          aria-label="Stage"
          value={stageId ?? ""}
          onChange={(e) => store.set({ channelsStage: e.target.value })}
          disabled={stages.length === 0}
        >
          {stages.map((s, i) => (
            <option key={s.id} value={s.id}>
              {i + 1}. {s.name}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">
        The stage's touchpoint channels side by side, each against the stage's other channels together (95%).
      </p>
      {problem && <p className="problem">{problem}</p>}
      {stage && entries === null && !problem && <p className="muted">Reading…</p>}
      {stage && entries?.length === 0 && (
        <p data-testid="channels-empty">
          No touchpoint feedback in “{stage.name}”: none of its touchpoint cards has responses yet.
        </p>
      )}
      {entries?.map((entry) => {
        const metric = view.feedback.metrics.find((m) => m.kind === entry.metric);
        if (!metric) return null;
        return (
          <table className="answers channels" data-testid="channels-table" key={entry.metric}>
            <caption>
              {metricLabel(entry.metric)} in {entry.name}
            </caption>
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col">{metricLabel(entry.metric)}</th>
                <th scope="col">n</th>
                <th scope="col">95% interval</th>
              </tr>
            </thead>
            {entry.channels.map((c) => {
              const titles = c.cards
                .map((id) => view.journey?.cards.find((card) => card.id === id)?.title)
                .filter((t): t is string => !!t);
              return (
                <tbody
                  key={c.channel}
                  className={`${c.low_confidence ? "low-confidence" : ""}${c.below_rest ? " below" : ""}`}
                  data-testid="channel-row"
                  data-channel={c.channel}
                  data-below={c.below_rest ? "true" : undefined}
                >
                  <tr className="score-row">
                    <th scope="row">{c.channel}</th>
                    <td>{formatValue(c.value, metric)}</td>
                    <td title={c.low_confidence ? `Low confidence: fewer than ${minN} responses` : undefined}>
                      {c.n}
                      {c.low_confidence ? "*" : ""}
                    </td>
                    <td>
                      {formatValue(c.low, metric)} to {formatValue(c.high, metric)}
                    </td>
                  </tr>
                  <tr className="versus">
                    <td colSpan={4}>
                      {c.below_rest && (
                        <strong className="flag" data-testid="channel-below">
                          ⚠ below the other channels at 95%
                          <br />
                        </strong>
                      )}
                      {c.versus_rest
                        ? `vs the other channels: ${differenceText(c.versus_rest, metric)}`
                        : entry.channels.length === 1
                          ? "The only channel with responses."
                          : "Too few responses to compare."}
                      {titles.length > 0 && <span className="cards"> · {titles.join(", ")}</span>}
                    </td>
                  </tr>
                </tbody>
              );
            })}
          </table>
        );
      })}
      {entries && entries.length > 0 && (
        <p className="muted footnote">
          * fewer than {minN} responses: low confidence. Each channel is tested on its own: among many, about one in
          twenty differences that are not real is still flagged.
        </p>
      )}
    </SidePanel>
  );
}
