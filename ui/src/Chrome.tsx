// The window's chrome around the canvas: toolbar, banners, command palette, shortcuts list, welcome screen.
import { memo, type RefObject, useEffect, useMemo, useRef, useState } from "react";
import { type Action, actionById, actions, isEnabled, openRecent, update } from "./actions";
import type { FileInfo, JourneyId, JourneySummary, ProjectView } from "./bindings";
import { useStore } from "./context";
import { errorMessage, ipc } from "./ipc";
import { shortcutLabel } from "./keys";
import { ConflictCopies } from "./panels/ConflictCopies";
import { SidePanel } from "./panels/SidePanel";
import { useAppState } from "./store";

function ActionButton({ id, label }: { id: string; label?: string }) {
  const store = useStore();
  const action = actionById(id);
  const enabled = useAppState(store, (s) => isEnabled(action, s));
  const key = action.keys[0];
  return (
    <button
      type="button"
      disabled={!enabled}
      title={key ? `${action.title} (${shortcutLabel(key)})` : action.title}
      data-action={id}
      onClick={() => void action.run(store)}
    >
      {label ?? action.title}
    </button>
  );
}

/** A drop-down of every action in one group of the registry, like a menu bar's menu. */
function GroupMenu({ group }: { group: Action["group"] }) {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  return (
    <details className="menu" ref={menu} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{group}</summary>
      {/* Drawn only while open: a closed menu need not follow every change of state. */}
      {open && <GroupItems group={group} menu={menu} />}
    </details>
  );
}

function GroupItems({ group, menu }: { group: Action["group"]; menu: RefObject<HTMLDetailsElement | null> }) {
  const store = useStore();
  const state = useAppState(store, (s) => s);
  return (
    <div role="menu" aria-label={group}>
      {actions
        .filter((a) => a.group === group)
        .map((a) => (
          <button
            type="button"
            role="menuitem"
            key={a.id}
            disabled={!isEnabled(a, state)}
            data-action={a.id}
            onClick={() => {
              menu.current?.removeAttribute("open");
              void a.run(store);
            }}
          >
            <span>{a.title}</span>
            {a.keys[0] && <kbd>{shortcutLabel(a.keys[0])}</kbd>}
          </button>
        ))}
    </div>
  );
}

/** Redrawn only when the file or the list of journeys changes; its buttons follow the state themselves. */
export const Toolbar = memo(function Toolbar({
  file,
  journeys,
  journey,
}: {
  file: FileInfo;
  journeys: JourneySummary[];
  journey: JourneyId | null;
}) {
  const store = useStore();
  return (
    <div className="toolbar" role="toolbar" aria-label="Toolbar">
      <GroupMenu group="File" />
      <span className="file-name" title={file.path}>
        {file.name}
      </span>
      <select
        aria-label="Journey"
        value={journey ?? ""}
        onChange={(e) => void update(store, () => ipc.showJourney(e.target.value))}
      >
        {journeys.map((j) => (
          <option key={j.id} value={j.id}>
            {j.name}
          </option>
        ))}
      </select>
      <ActionButton id="view.journeys" label="Journeys" />
      <ActionButton id="edit.undo" label="Undo" />
      <ActionButton id="edit.redo" label="Redo" />
      <span className="separator" />
      <ActionButton id="card.add" label="+ Card" />
      <ActionButton id="view.cardPanel" label="Details" />
      <ActionButton id="view.structure" label="Stages & lanes" />
      <ActionButton id="view.personas" label="Personas" />
      <ActionButton id="view.check" label="Check" />
      <ActionButton id="view.history" label="History" />
      <ActionButton id="view.comments" label="Comments" />
      <span className="separator" />
      <ActionButton id="workshop.present" label="Present" />
      <ActionButton id="workshop.voting" label="Dot voting" />
      <span className="separator" />
      <ActionButton id="file.export" label="Export" />
      <span className="spacer" />
      <ActionButton id="view.palette" label="Commands…" />
    </div>
  );
});

