// The conflict copies a sync tool left beside the window's project (Dropbox's "… (conflicted copy …)", Syncthing's
// "….sync-conflict-…", "… (1)" and the like, checked in Rust to be copies of this very project): a banner that
// offers to merge each into the project and, once merged, to move it to the trash — asking first, in a dialog.
// Asked for when a project opens and whenever the window's file becomes another one. Names are shown as text.
import { useEffect, useRef, useState } from "react";
import { update } from "../actions";
import type { ConflictCopy, ProjectView } from "../bindings";
import { useStore } from "../context";
import { errorMessage, ipc } from "../ipc";

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function ConflictCopies({ view }: { view: ProjectView }) {
  const store = useStore();
  const file = view.file.path;
  const [copies, setCopies] = useState<ConflictCopy[]>([]);
  const [merged, setMerged] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<ConflictCopy | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `file` stands for the project: another one is asked anew.
  useEffect(() => {
    let cancelled = false;
    setCopies([]);
    setMerged([]);
    setAsking(null);
    ipc.conflictCopies().then(
      (found) => {
        if (!cancelled) setCopies(found);
      },
      // Looking for copies is a convenience: without it the window works as before.
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [file]);

  if (copies.length === 0) return null;
  const readOnly = view.file.read_only !== null;
  const drop = (copy: ConflictCopy) => setCopies((all) => all.filter((c) => c.path !== copy.path));
  const merge = async (copy: ConflictCopy) => {
    setBusy(true);
    const done = await update(store, () => ipc.mergeCopy(copy.path));
    setBusy(false);
    if (done) setMerged((all) => [...all, copy.path]);
  };
  const trash = async (copy: ConflictCopy) => {
    setAsking(null);
    setBusy(true);
    try {
      await ipc.trashCopy(copy.path);
      drop(copy);
    } catch (error) {
      store.set({ error: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  const count =
    copies.length === 1 ? "A conflict copy of this project is" : `${copies.length} conflict copies of this project are`;
  return (
    <section className="banner notice conflict-copies" aria-label="Conflict copies" data-testid="conflict-copies">
      <p className="copies-text">
        {count} beside it, left by a sync tool when the project was changed in two places at once. Merge each into this
        project{readOnly ? " (not while it is read-only)" : ""}; then it can go to the trash.
      </p>
      <ul className="copy-list">
        {copies.map((copy) => {
          const isMerged = merged.includes(copy.path);
          return (
            <li key={copy.path} className="copy-row" data-testid="conflict-copy">
              <span className="copy-name">{copy.name}</span>
              <span className="copy-meta">
                {copy.tool} · {when(copy.modified_ms)}
                {isMerged && " · merged"}
              </span>
              <button
                type="button"
                disabled={busy || readOnly || isMerged}
                aria-label={`Merge ${copy.name}`}
                onClick={() => void merge(copy)}
              >
                Merge
              </button>
              {isMerged && (
                <button
                  type="button"
                  disabled={busy}
                  aria-label={`Move ${copy.name} to the trash`}
                  onClick={() => setAsking(copy)}
                >
                  Move to trash
                </button>
              )}
              <button type="button" disabled={busy} aria-label={`Dismiss ${copy.name}`} onClick={() => drop(copy)}>
                Dismiss
              </button>
            </li>
          );
        })}
      </ul>
      {asking && <ConfirmTrash copy={asking} onCancel={() => setAsking(null)} onConfirm={() => void trash(asking)} />}
    </section>
  );
}

/** Asks before a copy goes to the trash: Cancel has the focus, Esc cancels, Tab stays inside. */
function ConfirmTrash({
  copy,
  onCancel,
  onConfirm,
}: {
  copy: ConflictCopy;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const cancel = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    cancel.current?.focus();
    return () => before?.focus();
  }, []);
  return (
    <div className="overlay">
      <div
        className="confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-trash-title"
        aria-describedby="confirm-trash-text"
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Escape") onCancel();
          if (e.key === "Tab") {
            e.preventDefault();
            (document.activeElement === cancel.current ? confirm : cancel).current?.focus();
          }
        }}
      >
        <h2 id="confirm-trash-title">Move to the trash?</h2>
        <p id="confirm-trash-text">
          “{copy.name}” will be moved to the trash. Its changes are merged into this project, and it can be restored
          from the trash.
        </p>
        <div className="confirm-buttons">
          <button type="button" ref={cancel} onClick={onCancel}>
            Cancel
          </button>
          <button type="button" ref={confirm} className="danger" onClick={onConfirm}>
            Move to trash
          </button>
        </div>
      </div>
    </div>
  );
}
