import { type NodeProps, useReactFlow } from "@xyflow/react";
import { memo, useState } from "react";
import { update } from "../actions";
import { useStore } from "../context";
import { emotionAt, emotionY } from "../edits";
import { ipc } from "../ipc";
import { stageScoreLabel, usePersonaScores } from "../personaScores";
import { useAppState } from "../store";
import { personaColours } from "../theme";
import type { EmotionNodeData } from "./nodes";

type Drag = { persona: string; stage: string; y: number };

/**
 * One curve per persona across the emotions lane. Each stage has a handle per persona: drag it up or down to
 * set the value (−2…+2); a stage without a value shows a hollow handle on the neutral line. A persona linked to a
 * segment value has that segment's score written beside its handle at each stage with responses.
 */
function EmotionNodeView({ data }: NodeProps & { data: EmotionNodeData }) {
  const store = useStore();
  const flow = useReactFlow();
  const [drag, setDrag] = useState<Drag | null>(null);
  const { band, origin, personas, stageCenters, values } = data;
  const feedback = useAppState(store, (s) => s.view?.feedback);
  const journey = useAppState(store, (s) => s.view?.journey?.id);
  const scores = usePersonaScores(personas, feedback, journey);
  const scoreAt = (persona: string, stage: string) =>
    scores.find((s) => s.persona === persona)?.stages.find((s) => s.stage === stage);
  const width = Math.max(...stageCenters.map((s) => s.x), 0) - origin.x + 200;
  const height = band.bottom - origin.y + 40;

  const valueAt = (persona: string, stage: string) =>
    values.find((v) => v.persona === persona && v.stage === stage)?.value;
  const local = (y: number) => y - origin.y;

  const commit = async (d: Drag) => {
    const journey = store.get().view?.journey?.id;
    if (!journey) return;
    const value = emotionAt(band, d.y);
    if (valueAt(d.persona, d.stage) === value) return;
    await update(store, () => ipc.apply({ op: "set_emotion", journey, persona: d.persona, stage: d.stage, value }));
  };

  return (
    <svg className="emotion-curves" width={width} height={height} role="img" aria-label="Emotion curves">
      {[2, 0, -2].map((v) => (
        <g key={v}>
          <line
            className="emotion-grid"
            x1={0}
            x2={width}
            y1={local(emotionY(band, v))}
            y2={local(emotionY(band, v))}
          />
          <text className="emotion-axis" x={4} y={local(emotionY(band, v)) - 3}>
            {v > 0 ? `+${v}` : v}
          </text>
        </g>
      ))}
      {personas.map((persona, p) => {
        const colour = personaColours[p % personaColours.length];
        const points = stageCenters
          .map((s) => {
            const dragged = drag && drag.persona === persona.id && drag.stage === s.stage;
            const value = valueAt(persona.id, s.stage);
            if (value === undefined && !dragged) return null;
            return { x: s.x - origin.x, y: local(dragged ? drag.y : emotionY(band, value ?? 0)) };
          })
          .filter((pt): pt is { x: number; y: number } => pt !== null);
        return (
          <g key={persona.id} data-testid="emotion-curve" data-persona={persona.name}>
            <polyline
              className="emotion-line"
              points={points.map((pt) => `${pt.x},${pt.y}`).join(" ")}
              stroke={colour}
            />
            {stageCenters.map((s) => {
              const value = valueAt(persona.id, s.stage);
              const dragged = drag && drag.persona === persona.id && drag.stage === s.stage;
              const y = dragged ? drag.y : emotionY(band, value ?? 0);
              const x = s.x - origin.x + (p - (personas.length - 1) / 2) * 10;
              const score = scoreAt(persona.id, s.stage);
              return (
                <g key={s.stage}>
                  {score && feedback && (
                    <text
                      className={`persona-score${score.score.low_confidence ? " low-confidence" : ""}`}
                      data-testid="persona-score"
                      x={x + 10}
                      y={local(y) - 9}
                      fill={colour}
                    >
                      {stageScoreLabel(score, feedback.metrics)}
                    </text>
                  )}
                  <circle
                    className={`emotion-handle nodrag nopan${value === undefined ? " unset" : ""}`}
                    data-testid="emotion-handle"
                    cx={x}
                    cy={local(y)}
                    r={7}
                    stroke={colour}
                    fill={value === undefined ? "transparent" : colour}
                    aria-label={`${persona.name}: ${value ?? "not set"}`}
                    onPointerDown={(e) => {
                      if (data.readOnly) return;
                      e.currentTarget.setPointerCapture(e.pointerId);
                      setDrag({ persona: persona.id, stage: s.stage, y });
                    }}
                    onPointerMove={(e) => {
                      if (!dragged) return;
                      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
                      setDrag({
                        persona: persona.id,
                        stage: s.stage,
                        y: Math.max(band.top, Math.min(band.bottom, at.y)),
                      });
                    }}
                    onPointerUp={() => {
                      if (!drag) return;
                      const done = drag;
                      setDrag(null);
                      void commit(done);
                    }}
                  />
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

export const EmotionNode = memo(EmotionNodeView);
