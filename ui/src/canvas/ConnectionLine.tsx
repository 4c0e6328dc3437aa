import { type ConnectionLineComponentProps, useStore as useFlowStore } from "@xyflow/react";
import { useEffect } from "react";
import { flowKinds, setConnectKind } from "../actions";
import { useStore } from "../context";
import { useAppState } from "../store";

/**
 * The connection being dragged, drawn in the kind it will get, with that kind named beside the pointer. While it is
 * dragged (and only then: xyflow mounts this for the drag), keys 1–4 choose the kind; the choice is remembered for
 * the next connection, as the Flow panel's "New connections" is.
 */
export function ConnectionLine({ fromX, fromY, toX, toY }: ConnectionLineComponentProps) {
  const store = useStore();
  const kind = useAppState(store, (s) => s.connectKind);
  const zoom = useFlowStore((s) => s.transform[2]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const chosen = flowKinds.find(([, key]) => key === event.key);
      if (!chosen || event.ctrlKey || event.metaKey || event.altKey) return;
      // Captured before the window's shortcuts, where 1–4 would retype a selected flow instead.
      event.preventDefault();
      event.stopImmediatePropagation();
      setConnectKind(store, chosen[0]);
    };
    window.addEventListener("keydown", onKey, { capture: true });
    return () => window.removeEventListener("keydown", onKey, { capture: true });
  }, [store]);

  const name = flowKinds.find(([k]) => k === kind)?.[2] ?? kind;
  const middle = (fromX + toX) / 2;
  const size = 12 / zoom;
  return (
    <g className="flows-layer connection-preview" data-connect-kind={kind}>
      <path
        className={`flow flow-${kind}`}
        d={`M ${fromX} ${fromY} H ${middle} V ${toY} H ${toX}`}
        markerEnd={`url(#arrow-${kind})`}
      />
      <text className="connection-kind" x={toX + size} y={toY - size} fontSize={size} aria-live="polite">
        {`${name} · 1–4 change`}
      </text>
    </g>
  );
}
