import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import type { CardId, Findings, JourneyData, PathsBetween, ProjectView } from "../bindings";
import { describePath } from "../check";
import { useStore } from "../context";
import { errorMessage, ipc } from "../ipc";
import { useAppState } from "../store";
import { SidePanel } from "./SidePanel";

/**
 * What `waymark check` finds, kept current after every edit (asked of Rust when the view changes; an answer to
 * an older view is dropped): problems first, each card a button that selects it and brings it into view; then
 * entries, exits, paths and the happy path (which can be highlighted); and, with two cards selected, the paths
 * from the first to the second.
 */
export function CheckPanel({ view: latest }: { view: ProjectView }) {
  const store = useStore();
  // The panel follows the map a render behind, so an edit's own frame draws the canvas only.
  const view = useDeferredValue(latest);
  const findings = useAppState(store, (s) => s.findings);
  // The view revision the findings on show were made for (the app bench times how soon they follow an edit).
  const [checked, setChecked] = useState<number | null>(null);
  const selection = useAppState(store, (s) => s.selection);
  const highlight = useAppState(store, (s) => s.highlight);
  const [problem, setProblem] = useState<string | null>(null);
  const asked = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new view (an edit) asks for a new check
  useEffect(() => {
    const ask = ++asked.current;
    const of = store.get().revision;
    ipc.checkJourney().then(
      (found) => {
        if (ask !== asked.current) return;
        store.set({ findings: found });
        setChecked(of);
      },
      (error) => setProblem(errorMessage(error)),
    );
  }, [view, store]);
  useEffect(() => () => store.set({ findings: null, highlight: null }), [store]);
  const journey = view.journey;
  if (!journey) return null;
  return (
    <SidePanel label="Check" title="Check">
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      <div data-testid="check-revision" data-revision={checked ?? undefined} hidden />
      {findings ? <FindingsList journey={journey} findings={findings} highlight={highlight} /> : <p>Checking…</p>}
      {selection.length === 2 && <PathsBetweenCards journey={journey} from={selection[0]} to={selection[1]} />}
    </SidePanel>
  );
}

const FindingsList = memo(function FindingsList({
  journey,
  findings,
  highlight,
}: {
  journey: JourneyData;
  findings: Findings;
  highlight: CardId[] | null;
}) {
  const store = useStore();
  const titles = useMemo(() => new Map(journey.cards.map((c) => [c.id, c.title])), [journey.cards]);
  const problems = findings.dead_ends.length + findings.unreachable.length + findings.unmarked_loops.length;
  const { paths } = findings;
  const happy = findings.happy_path;
  return (
    <div className="check-findings" data-testid="check-findings">
      <p role="status" data-testid="check-summary">
        {problems === 0 ? "No problems." : `${problems} ${problems === 1 ? "problem" : "problems"}.`}{" "}
        {paths.truncated ? "At least " : ""}
        {paths.count} {paths.count === 1 ? "path" : "paths"} from entry to exit
        {paths.shortest !== null ? ` (${paths.shortest}–${paths.longest} cards)` : ""}.
      </p>
      <CardList titles={titles} title="Dead ends" cards={findings.dead_ends} />
      <CardList titles={titles} title="Unreachable" cards={findings.unreachable} />
      {findings.unmarked_loops.map((loop, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: loops have no id of their own
        <CardList key={i} titles={titles} title="Loop with no loop flow" cards={loop} />
      ))}
      <CardList titles={titles} title="Entries" cards={findings.entries} />
      <CardList titles={titles} title="Exits" cards={findings.exits} />
      <h3>Happy path</h3>
      {happy ? (
        <label className="inline">
          <input
            type="checkbox"
            aria-label="Highlight the happy path"
            checked={highlight !== null && highlight.join() === happy.join()}
            onChange={(e) => store.set({ highlight: e.target.checked ? happy : null })}
          />
          {describePath(journey, happy)}
        </label>
      ) : (
        <p className="muted">No path from an entry to an exit follows happy-path flows only.</p>
      )}
    </div>
  );
});

/** How many cards a list shows until asked for all: a generated map can have thousands of dead ends. */
const SHOWN = 50;

/** A titled list of cards; each selects its card and brings it into view. Long lists show their first cards. */
const CardList = memo(function CardList({
  titles,
  title,
  cards,
}: {
  titles: ReadonlyMap<CardId, string>;
  title: string;
  cards: CardId[];
}) {
  const store = useStore();
  const [all, setAll] = useState(false);
  if (cards.length === 0) return null;
  const shown = all ? cards : cards.slice(0, SHOWN);
  return (
    <section aria-label={title}>
      <h3>
        {title} ({cards.length})
      </h3>
      <ul className="check-cards">
        {shown.map((card) => (
          <li key={card}>
            <button
              type="button"
              className="link"
              onClick={() => {
                store.set({ selection: [card], flow: null });
                store.get().canvas?.show([card]);
              }}
            >
              {titles.get(card) ?? card}
            </button>
          </li>
        ))}
      </ul>
      {shown.length < cards.length && (
        <button type="button" className="link" onClick={() => setAll(true)}>
          Show all {cards.length}
        </button>
      )}
    </section>
  );
});

/** The paths from the first selected card to the second, shortest first; the one chosen is highlighted. */
function PathsBetweenCards({ journey, from, to }: { journey: JourneyData; from?: CardId; to?: CardId }) {
  const store = useStore();
  const [found, setFound] = useState<PathsBetween | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const highlight = useAppState(store, (s) => s.highlight);
  if (!from || !to) return null;
  const find = () =>
    ipc.pathsBetween(from, to).then(
      (paths) => {
        setFound(paths);
        setProblem(null);
      },
      (error) => setProblem(errorMessage(error)),
    );
  return (
    <section aria-label="Paths between">
      <h3>Paths between the selected cards</h3>
      <button type="button" onClick={() => void find()}>
        Paths between
      </button>
      {problem && <p className="problem">{problem}</p>}
      {found && found.paths.length === 0 && <p>No path leads from the first card to the second.</p>}
      {found && found.paths.length > 0 && (
        <ol className="check-paths" data-testid="paths-between">
          {found.paths.map((path) => (
            <li key={path.join()}>
              <label className="inline">
                <input
                  type="radio"
                  name="path-between"
                  checked={highlight?.join() === path.join()}
                  onChange={() => store.set({ highlight: path })}
                />
                {describePath(journey, path)}
              </label>
            </li>
          ))}
        </ol>
      )}
      {found?.truncated && <p className="muted">The first {found.paths.length} paths; there are more.</p>}
    </section>
  );
}
