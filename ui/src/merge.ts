// The merge review's pure parts: a conflict's values in words, the cards a merge touched (for the canvas marks)
// and the answers a review sends.
import type { CardId, Choice, ItemChange, JourneyData, MergeReview, OpenConflict, Settle } from "./bindings";

/** How the canvas marks a card after a merge, or since a version. */
export type CardMark = { kind: "added" | "changed" | "conflict"; label: string };

/** One conflict's answer in the review: a choice, and the text typed for "edit". */
export type Answer = { choice: "mine" | "theirs" | "both" | "edit"; text: string };

const reasons: Record<string, string> = {
  both_changed: "changed on both sides",
  both_added: "added on both sides, differently",
  changed_and_deleted: "changed on one side, deleted on the other",
  added_into_deleted: "added or moved on one side into what the other side deleted",
};

export function reasonText(conflict: OpenConflict): string {
  return reasons[conflict.conflict.reason] ?? conflict.conflict.reason;
}

/** A field's name as people say it ("the whole card", "its place"). */
export function fieldText(conflict: OpenConflict): string {
  const { field, item } = conflict.conflict;
  if (field === "(item)") return `the whole ${item.kind}`;
  if (field === "position") return "its place";
  return field;
}

/** Names of stages, lanes and cards by id, from the journey on show. */
export function namesOf(journey: JourneyData | null): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of journey?.stages ?? []) names.set(s.id, s.name);
  for (const l of journey?.lanes ?? []) names.set(l.id, l.name);
  for (const c of journey?.cards ?? []) names.set(c.id, c.title);
  return names;
}

/** A side's value in words: text as it is, an item by its title or name, a place by its cell. */
export function valueText(value: unknown, absent: string, names: Map<string, string>): string {
  if (value === null || value === undefined) return absent;
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map((v) => valueText(v, "", names)).join(", ") || "(none)";
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.in === "string") {
      const [kind, , a, b] = o.in.split(":");
      const name = (id: string | undefined) => (id && names.get(id)) || "?";
      const where = kind === "cell" ? `${name(a)} / ${name(b)}` : kind;
      return typeof o.after === "string" ? `${where}, after “${o.after}”` : `${where}, first`;
    }
    const name = o.title ?? o.name;
    if (typeof name === "string") return `“${name}”`;
    return "there";
  }
  return String(value);
}

/** The cards of `journey` the review marks: conflicts, then what the other side added or changed. */
export function marksOf(review: MergeReview, journey: string): Map<CardId, CardMark> {
  const marks = new Map<CardId, CardMark>();
  const onCard = (item: { kind: string; journey: string | null }) => item.kind === "card" && item.journey === journey;
  for (const merge of review.merges) {
    const from = merge.theirs_name ?? "the other copy";
    for (const change of merge.theirs_changes) {
      if (!onCard(change.item) || change.change.kind === "removed") continue;
      const kind = change.change.kind === "added" ? "added" : "changed";
      marks.set(change.item.id as CardId, { kind, label: `${kind === "added" ? "Added" : "Changed"} in ${from}` });
    }
  }
  for (const c of review.conflicts) {
    if (onCard(c.conflict.item))
      marks.set(c.conflict.item.id as CardId, { kind: "conflict", label: "Merge conflict: settle it in the review" });
  }
  return marks;
}

/** What a change did, in a few words. */
export function changeText(change: ItemChange): string {
  const c = change.change;
  if (c.kind === "added") return "added";
  if (c.kind === "removed") return "removed";
  const fields = c.fields.map((f) => f.field);
  return [fields.length ? `changed ${fields.join(", ")}` : "", c.moved ? "moved" : ""].filter(Boolean).join(", ");
}

/** The answers to send: the answered conflicts, an edit's text as the field's new value. */
export function settlesOf(answers: Map<number, Answer>): Settle[] {
  return [...answers].map(([number, a]) => {
    const choice: Choice = a.choice === "edit" ? { choice: "edit", value: a.text } : { choice: a.choice };
    return { number, choice };
  });
}
