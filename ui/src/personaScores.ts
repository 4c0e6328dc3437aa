// The stage scores of personas linked to a segment value, fetched from Rust after each change to the personas, the
// feedback or the journey on show, for the Personas panel and the emotion curves.
import { useEffect, useState } from "react";
import type { FeedbackView, MetricDefinition, Persona, PersonaScores, PersonaStageScore } from "./bindings";
import { formatValue, metricLabel } from "./feedback";
import { ipc } from "./ipc";

/** A persona's score at a stage as a short label, "NPS +12 (n=88)", formatted as the badges are. */
export function stageScoreLabel(score: PersonaStageScore, metrics: MetricDefinition[]): string {
  const metric = metrics.find((m) => m.kind === score.metric);
  const value = metric ? formatValue(score.score.value, metric) : score.score.value.toFixed(1);
  return `${metricLabel(score.metric)} ${value} (n=${score.score.n})`;
}

/** The linked personas' scores in the journey on show; none while no persona is linked. */
export function usePersonaScores(
  personas: Persona[] | undefined,
  feedback: FeedbackView | undefined,
  journey: string | undefined,
): PersonaScores[] {
  const [scores, setScores] = useState<PersonaScores[]>([]);
  useEffect(() => {
    // No scores without a linked persona, or without a journey and its feedback to score.
    if (!personas?.some((p) => p.segment) || !feedback || !journey) {
      setScores([]);
      return;
    }
    let current = true;
    ipc
      .personaScores()
      .then((s) => current && setScores(s))
      .catch(() => current && setScores([]));
    return () => {
      current = false;
    };
  }, [personas, feedback, journey]);
  return scores;
}
