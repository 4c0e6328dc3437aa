import { useCallback, useEffect, useRef, useState } from "react";
import { update } from "../actions";
import type { Comparison, HistoryEntry, ProjectView, Version } from "../bindings";
import { useStore } from "../context";
import { errorMessage, ipc } from "../ipc";
import { useAppState } from "../store";
import { SidePanel } from "./SidePanel";

/** How many entries one page of history holds; the next page loads when the list is scrolled to its end. */
const PAGE = 100;

const kindWords: Record<HistoryEntry["kind"], string> = { do: "", undo: "Undid: ", redo: "Redid: " };

/**
 * The file's history, newest first, loaded a page at a time as it is scrolled: what, who, when (undos and redos
 * as such). "Restore to here" makes the document what it was then, as one new edit (which Undo takes back).
 * Versions are named history points kept in the file; one can be compared with the map as it is now.
 */
export function HistoryPanel({ view }: { view: ProjectView }) {
  const store = useStore();
  const readOnly = view.file.read_only !== null;
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [complete, setComplete] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const loading = useRef(false);
  const loadOlder = useCallback(async (fresh: boolean, before: number | null) => {
    if (loading.current) return;
    loading.current = true;
    try {
      const page = await ipc.historyPage(before, PAGE);
      setEntries((shown) => (fresh ? page : [...shown, ...page]));
      setComplete(page.length < PAGE);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      loading.current = false;
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new view (an edit, an undo) adds history
  useEffect(() => {
    void loadOlder(true, null);
  }, [view, loadOlder]);
  const onScroll = (list: HTMLElement) => {
    const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 40;
    const oldest = entries.at(-1)?.seq ?? null;
    if (atEnd && !complete && oldest !== null) void loadOlder(false, oldest);
  };
  return (
    <SidePanel label="History" title="History">
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      <Versions view={view} readOnly={readOnly} />
      <h3>Edits</h3>
      <ol className="history-list" data-testid="history" onScroll={(e) => onScroll(e.currentTarget)}>
        {entries.map((entry) => (
          <li key={entry.seq} className={`history-${entry.kind}`} data-testid="history-entry">
            <div>
              <span className="muted">#{entry.seq}</span> {kindWords[entry.kind]}
              {entry.description}
            </div>
            <div className="muted">
              {entry.author} · {new Date(entry.at_ms).toLocaleString()}
            </div>
            {!readOnly && (
              <button
                type="button"
                className="link"
                aria-label={`Restore to #${entry.seq}`}
                onClick={() => void update(store, () => ipc.restoreHistory(entry.seq))}
              >
                Restore to here
              </button>
            )}
          </li>
        ))}
      </ol>
      {!complete && entries.length > 0 && (
        <button type="button" onClick={() => void loadOlder(false, entries.at(-1)?.seq ?? null)}>
          Older edits
        </button>
      )}
    </SidePanel>
  );
}

/** Saving a version, the list of versions, and one compared with now (its differences marked on the canvas). */
function Versions({ view, readOnly }: { view: ProjectView; readOnly: boolean }) {
  const store = useStore();
  const [versions, setVersions] = useState<Version[]>([]);
  const [label, setLabel] = useState("");
  const [said, setSaid] = useState<string | null>(null);
  const comparing = useAppState(store, (s) => s.comparing);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new view may bring a new version
  useEffect(() => {
    ipc.versions().then(setVersions, (error) => setSaid(errorMessage(error)));
  }, [view]);
  // The comparison follows the map as it changes.
  const compared = comparing?.label ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the comparison is redone for each new view
  useEffect(() => {
    if (compared === null) return;
    ipc.compareVersion(compared).then(
      (comparison) => store.set({ comparing: { label: compared, comparison } }),
      (error) => setSaid(errorMessage(error)),
    );
  }, [view, compared, store]);
  useEffect(() => () => store.set({ comparing: null }), [store]);
  const save = async () => {
    try {
      const saved = await ipc.saveVersion(label.trim());
      setSaid(`Saved the version “${saved.label}”.`);
      setLabel("");
      setVersions(await ipc.versions());
    } catch (error) {
      setSaid(errorMessage(error));
    }
  };
  return (
    <section aria-label="Versions">
      <h3>Versions</h3>
      {!readOnly && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input
            aria-label="Version name"
            placeholder="e.g. After the workshop"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            onKeyDown={(e) => e.stopPropagation()}
          />
          <button type="submit" disabled={!label.trim()}>
            Save version
          </button>
        </form>
      )}
      {said && <p role="status">{said}</p>}
      <ul className="version-list">
        {versions.map((v) => (
          <li key={v.label}>
            <label className="inline">
              <input
                type="checkbox"
                aria-label={`Compare ${v.label} with now`}
                checked={compared === v.label}
                onChange={(e) =>
                  store.set({
                    comparing: e.target.checked ? { label: v.label, comparison: null } : null,
                  })
                }
              />
              <strong>{v.label}</strong> <span className="muted">#{v.seq}</span>
            </label>
          </li>
        ))}
      </ul>
      {comparing?.comparison && <ComparisonSummary comparison={comparing.comparison} />}
    </section>
  );
}

function ComparisonSummary({ comparison }: { comparison: Comparison }) {
  const count = (n: number, what: string) => `${n} ${what}`;
  return (
    <p role="status" data-testid="comparison">
      Since then: {count(comparison.added.length, "added")}, {count(comparison.removed.length, "removed")},{" "}
      {count(comparison.changed.length, "changed")}. Added and changed cards are marked on the map.
    </p>
  );
}
