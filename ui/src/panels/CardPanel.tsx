import { useEffect, useState } from "react";
import { update } from "../actions";
import type { CardData, CardFields, CardKind, ProjectView } from "../bindings";
import { useStore } from "../context";
import { fieldsOf } from "../edits";
import { ipc } from "../ipc";
import { CardFeedback } from "./CardFeedback";
import { CommentsThread } from "./CommentsThread";
import { SidePanel } from "./SidePanel";

const kinds: CardKind[] = [
  "touchpoint",
  "action",
  "thought",
  "pain_point",
  "opportunity",
  "frontstage",
  "backstage",
  "support",
  "metric",
  "note",
];

/**
 * The selected card's fields, its comment threads and its feedback. Each field saves when it loses focus (or on
 * Enter for one-line fields).
 */
export function CardPanel({ view, card }: { view: ProjectView; card: CardData }) {
  const store = useStore();
  const [draft, setDraft] = useState<CardFields>(fieldsOf(card));
  const [tags, setTags] = useState(card.tags.join(", "));
  useEffect(() => {
    setDraft(fieldsOf(card));
    setTags(card.tags.join(", "));
  }, [card]);
  const readOnly = view.file.read_only !== null;

  const save = (fields: CardFields) => {
    if (readOnly || !fields.title.trim() || JSON.stringify(fields) === JSON.stringify(fieldsOf(card))) return;
    void update(store, () => ipc.apply({ op: "update_card", journey: view.journey?.id ?? "", card: card.id, fields }));
  };
  const text = (key: "title" | "description") => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
    onBlur: () => save(draft),
    readOnly,
  });
  const optional = (key: "channel" | "owner") => ({
    value: draft[key] ?? "",
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value || null }),
    onBlur: () => save(draft),
    readOnly,
  });
  const enterSaves = (e: React.KeyboardEvent) => {
    if (e.key === "Enter") (e.target as HTMLElement).blur();
  };

  return (
    <SidePanel label="Card details" title="Card">
      <label>
        Title
        <input {...text("title")} onKeyDown={enterSaves} />
      </label>
      <label>
        Description
        <textarea rows={5} {...text("description")} />
      </label>
      <label>
        Kind
        <select
          value={draft.kind}
          disabled={readOnly}
          onChange={(e) => {
            const fields = { ...draft, kind: e.target.value as CardKind };
            setDraft(fields);
            save(fields);
          }}
        >
          {kinds.map((k) => (
            <option key={k} value={k}>
              {k.replace("_", " ")}
            </option>
          ))}
        </select>
      </label>
      <label>
        Channel
        <input {...optional("channel")} onKeyDown={enterSaves} />
      </label>
      <label>
        Owner
        <input {...optional("owner")} onKeyDown={enterSaves} />
      </label>
      <label>
        Tags (comma-separated)
        <input
          value={tags}
          readOnly={readOnly}
          onChange={(e) => setTags(e.target.value)}
          onKeyDown={enterSaves}
          onBlur={() => {
            const list = [
              ...new Set(
                tags
                  .split(",")
                  .map((t) => t.trim())
                  .filter(Boolean),
              ),
            ];
            const fields = { ...draft, tags: list };
            setDraft(fields);
            save(fields);
          }}
        />
      </label>
      {/* Keyed by card: a draft written for one card is never posted on the next one selected. */}
      <CommentsThread key={card.id} view={view} card={card} />
      <CardFeedback view={view} card={card} />
    </SidePanel>
  );
}
