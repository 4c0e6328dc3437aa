import type { ReactNode } from "react";
import { useStore } from "../context";

/** The frame every side panel shares: a titled header with a close button. */
export function SidePanel({ label, title, children }: { label: string; title: string; children: ReactNode }) {
  const store = useStore();
  return (
    <aside className="side-panel" aria-label={label}>
      <header>
        <h2>{title}</h2>
        <button type="button" className="icon" aria-label="Close" onClick={() => store.set({ panel: null })}>
          ×
        </button>
      </header>
      {children}
    </aside>
  );
}
