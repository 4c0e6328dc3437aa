// The selected card's comments, in the card panel: its threads oldest first (resolved ones folded to one line), a
// reply box under each open thread, edit and delete on one's own comments, and a box to start a thread. Every
// piece of a comment is shown as React text (mentions in <mark>), never as markup.
import { Fragment, type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { receive } from "../actions";
import type { CardComment, CardData, ProjectView, ViewUpdate } from "../bindings";
import { blankComment, fullTime, mentionParts, type Thread, threadsOn, timeAgo } from "../comments";
import { useStore } from "../context";
import { errorMessage, ipc } from "../ipc";
import { useAppState } from "../store";

let author: Promise<string> | null = null;

/** The name this window's edits are recorded under, asked of Rust once (again only after a failure). */
export function useAuthor(): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    author ??= ipc.author();
    author.then(
      (n) => live && setName(n),
      () => {
        author = null;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return name;
}

/** The current time, again every minute, so "5 min ago" keeps true while the panel stays open. */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** A failure as one sentence: a capital first, a full stop last. */
function sentence(message: string): string {
  const text = message.trim();
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Runs a comment edit and shows its view; a failure is kept here, as one sentence, instead of in the banner. */
function useCommentCall() {
  const store = useStore();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (call: () => Promise<ViewUpdate>): Promise<boolean> => {
    setBusy(true);
    try {
      await receive(store, await call());
      setError(null);
      return true;
    } catch (e) {
      setError(sentence(errorMessage(e)));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** A comment's text with its `@name` mentions marked; all of it text nodes (a span inside buttons). */
export function CommentText({
  text,
  className = "comment-text",
  span = false,
}: {
  text: string;
  className?: string;
  span?: boolean;
}) {
  const parts = mentionParts(text).map((part) =>
    part.mention ? (
      <mark key={part.at} className="mention">
        {part.text}
      </mark>
    ) : (
      <Fragment key={part.at}>{part.text}</Fragment>
    ),
  );
  return span ? <span className={className}>{parts}</span> : <p className={className}>{parts}</p>;
}

/** A text box that posts on its button or Ctrl+Enter (Esc cancels, when it can be cancelled). */
function Composer({
  label,
  action,
  placeholder,
  initial = "",
  rows = 2,
  submit,
  onCancel,
  onDone,
}: {
  label: string;
  action: string;
  placeholder?: string;
  initial?: string;
  rows?: number;
  submit: (text: string) => Promise<ViewUpdate> | null;
  onCancel?: () => void;
  onDone?: () => void;
}) {
  const [text, setText] = useState(initial);
  const { busy, error, setError, run } = useCommentCall();
  const post = async () => {
    if (busy) return;
    if (!text.trim()) {
      setError(blankComment);
      return;
    }
    const call = submit(text.trim());
    if (!call) {
      onDone?.();
      return;
    }
    if (await run(() => call)) {
      setText("");
      onDone?.();
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void post();
    } else if (e.key === "Escape" && onCancel) {
      // Leaves the edit only; the window's Esc (which closes the panel) does not see it.
      e.stopPropagation();
      onCancel();
    }
  };
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void post();
      }}
    >
      <textarea
        aria-label={label}
        placeholder={placeholder}
        rows={rows}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p className="problem" role="alert">
          {error}
        </p>
      )}
      <div className="composer-buttons">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" disabled={busy} title={`${action} (Ctrl+Enter)`}>
          {action}
        </button>
      </div>
    </form>
  );
}

/** One comment: who, when, its text; edit and delete when it is one's own. */
function CommentView({
  comment,
  mine,
  readOnly,
  replies,
  now,
}: {
  comment: CardComment;
  mine: boolean;
  readOnly: boolean;
  /** Replies that go with it when it is deleted. */
  replies: number;
  now: number;
}) {
  const store = useStore();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useCommentCall();
  const remove = () => {
    const journey = store.get().view?.journey?.id;
    if (!journey) return;
    void run(() => ipc.apply({ op: "delete_comment", journey, comment: comment.id }));
  };
  return (
    <li className={`comment${comment.reply_to ? " reply" : ""}`} data-comment-id={comment.id}>
      <div className="comment-head">
        <strong className="comment-author">{comment.author}</strong>
        <time dateTime={new Date(comment.at_ms).toISOString()} title={fullTime(comment.at_ms)}>
          {timeAgo(comment.at_ms, now)}
        </time>
        {comment.edited_ms !== null && (
          <span className="comment-edited" title={`Edited ${fullTime(comment.edited_ms)}`}>
            (edited)
          </span>
        )}
        {mine && !readOnly && !editing && (
          <span className="comment-tools">
            <button type="button" className="link" aria-label="Edit comment" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button
              type="button"
              className="link danger"
              aria-label="Delete comment"
              disabled={busy}
              onClick={() => (replies > 0 ? setConfirming(true) : remove())}
            >
              Delete
            </button>
          </span>
        )}
      </div>
      {editing ? (
        <Composer
          label="Comment text"
          action="Save"
          initial={comment.text}
          rows={3}
          submit={(text) => (text === comment.text ? null : ipc.editComment(comment.id, text))}
          onCancel={() => setEditing(false)}
          onDone={() => setEditing(false)}
        />
      ) : (
        <CommentText text={comment.text} />
      )}
      {confirming && (
        <div className="confirm" role="alertdialog" aria-label="Delete the thread">
          <p>
            Delete this comment and its {replies === 1 ? "reply" : `${replies} replies`}? (Ctrl+Z brings them back.)
          </p>
          <div className="row">
            <button type="button" className="danger" onClick={remove}>
              Delete
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="problem" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** A thread: its comments, a reply box, Resolve or Reopen. A resolved one is one line until it is opened. */
function ThreadView({
  thread,
  me,
  readOnly,
  expanded,
  onToggle,
  now,
}: {
  thread: Thread;
  me: string | null;
  readOnly: boolean;
  expanded: boolean;
  onToggle: () => void;
  now: number;
}) {
  const { root, replies } = thread;
  const resolved = root.resolved;
  const { busy, error, run } = useCommentCall();
  if (resolved && !expanded) {
    return (
      <li className="thread resolved folded" data-thread-id={root.id}>
        <button
          type="button"
          className="thread-line"
          aria-expanded={false}
          title="Resolved: show the thread"
          onClick={onToggle}
        >
          <span className="thread-mark" aria-hidden="true">
            ✓
          </span>
          <span className="thread-snippet">
            <strong>{root.author}</strong>: {root.text}
          </span>
          {replies.length > 0 && (
            <span className="thread-count">
              {replies.length} {replies.length === 1 ? "reply" : "replies"}
            </span>
          )}
        </button>
      </li>
    );
  }
  return (
    <li className={`thread${resolved ? " resolved" : ""}`} data-thread-id={root.id}>
      {resolved && (
        <button
          type="button"
          className="thread-line"
          aria-expanded={true}
          title="Fold the resolved thread to one line"
          onClick={onToggle}
        >
          <span className="thread-mark" aria-hidden="true">
            ✓
          </span>
          <span className="thread-snippet">Resolved</span>
          <span className="thread-count">Fold ▴</span>
        </button>
      )}
      <ol className="thread-comments">
        {[root, ...replies].map((c) => (
          <CommentView
            key={c.id}
            comment={c}
            mine={me !== null && c.author === me}
            readOnly={readOnly}
            replies={c === root ? replies.length : 0}
            now={now}
          />
        ))}
      </ol>
      {!resolved && !readOnly && (
        <Composer
          label={`Reply to ${root.author}`}
          action="Reply"
          placeholder="Reply…"
          rows={1}
          submit={(text) => ipc.addComment(root.card, text, root.id)}
        />
      )}
      {!readOnly && (
        <div className="thread-actions">
          <button
            type="button"
            aria-label={resolved ? "Reopen thread" : "Resolve thread"}
            disabled={busy}
            onClick={() => void run(() => ipc.resolveComment(root.id, !resolved))}
          >
            {resolved ? "Reopen" : "✓ Resolve"}
          </button>
        </div>
      )}
      {error && (
        <p className="problem" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** The card's comment threads and a box to start one. */
export function CommentsThread({ view, card }: { view: ProjectView; card: CardData }) {
  const store = useStore();
  const comments = view.journey?.comments;
  const threads = useMemo(() => threadsOn(comments ?? [], card.id), [comments, card.id]);
  const me = useAuthor();
  const now = useNow();
  const readOnly = view.file.read_only !== null;
  // The resolved threads opened to be read.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  // Sent here by a badge or the Comments panel: the comments (or one thread, opened) brought into view.
  const focus = useAppState(store, (s) => s.commentFocus);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!focus || focus.card !== card.id) return;
    const thread = focus.thread;
    if (thread) setExpanded((old) => new Set(old).add(thread));
    store.set({ commentFocus: null });
    requestAnimationFrame(() => {
      const target = thread
        ? section.current?.querySelector(`[data-thread-id="${CSS.escape(thread)}"]`)
        : section.current;
      target?.scrollIntoView({ block: "start" });
    });
  }, [focus, card.id, store]);

  const open = threads.filter((t) => !t.root.resolved).length;
  return (
    <section className="card-comments" aria-label="Comments" ref={section} data-testid="card-comments">
      <h3>
        Comments
        {open > 0 ? ` (${open} open)` : ""}
        <button
          type="button"
          className="link all-comments"
          title="Every thread on this journey (Ctrl+Shift+M)"
          onClick={() => store.set({ panel: "comments" })}
        >
          All comments
        </button>
      </h3>
      {threads.length === 0 && <p className="hint">No comments on this card yet.</p>}
      {threads.length > 0 && (
        <ul className="threads">
          {threads.map((t) => (
            <ThreadView
              key={t.root.id}
              thread={t}
              me={me}
              readOnly={readOnly}
              expanded={expanded.has(t.root.id)}
              onToggle={() => toggle(t.root.id)}
              now={now}
            />
          ))}
        </ul>
      )}
      {!readOnly && (
        <Composer
          label="New comment"
          action="Comment"
          placeholder="Start a thread… @name mentions someone"
          submit={(text) => ipc.addComment(card.id, text, null)}
        />
      )}
    </section>
  );
}
