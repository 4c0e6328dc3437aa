// Comments on cards, as the UI shows them: threads (a comment and its replies, one level deep), open counts for the
// badges, mentions picked out of the text, and when each was written. All of a comment is untrusted text: these
// helpers only split strings, and the components show the pieces as React text nodes.
import type { CardComment, CardId } from "./bindings";

/** A comment that opens a thread, with its replies oldest first. Its `resolved` is the thread's. */
export type Thread = { root: CardComment; replies: CardComment[] };

/** The threads among `comments` (oldest first, as the view lists them), in the order they were started. */
export function threadsOf(comments: readonly CardComment[]): Thread[] {
  const threads = new Map<string, Thread>();
  for (const c of comments) if (c.reply_to === null) threads.set(c.id, { root: c, replies: [] });
  for (const c of comments) if (c.reply_to !== null) threads.get(c.reply_to)?.replies.push(c);
  return [...threads.values()];
}

/** The threads on one card. */
export function threadsOn(comments: readonly CardComment[], card: CardId): Thread[] {
  return threadsOf(comments.filter((c) => c.card === card));
}

/** How many open threads each card has (cards with none are left out). */
export function openThreadCounts(comments: readonly CardComment[]): Map<CardId, number> {
  const counts = new Map<CardId, number>();
  for (const c of comments) if (c.reply_to === null && !c.resolved) counts.set(c.card, (counts.get(c.card) ?? 0) + 1);
  return counts;
}

/** "1 open comment", "3 open comments": the badge's title. */
export function openCommentsTitle(count: number): string {
  return `${count} open ${count === 1 ? "comment" : "comments"}`;
}

/** A piece of a comment's text: plain, or an `@name` mention; `at` is where it starts in the text. */
export type TextPart = { text: string; mention: boolean; at: number };

// An @ that starts a word (not one inside an e-mail address), then the name: letters, digits and underscores, with
// single dots or hyphens inside it ("@ann.lee", "@jean-luc"), so a sentence's full stop after it stays out.
const mention = /(^|[^\p{L}\p{N}_@])(@[\p{L}\p{N}_]+(?:[.-][\p{L}\p{N}_]+)*)/gu;

/** The text in pieces, mentions apart; joined they are the text again. */
export function mentionParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(mention)) {
    const start = (match.index ?? 0) + (match[1]?.length ?? 0);
    const name = match[2] ?? "";
    if (start > at) parts.push({ text: text.slice(at, start), mention: false, at });
    parts.push({ text: name, mention: true, at: start });
    at = start + name.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mention: false, at });
  return parts;
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** When a comment was written, as people say it: "just now", "5 min ago", "3 h ago", "2 days ago", else the date. */
export function timeAgo(ms: number, now: number = Date.now()): string {
  const age = now - ms;
  if (age < minute) return "just now";
  if (age < hour) return `${Math.floor(age / minute)} min ago`;
  if (age < day) return `${Math.floor(age / hour)} h ago`;
  if (age < 7 * day) return Math.floor(age / day) === 1 ? "1 day ago" : `${Math.floor(age / day)} days ago`;
  return new Date(ms).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** The full local date and time, for a tooltip. */
export function fullTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** The one sentence for a comment left blank (checked before anything is sent). */
export const blankComment = "Write something first: a comment cannot be blank.";
