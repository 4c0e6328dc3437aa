import { memo } from "react";
import type { FlowLine, FlowsNodeData } from "./nodes";

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
      {data.runs.map((run, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: runs are positional
        <FlowRun key={i} flows={run} />
      ))}
      {data.runs.map((run, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: runs are positional
        <LabelRun key={i} flows={run} />
      ))}
    </svg>
  );
}

/** A run of flows (see runsOf): redrawn only when one of its flows changed. */
const FlowRun = memo(function FlowRun({ flows }: { flows: FlowLine[] }) {
  return flows.map((f) => <FlowPath key={f.id} flow={f} />);
});

const LabelRun = memo(function LabelRun({ flows }: { flows: FlowLine[] }) {
  return flows.map((f) => f.label && <FlowLabel key={f.id} flow={f} />);
});

/** One flow; memoised, so an edit redraws only the flows whose route or kind changed. */
const FlowPath = memo(function FlowPath({ flow }: { flow: FlowLine }) {
  return (
    <path
      data-testid="flow"
      data-flow-id={flow.id}
      className={`flow flow-${flow.kind}${flow.dim ? " dim" : ""}`}
      d={`M ${flow.points.map((p) => `${p.x} ${p.y}`).join(" L ")}`}
      markerEnd={`url(#arrow-${flow.kind})`}
    />
  );
});

const FlowLabel = memo(function FlowLabel({ flow }: { flow: FlowLine }) {
  const middle = flow.points[Math.floor(flow.points.length / 2)] ?? { x: 0, y: 0 };
  return (
    <text className="flow-label" x={middle.x} y={middle.y} textAnchor="middle">
      {flow.label}
    </text>
  );
});

export const FlowsNode = memo(FlowsNodeView);
