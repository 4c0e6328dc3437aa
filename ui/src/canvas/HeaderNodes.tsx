import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import { formatValue, scoreTitle } from "../feedback";
import type { LaneNodeData, StageNodeData } from "./nodes";

function StageNodeView({ data }: NodeProps & { data: StageNodeData }) {
  return (
    <div className={`stage-column${data.index % 2 ? " odd" : ""}${data.dim ? " dim" : ""}`}>
      <div className="stage-header" data-testid="stage-header">
        <span className="stage-number">{data.index + 1}</span> {data.stage.name}
        {data.score && (
          <span
            className={`score-badge stage-score${data.score.score.low_confidence ? " low-confidence" : ""}`}
            data-testid="stage-score"
            title={scoreTitle(data.score.score, data.score.metric, data.score.minN)}
          >
            {formatValue(data.score.score.value, data.score.metric)} <span className="n">n={data.score.score.n}</span>
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
