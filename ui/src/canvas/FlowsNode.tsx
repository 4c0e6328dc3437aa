import { memo } from "react";
import type { FlowsNodeData } from "./nodes";

const kinds = ["happy_path", "alternative", "failure", "loop"];

/**
 * Every flow along the route Rust computed, drawn in one SVG under the cards. One component for all flows keeps
 * an edit cheap on large maps (a separate xyflow edge per flow re-ran its store selectors on every update). While
 * a card is dragged its flows keep their old route until the drop.
 */
function FlowsNodeView({ data }: { data: FlowsNodeData }) {
  return (
    <svg className="flows-layer" width={data.width} height={data.height} aria-hidden="true">
      <defs>
        {kinds.map((kind) => (
          <marker
            key={kind}
            id={`arrow-${kind}`}
            className={`flow-marker flow-${kind}`}
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto-start-reverse"
          >
            <path d="M0 0L10 5L0 10z" />
          </marker>
        ))}
      </defs>
      {data.flows.map((f) => (
        <path
          key={f.id}
          data-testid="flow"
          data-flow-id={f.id}
          className={`flow flow-${f.kind}${f.dim ? " dim" : ""}`}
          d={`M ${f.points.map((p) => `${p.x} ${p.y}`).join(" L ")}`}
          markerEnd={`url(#arrow-${f.kind})`}
        />
      ))}
      {data.flows
        .filter((f) => f.label)
        .map((f) => {
          const middle = f.points[Math.floor(f.points.length / 2)] ?? { x: 0, y: 0 };
          return (
            <text key={`label:${f.id}`} className="flow-label" x={middle.x} y={middle.y} textAnchor="middle">
              {f.label}
            </text>
          );
        })}
    </svg>
  );
}

export const FlowsNode = memo(FlowsNodeView);
