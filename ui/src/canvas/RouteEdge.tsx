import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getSmoothStepPath } from "@xyflow/react";
import { memo } from "react";
import type { RouteEdgeData } from "./nodes";

/**
 * A flow along the route Rust computed. While one of its cards is being dragged the stored route no longer fits,
 * so the edge follows the card with a plain step path until the drop.
 */
function RouteEdgeView(props: EdgeProps & { data?: RouteEdgeData }) {
  const { data, sourceX, sourceY, targetX, targetY, markerEnd, selected } = props;
  const points = data?.points ?? [];
  const first = points[0];
  const last = points[points.length - 1];
  const stale =
    !first ||
    !last ||
    Math.abs(first.x - sourceX) > 1 ||
    Math.abs(first.y - sourceY) > 1 ||
    Math.abs(last.x - targetX) > 1 ||
    Math.abs(last.y - targetY) > 1;
  const [stepPath, stepLabelX, stepLabelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, borderRadius: 6 });
  const path = stale ? stepPath : `M ${points.map((p) => `${p.x} ${p.y}`).join(" L ")}`;
  const middle = points[Math.floor(points.length / 2)];
  const labelX = stale || !middle ? stepLabelX : middle.x;
  const labelY = stale || !middle ? stepLabelY : middle.y;
  return (
    <>
      <BaseEdge
        path={path}
        markerEnd={markerEnd ?? "url(#waymark-arrow)"}
        className={`flow flow-${data?.kind ?? "happy_path"}${selected ? " selected" : ""}${data?.dim ? " dim" : ""}`}
      />
      {data?.label && (
        <EdgeLabelRenderer>
          <div
            className="flow-label"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {data.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const RouteEdge = memo(RouteEdgeView);
