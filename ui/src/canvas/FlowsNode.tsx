import { memo, useState } from "react";
import { update } from "../actions";
import type { FlowKind } from "../bindings";
import { useStore } from "../context";
import { reconnect, updateFlow } from "../edits";
import { ipc } from "../ipc";
import { bundlesOf, pathOf } from "./bundles";
import { InPlaceInput } from "./InPlaceInput";
import type { FlowLine, FlowsNodeData } from "./nodes";
import { corner, cornerCount } from "./route";

const kinds = ["happy_path", "alternative", "failure", "loop"];

/**
 * Every flow along the route Rust computed, drawn in one SVG under the cards. One component for all flows keeps
 * an edit cheap on large maps (a separate xyflow edge per flow re-ran its store selectors on every update). While
 * a card is dragged its flows keep their old route until the drop. Zoomed in, only the flows around the screen
 * are drawn (see buildNodes), each with a wider, invisible hit line, so it can be hovered and clicked; the
 * selected one shows handles at both ends, to drag onto another card.
 */
function FlowsNodeView({ data }: { data: FlowsNodeData }) {
  return (
    <svg className="flows-layer" width={data.width} height={data.height}>
      <title>Flows</title>
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
      {data.runs.map((run) => (
        <FlowRun key={run.key} flows={run.items} hit={data.detailed} />
      ))}
      {data.runs.map((run) => (
        <LabelRun key={run.key} flows={run.items} />
      ))}
    </svg>
  );
}

/**
 * A run of flows (see runsByTile): redrawn only when one of its flows changed. Zoomed in, each flow on its own;
 * zoomed out, in bundles (see bundlesOf).
 */
const FlowRun = memo(function FlowRun({ flows, hit }: { flows: FlowLine[]; hit: boolean }) {
  if (hit) return flows.map((f) => <FlowPath key={f.id} flow={f} hit />);
  const { bundles, single } = bundlesOf(flows);
  return (
    <>
      {bundles.map((b) => (
        <g key={b.kind} data-flow-ids={b.ids}>
          <path className={`flow flow-${b.kind}`} d={b.line} />
          <path className={`flow-head flow-${b.kind}`} d={b.heads} />
        </g>
      ))}
      {single.map((f) => (
        <FlowPath key={f.id} flow={f} hit={false} />
      ))}
    </>
  );
});

const LabelRun = memo(function LabelRun({ flows }: { flows: FlowLine[] }) {
  return flows.map((f) =>
    f.editing ? <LabelEditor key={f.id} flow={f} /> : f.label && <FlowLabel key={f.id} flow={f} />,
  );
});

/**
 * One flow; memoised, so an edit redraws only the flows whose route, kind or selection changed. Zoomed out (no
 * `hit`) it has no line to hover and click: too thin to aim at.
 */
const FlowPath = memo(function FlowPath({ flow, hit }: { flow: FlowLine; hit: boolean }) {
  const kind = flow.kind.replace("_", " ");
  return (
    <g className={`flow-item${flow.selected ? " selected" : ""}${flow.highlighted ? " highlighted" : ""}`}>
      <path
        data-testid="flow"
        data-flow-id={flow.id}
        className={`flow flow-${flow.kind}${flow.dim ? " dim" : ""}`}
        d={pathOf(flow)}
        markerEnd={`url(#arrow-${flow.kind})`}
      />
      {hit && (
        <path className="flow-hit" data-flow-hit={flow.id} d={pathOf(flow)}>
          <title>{flow.label ? `${kind}: ${flow.label}` : kind}</title>
        </path>
      )}
      {flow.selected && <EndHandles flow={flow} />}
    </g>
  );
});

/** Where a flow's label sits: the middle of the box the layout placed, else the middle of its route. */
function middleOf(flow: FlowLine) {
  const box = flow.labelBox;
  if (box) return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  return corner(flow.points, Math.floor(cornerCount(flow.points) / 2)) ?? { x: 0, y: 0 };
}

const FlowLabel = memo(function FlowLabel({ flow }: { flow: FlowLine }) {
  const middle = middleOf(flow);
  return (
    <text className="flow-label" x={middle.x} y={middle.y} textAnchor="middle">
      {flow.label}
    </text>
  );
});

/** A point `distance` back from the end of a route, so an end's handle is not hidden under its card. */
function nearEnd(points: FlowLine["points"], end: "from" | "to", distance = 10) {
  const [tip, before] =
    end === "to" ? [corner(points, -1), corner(points, -2)] : [corner(points, 0), corner(points, 1)];
  if (!tip || !before) return tip ?? { x: 0, y: 0 };
  const length = Math.hypot(before.x - tip.x, before.y - tip.y) || 1;
  const t = Math.min(1, distance / length);
  return { x: tip.x + (before.x - tip.x) * t, y: tip.y + (before.y - tip.y) * t };
}

/** Handles at both ends of the selected flow: dragged onto another card, that end moves there (one undo step). */
function EndHandles({ flow }: { flow: FlowLine }) {
  const store = useStore();
  const [dragging, setDragging] = useState<"from" | "to" | null>(null);
  const drop = (end: "from" | "to", clientX: number, clientY: number) => {
    setDragging(null);
    const card = document.elementFromPoint(clientX, clientY)?.closest<HTMLElement>("[data-card-id]")?.dataset.cardId;
    const { view } = store.get();
    const data = view?.journey?.flows.find((f) => f.id === flow.id);
    const command = view && data && card ? reconnect(view, data, end, card) : null;
    if (command) void update(store, () => ipc.apply(command));
  };
  return (["from", "to"] as const).map((end) => {
    const at = nearEnd(flow.points, end);
    return (
      <circle
        key={end}
        className={`flow-end nodrag nopan${dragging === end ? " dragging" : ""}`}
        data-flow-end={end}
        cx={at.x}
        cy={at.y}
        r={6}
        aria-label={end === "from" ? "Drag to move where the flow starts" : "Drag to move where the flow ends"}
        onPointerDown={(e) => {
          e.stopPropagation();
          e.currentTarget.setPointerCapture(e.pointerId);
          setDragging(end);
        }}
        onPointerUp={(e) => {
          e.stopPropagation();
          e.currentTarget.releasePointerCapture(e.pointerId);
          if (dragging === end) drop(end, e.clientX, e.clientY);
        }}
      />
    );
  });
}

/** The flow's label, edited in place: Enter saves, Esc leaves without saving. */
function LabelEditor({ flow }: { flow: FlowLine }) {
  const store = useStore();
  const save = async (text: string) => {
    store.set({ editingFlow: null });
    const { view } = store.get();
    const data = view?.journey?.flows.find((f) => f.id === flow.id);
    if (!view || !data || (text.trim() || null) === data.label) return;
    await update(store, () => ipc.apply(updateFlow(view, data, data.kind as FlowKind, text)));
  };
  const middle = middleOf(flow);
  return (
    <foreignObject x={middle.x - 90} y={middle.y - 16} width={180} height={28} className="flow-label-editor">
      <InPlaceInput
        initial={flow.label ?? ""}
        label="Flow label"
        className="flow-label-input nodrag nopan"
        onSave={(text) => void save(text)}
        onLeave={() => store.set({ editingFlow: null })}
      />
    </foreignObject>
  );
}

export const FlowsNode = memo(FlowsNodeView);
