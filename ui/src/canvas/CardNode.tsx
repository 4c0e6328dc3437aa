import { Handle, type NodeProps, Position } from "@xyflow/react";
import { createContext, memo, useContext } from "react";
import { update } from "../actions";
import { openCommentsTitle } from "../comments";
import { useStore } from "../context";
import { fieldsOf } from "../edits";
import { formatValue, scoreTitle } from "../feedback";
import { ipc } from "../ipc";
import { InPlaceInput } from "./InPlaceInput";
import type { CardNodeData } from "./nodes";

const kindBadge: Record<string, string> = {
  pain_point: "Pain point",
  opportunity: "Opportunity",
  touchpoint: "Touchpoint",
  action: "Action",
  thought: "Thought",
  frontstage: "Frontstage",
  backstage: "Backstage",
  support: "Support",
  metric: "Metric",
  note: "Note",
};

/** Below this zoom a card's text is too small to read (13 px at 0.3 is 4 px): cards are drawn as plain boxes. */
export const DETAIL_ZOOM = 0.3;

/** Whether the canvas is zoomed in enough to draw cards in full. */
export const DetailContext = createContext(true);

function CardNodeView({ data, selected }: NodeProps & { data: CardNodeData }) {
  const { card, editing, dim, score, problem, change, comments } = data;
  const detailed = useContext(DetailContext);
  const box = {
    className: `card kind-${card.kind}${selected ? " selected" : ""}${dim ? " dim" : ""}${score?.heat ? " heat" : ""}${problem ? " problem" : ""}${change ? ` ${change.kind}` : ""}${comments > 0 ? " has-comments" : ""}`,
    "data-testid": "card",
    "data-card-id": card.id,
    "data-problem": problem ?? undefined,
    title: problem ? `${card.title} — ${problem}` : card.description || card.title,
    style: score?.heat ? { background: score.heat } : undefined,
  };
  // Zoomed out, a box in the card's colours is all that can be seen; leaving the text out keeps large maps light.
  if (!detailed && !editing) return <div {...box} />;
  return (
    <div {...box}>
      {score && (
        <div
          className={`score-badge${score.score.low_confidence ? " low-confidence" : ""}${score.segment ? " segment" : ""}`}
          data-testid="score-badge"
          title={`${score.segment ? `${score.segment}: ` : ""}${scoreTitle(score.score, score.metric, score.minN)}`}
        >
          {formatValue(score.score.value, score.metric)} <span className="n">n={score.score.n}</span>
        </div>
      )}
      {change && (
        <div
          className="change-badge"
          data-testid="change-badge"
          role="note"
          aria-label={change.label}
          title={change.label}
        >
          {change.kind}
        </div>
      )}
      {problem && (
        <div className="problem-badge" data-testid="problem-badge" role="note" aria-label={`Check: ${problem}`}>
          ⚠ {problem}
        </div>
      )}
      <Handle type="target" position={Position.Left} className="handle" />
      <div className="card-kind">{kindBadge[card.kind] ?? card.kind}</div>
      {editing ? <TitleEditor data={data} /> : <div className="card-title">{card.title}</div>}
      {card.tags.length > 0 && (
        <div className="card-tags">
          {card.tags.map((t) => (
            <span key={t}>{t}</span>
          ))}
        </div>
      )}
      {card.dots > 0 && (
        <div className="card-dots" data-testid="card-dots" title={`${card.dots} dots`}>
          {"●".repeat(Math.min(card.dots, 8))}
          {card.dots > 8 ? ` ${card.dots}` : ""}
        </div>
      )}
      {comments > 0 && <CommentBadge card={card.id} count={comments} />}
      <Handle type="source" position={Position.Right} className="handle" />
    </div>
  );
}

/** A speech bubble with the card's open threads; a click opens the card's details at its comments. */
function CommentBadge({ card, count }: { card: string; count: number }) {
  const store = useStore();
  const title = openCommentsTitle(count);
  return (
    <button
      type="button"
      // Not a drag of the card, and not a click on it (which in a voting round would place a dot).
      className="comment-badge nodrag"
      data-testid="comment-badge"
      title={title}
      aria-label={`${title}: show them`}
      onClick={(e) => {
        e.stopPropagation();
        store.set({ selection: [card], flow: null, panel: "card", commentFocus: { card, thread: null } });
      }}
    >
      <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
        <path d="M2.5 2h11A1.5 1.5 0 0 1 15 3.5v7a1.5 1.5 0 0 1-1.5 1.5H7l-3.5 3v-3h-1A1.5 1.5 0 0 1 1 10.5v-7A1.5 1.5 0 0 1 2.5 2z" />
      </svg>
      {count}
    </button>
  );
}

/** The card's title, edited in place: Enter saves, Esc leaves without saving. */
function TitleEditor({ data }: { data: CardNodeData }) {
  const store = useStore();
  const save = async (text: string) => {
    const title = text.trim();
    const { view } = store.get();
    store.set({ editing: null });
    if (!view?.journey || !title || title === data.card.title) return;
    await update(store, () =>
      ipc.apply({
        op: "update_card",
        journey: view.journey?.id ?? "",
        card: data.card.id,
        fields: { ...fieldsOf(data.card), title },
      }),
    );
  };
  return (
    <InPlaceInput
      initial={data.card.title}
      label="Card title"
      className="card-title-input nodrag"
      onSave={(text) => void save(text)}
      onLeave={() => store.set({ editing: null })}
    />
  );
}

/** Drawn again only when its data or selection changes: a card that only moved keeps its data (see buildNodes), and
 * xyflow moves its wrapper. */
export const CardNode = memo(
  CardNodeView,
  (before, after) => before.data === after.data && before.selected === after.selected,
);
