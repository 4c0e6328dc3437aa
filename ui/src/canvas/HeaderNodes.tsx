import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import { useStore } from "../context";
import { formatValue, scoreTitle } from "../feedback";
import type { LaneNodeData, StageNodeData } from "./nodes";

function StageNodeView({ data }: NodeProps & { data: StageNodeData }) {
  const store = useStore();
  const score = data.score;
  return (
    <div className={`stage-column${data.index % 2 ? " odd" : ""}${data.dim ? " dim" : ""}`}>
      <div className="stage-header" data-testid="stage-header">
        <span className="stage-number">{data.index + 1}</span> <span className="stage-name">{data.stage.name}</span>
        {(score || data.channels) && (
          <span className="stage-tools">
            {score && (
              <span
                className={`score-badge stage-score${score.score.low_confidence ? " low-confidence" : ""}${score.segment ? " segment" : ""}`}
                data-testid="stage-score"
                title={`${score.segment ? `${score.segment}: ` : ""}${scoreTitle(score.score, score.metric, score.minN)}`}
              >
                {formatValue(score.score.value, score.metric)} <span className="n">n={score.score.n}</span>
              </span>
            )}
            {data.channels && (
              <button
                type="button"
                className="stage-channels nodrag"
                aria-label={`Channels of ${data.stage.name}`}
                title="This stage's touchpoint channels side by side"
                onClick={(e) => {
                  e.stopPropagation();
                  store.set({ panel: "channels", channelsStage: data.stage.id });
                }}
              >
                Channels
              </button>
            )}
          </span>
        )}
      </div>
    </div>
  );
}

function LaneNodeView({ data }: NodeProps & { data: LaneNodeData }) {
  return (
    <div className={`lane-row lane-${data.lane.kind}`}>
      <div className="lane-header" style={{ width: data.headerWidth }} data-testid="lane-header">
        <div className="lane-name">{data.lane.name}</div>
        <div className="lane-kind">{data.lane.kind.replace("_", " ")}</div>
      </div>
      {data.cursorX !== null && (
        <div
          className="cell-cursor"
          style={{ left: data.cursorX, width: data.cursorWidth }}
          data-testid="cell-cursor"
        />
      )}
    </div>
  );
}

export const StageNode = memo(StageNodeView);
export const LaneNode = memo(LaneNodeView);
