import { useMemo, useState } from "react";
import type { ProjectView } from "../bindings";
import { type Thread, threadsOf, timeAgo } from "../comments";
import { useStore } from "../context";
import { CommentText, useNow } from "./CommentsThread";
import { SidePanel } from "./SidePanel";

/**
 * The journey's comment threads (open ones; resolved ones too on request), each with its card, its first comment
 * and how many replies it has. Choosing one selects the card, frames it on the canvas and opens the thread in the
 * card's details.
 */
export function CommentsPanel({ view }: { view: ProjectView }) {
  const store = useStore();
  const [showResolved, setShowResolved] = useState(false);
  const now = useNow();
  const journey = view.journey;
  const all = useMemo(() => threadsOf(journey?.comments ?? []), [journey?.comments]);
  if (!journey) return null;
  const titles = new Map(journey.cards.map((c) => [c.id, c.title]));
  const open = all.filter((t) => !t.root.resolved);
  const shown = showResolved ? all : open;
  const resolved = all.length - open.length;
  const go = (thread: Thread) => {
    const card = journey.cards.find((c) => c.id === thread.root.card);
    if (!card) return;
    store.set({
      selection: [card.id],
      flow: null,
      cursor: { stage: card.stage, lane: card.lane },
      panel: "card",
      commentFocus: { card: card.id, thread: thread.root.id },
    });
    store.get().canvas?.show([card.id]);
  };
  return (
    <SidePanel label="Comments" title="Comments">
      <p role="status" data-testid="comments-summary">
        {open.length === 0 ? "No open threads" : `${open.length} open ${open.length === 1 ? "thread" : "threads"}`}
        {resolved > 0 ? `, ${resolved} resolved.` : "."}
      </p>
      <label className="inline toggle">
        <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} />
        Show resolved
      </label>
      {shown.length === 0 ? (
        <p className="hint">
          {all.length === 0
            ? "No comments on this journey yet. Select a card and write one in its details (Ctrl+I)."
            : "Every thread is resolved."}
        </p>
      ) : (
        <ul className="comment-list" data-testid="comment-list">
          {shown.map((t) => (
            <li key={t.root.id} className={t.root.resolved ? "resolved" : undefined}>
              <button type="button" className="comment-link" data-thread-id={t.root.id} onClick={() => go(t)}>
                <span className="comment-card">{titles.get(t.root.card) ?? "A deleted card"}</span>
                <span className="comment-first">
                  <strong className="comment-author">{t.root.author}</strong>{" "}
                  <span className="comment-time">{timeAgo(t.root.at_ms, now)}</span>
                </span>
                <CommentText text={t.root.text} className="comment-text clamp" span />
                <span className="comment-meta">
                  {t.replies.length === 0
                    ? "No replies"
                    : `${t.replies.length} ${t.replies.length === 1 ? "reply" : "replies"}`}
                  {t.root.resolved ? " · resolved" : ""}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </SidePanel>
  );
}