export function Banners({ view }: { view: ProjectView | null }) {
  const store = useStore();
  const error = useAppState(store, (s) => s.error);
  // Rust says a notice once (the file was replaced and merged): it stays until dismissed.
  const [notice, setNotice] = useState<string | null>(null);
  const said = view?.file.notice;
  useEffect(() => {
    if (said) setNotice(said);
  }, [said]);
  return (
    <>
      {notice && (
        <div className="banner notice" role="status" data-testid="file-notice">
          {notice}
          <button type="button" className="icon" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      )}
      {view?.file.detached ? (
        <div className="banner read-only" role="status" data-testid="file-detached">
          <strong>Read-only:</strong> {view.file.detached.reason} This window keeps your document: save it as a new file
          to go on editing.
          <ActionButton id="file.saveAs" label="Save as…" />
          {view.file.detached.another_file && (
            <button
              type="button"
              onClick={() => void ipc.openNewFile().catch((e) => store.set({ error: errorMessage(e) }))}
            >
              Open the new file
            </button>
          )}
        </div>
      ) : (
        view?.file.read_only && (
          <div className="banner read-only" role="status">
            <strong>Read-only:</strong> {view.file.name} is open read-only because {view.file.read_only}. You can look,
            present and copy; to edit, close it in the other window, or save a copy.
          </div>
        )
      )}
      {view && <ConflictCopies view={view} />}
      {error && (
        <div className="banner error" role="alert">
          {error}
          <button type="button" className="icon" aria-label="Dismiss" onClick={() => store.set({ error: null })}>
            ×
          </button>
        </div>
      )}
    </>
  );
}

/** Ctrl/Cmd+K: every action by name. */
export function Palette() {
  const store = useStore();
  const state = useAppState(store, (s) => s);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const matches = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return actions.filter(
      (a) => isEnabled(a, state) && words.every((w) => `${a.group} ${a.title}`.toLowerCase().includes(w)),
    );
  }, [query, state]);
  const choose = (action: Action | undefined) => {
    if (!action) return;
    store.set({ palette: false });
    void action.run(store);
  };
  return (
    <div className="overlay">
      <div className="palette" role="dialog" aria-label="Command palette">
        <input
          ref={input}
          aria-label="Search commands"
          placeholder="Type a command…"
          value={query}
          onBlur={() => store.set({ palette: false })}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") setActive((i) => Math.min(i + 1, matches.length - 1));
            else if (e.key === "ArrowUp") setActive((i) => Math.max(i - 1, 0));
            else if (e.key === "Enter") choose(matches[active]);
            else return;
            e.preventDefault();
          }}
        />
        <ul>
          {matches.map((a, i) => (
            <li key={a.id}>
              <button
                type="button"
                className={i === active ? "active" : ""}
                // Chosen on mouse-down, before the search field's blur closes the palette.
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(a);
                }}
              >
                <span className="group">{a.group}</span> {a.title}
                {a.keys[0] && <kbd>{shortcutLabel(a.keys[0])}</kbd>}
              </button>
            </li>
          ))}
          {matches.length === 0 && <li className="empty">No command matches “{query}”.</li>}
        </ul>
      </div>
    </div>
  );
}

export function ShortcutsPanel() {
  return (
    <SidePanel label="Keyboard shortcuts" title="Keyboard shortcuts">
      <table className="shortcuts">
        <tbody>
          {actions
            .filter((a) => a.keys.length > 0)
            .map((a) => (
              <tr key={a.id}>
                <td>{a.title}</td>
                <td>
                  {a.keys.map((k) => (
                    <kbd key={k}>{shortcutLabel(k)}</kbd>
                  ))}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      <p className="hint">
        Double-click a cell to add a card there; drag a card to move it; drag from a card's right edge to another card
        to connect them.
      </p>
    </SidePanel>
  );
}

function RecentList() {
  const store = useStore();
  const recent = useAppState(store, (s) => s.recent);
  if (recent.length === 0) return <p className="hint">No recent files yet.</p>;
  return (
    <ul className="recent">
      {recent.map((path) => (
        <li key={path}>
          <button type="button" className="link" onClick={() => void openRecent(store, path)}>
            {path}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function RecentPanel() {
  return (
    <SidePanel label="Recent files" title="Recent files">
      <RecentList />
    </SidePanel>
  );
}

export function Welcome() {
  return (
    <main className="welcome">
      <h1>Waymark</h1>
      <p>Customer journey maps in one local file.</p>
      <div className="welcome-actions">
        <ActionButton id="file.new" label="New project…" />
        <ActionButton id="file.newSample" label="New from the sample…" />
        <ActionButton id="file.open" label="Open…" />
      </div>
      <section>
        <h2>Recent</h2>
        <RecentList />
      </section>
    </main>
  );
}
