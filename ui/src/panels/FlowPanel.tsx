import { useEffect, useState } from "react";
import { flowKinds, setConnectKind, update } from "../actions";
import type { Flow, FlowKind, ProjectView } from "../bindings";
import { useStore } from "../context";
import { disconnect, updateFlow } from "../edits";
import { ipc } from "../ipc";
import { useAppState } from "../store";

/**
 * The selected flow: where it goes, its kind and its label (both saved as one edit each), and Delete. Keys do
 * the same on the canvas: 1–4 set the kind, Enter edits the label in place, Delete removes the flow.
 */
export function FlowPanel({ view, flow }: { view: ProjectView; flow: Flow }) {
  const store = useStore();
  const connectKind = useAppState(store, (s) => s.connectKind);
  const readOnly = view.file.read_only !== null;
  const title = (id: string) => view.journey?.cards.find((c) => c.id === id)?.title ?? "?";
  const [label, setLabel] = useState(flow.label ?? "");
  useEffect(() => setLabel(flow.label ?? ""), [flow.label]);
  const save = (kind: FlowKind, text: string) => {
    if (kind === flow.kind && (text.trim() || null) === flow.label) return;
    void update(store, () => ipc.apply(updateFlow(view, flow, kind, text)));
  };
  return (
    <aside className="side-panel flow-panel" aria-label="Flow">
      <header>
        <h2>Flow</h2>
        <button type="button" className="icon" aria-label="Close" onClick={() => store.set({ flow: null })}>
          ×
        </button>
      </header>
      <p data-testid="flow-ends">
        {title(flow.from)} → {title(flow.to)}
      </p>
      <label>
        Kind
        <select
          aria-label="Flow kind"
          value={flow.kind}
          disabled={readOnly}
          onChange={(e) => save(e.target.value as FlowKind, label)}
        >
          {flowKinds.map(([kind, key, name]) => (
            <option key={kind} value={kind}>
              {name} ({key})
            </option>
          ))}
        </select>
      </label>
      <label>
        Label
        <input
          aria-label="Flow label"
          value={label}
          disabled={readOnly}
          placeholder="e.g. paid by card"
          onChange={(e) => setLabel(e.target.value)}
          onBlur={() => save(flow.kind, label)}
          onKeyDown={(e) => {
            if (e.key === "Enter") save(flow.kind, label);
            e.stopPropagation();
          }}
        />
      </label>
      <div className="row panel-actions">
        <button
          type="button"
          disabled={readOnly}
          onClick={() =>
            void update(
              store,
              () => ipc.apply(disconnect(view, flow.id)),
              () => ({ flow: null }),
            )
          }
        >
          Delete flow
        </button>
      </div>
      <label>
        New connections
        <select
          aria-label="New connections"
          value={connectKind}
          onChange={(e) => setConnectKind(store, e.target.value as FlowKind)}
        >
          {flowKinds.map(([kind, , name]) => (
            <option key={kind} value={kind}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">Drag either end of the flow onto another card to move it there.</p>
    </aside>
  );
}
