import { useEffect, useMemo, useState } from "react";
import { update } from "../actions";
import type { CardId, ItemChange, MergeReview, OpenConflict, ProjectView } from "../bindings";
import { useStore } from "../context";
import { errorMessage, ipc } from "../ipc";
import { type Answer, changeText, fieldText, namesOf, reasonText, settlesOf, valueText } from "../merge";
import { SidePanel } from "./SidePanel";

/**
 * The merge review: what each side changed in the merges that left conflicts (and the newest merge), and every
 * open conflict with base / mine / theirs and a choice — mine, theirs, both (an item both sides added) or an edit
 * of one's own. Apply settles the answered ones as one undoable step. The canvas marks the cards the other side
 * changed and those in conflict until the review is dismissed.
 */
export function MergeReviewPanel({ view }: { view: ProjectView }) {
  const store = useStore();
  const [review, setReview] = useState<MergeReview | null>(null);
  const [answers, setAnswers] = useState<Map<number, Answer>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const revision = `${view.file.open_conflicts} ${view.can_undo} ${view.can_redo} ${view.file.notice ?? ""}`;
  // Read again whenever the open conflicts or the undo state change (a merge, a settling, an undo); one panel per
  // file (App keys it by path).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `revision` is the reason to read again
  useEffect(() => {
    let current = true;
    ipc
      .mergeReview()
      .then((r) => {
        if (!current) return;
        setReview(r);
        store.set({ merged: r });
        // Answers to conflicts that are no longer open (settled, or undone with their merge) are dropped.
        const open = new Set(r.conflicts.map((c) => c.number));
        setAnswers((m) => new Map([...m].filter(([number]) => open.has(number))));
      })
      .catch((e) => current && setError(errorMessage(e)));
    return () => {
      current = false;
    };
  }, [revision, store]);
  const names = useMemo(() => namesOf(view.journey), [view.journey]);
  const go = (card: string) => {
    const found = view.journey?.cards.find((c) => c.id === card);
    if (!found) return;
    store.set({ selection: [found.id], cursor: { stage: found.stage, lane: found.lane } });
    store.get().canvas?.show([found.id as CardId]);
  };
  const answer = (number: number, a: Answer) => setAnswers((m) => new Map(m).set(number, a));
  const settle = async () => {
    setError(null);
    const ok = await update(store, () => ipc.settleConflicts(settlesOf(answers)));
    if (ok) setAnswers(new Map());
    else setError(store.get().error);
  };
  const all = (choice: "mine" | "theirs") =>
    setAnswers(new Map((review?.conflicts ?? []).map((c) => [c.number, { choice, text: "" }])));
  const dismiss = () => store.set({ panel: null, merged: null });
  if (!review) {
    return (
      <SidePanel label="Merge review" title="Merge review">
        {error ? <p className="panel-error">{error}</p> : <p className="hint">Reading the merge…</p>}
      </SidePanel>
    );
  }
  const open = review.conflicts;
  return (
    <SidePanel label="Merge review" title="Merge review">
      <p role="status" data-testid="merge-summary">
        {open.length === 0
          ? "No conflicts to settle."
          : `${open.length} ${open.length === 1 ? "conflict" : "conflicts"} to settle: the map holds yours until then.`}
      </p>
      {review.merges.map((m) => (
        <section key={m.merge_seq} className="merge-sides" aria-label={`Merge of ${m.theirs_name ?? "another copy"}`}>
          <h3>Merged {m.theirs_name ?? "another copy"}</h3>
          <Changes title="Changed there" changes={m.theirs_changes} go={go} />
          <Changes title="Changed here" changes={m.ours_changes} go={go} />
        </section>
      ))}
      {open.length > 0 && (
        <form
          className="merge-conflicts"
          onSubmit={(e) => {
            e.preventDefault();
            void settle();
          }}
        >
          <div className="row">
            <button type="button" onClick={() => all("mine")}>
              Mine for all
            </button>
            <button type="button" onClick={() => all("theirs")}>
              Theirs for all
            </button>
          </div>
          {open.map((c) => (
            <ConflictChoice
              key={c.number}
              conflict={c}
              names={names}
              answer={answers.get(c.number)}
              onAnswer={(a) => answer(c.number, a)}
              go={go}
            />
          ))}
          {error && (
            <p className="panel-error" role="alert">
              {error}
            </p>
          )}
          <div className="row">
            <button type="submit" className="primary" disabled={answers.size === 0}>
              Apply {answers.size > 0 ? `(${answers.size})` : ""}
            </button>
          </div>
        </form>
      )}
      <div className="row">
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    </SidePanel>
  );
}

function Changes({ title, changes, go }: { title: string; changes: ItemChange[]; go: (card: string) => void }) {
  return (
    <details>
      <summary>
        {title} ({changes.length})
      </summary>
      {changes.length === 0 ? (
        <p className="hint">Nothing.</p>
      ) : (
        <ul className="merge-changes">
          {changes.map((c) => (
            <li key={`${c.item.kind}:${c.item.id}`}>
              {c.item.kind === "card" ? (
                <button type="button" className="link" onClick={() => go(c.item.id)}>
                  {c.label || c.item.kind}
                </button>
              ) : (
                <span>{c.label || c.item.kind}</span>
              )}{" "}
              <span className="hint">
                {c.item.kind} {changeText(c)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function ConflictChoice({
  conflict,
  names,
  answer,
  onAnswer,
  go,
}: {
  conflict: OpenConflict;
  names: Map<string, string>;
  answer: Answer | undefined;
  onAnswer: (a: Answer) => void;
  go: (card: string) => void;
}) {
  const c = conflict.conflict;
  const deleted = c.base === null ? "(not there)" : "(deleted)";
  const texty = [c.ours, c.theirs].every((v) => v === null || typeof v === "string");
  const choices = conflict.choices.filter((k) => k !== "edit" || texty) as Answer["choice"][];
  const what = `${c.item.kind} “${c.label}”, ${fieldText(conflict)}`;
  const group = `conflict-${conflict.number}`;
  const labels: Record<Answer["choice"], string> = { mine: "Mine", theirs: "Theirs", both: "Both", edit: "Edit" };
  return (
    <fieldset className="merge-conflict" data-conflict={conflict.number} data-testid="merge-conflict">
      <legend>
        {c.item.kind === "card" ? (
          <button type="button" className="link" onClick={() => go(c.item.id)}>
            {what}
          </button>
        ) : (
          what
        )}
      </legend>
      <p className="hint">{reasonText(conflict)}</p>
      <dl className="merge-values">
        <dt>Base</dt>
        <dd>{valueText(c.base, "(not there)", names)}</dd>
        <dt>Mine</dt>
        <dd>{valueText(c.ours, deleted, names)}</dd>
        <dt>Theirs</dt>
        <dd>{valueText(c.theirs, deleted, names)}</dd>
      </dl>
      <div className="row" role="radiogroup" aria-label={`Settle ${what}`}>
        {choices.map((k) => (
          <label key={k} className="inline">
            <input
              type="radio"
              name={group}
              value={k}
              checked={answer?.choice === k}
              onChange={() =>
                onAnswer({
                  choice: k,
                  text: answer?.text || (typeof c.ours === "string" ? c.ours : ""),
                })
              }
            />
            {labels[k]}
          </label>
        ))}
      </div>
      {answer?.choice === "edit" && (
        <input
          type="text"
          aria-label={`Your value for ${fieldText(conflict)}`}
          value={answer.text}
          onChange={(e) => onAnswer({ choice: "edit", text: e.target.value })}
        />
      )}
    </fieldset>
  );
}
