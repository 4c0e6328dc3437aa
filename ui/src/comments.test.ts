import { describe, expect, it } from "vitest";
import type { CardComment } from "./bindings";
import { mentionParts, openCommentsTitle, openThreadCounts, threadsOf, threadsOn, timeAgo } from "./comments";

const comment = (id: string, card: string, replyTo: string | null = null, resolved = false): CardComment => ({
  id,
  card,
  reply_to: replyTo,
  author: "Ann",
  at_ms: 0,
  text: id,
  edited_ms: null,
  resolved,
});

describe("threads", () => {
  const comments = [
    comment("a", "c1"),
    comment("b", "c2", null, true),
    comment("a1", "c1", "a"),
    comment("c", "c1"),
    comment("b1", "c2", "b"),
    comment("a2", "c1", "a"),
  ];

  it("groups replies under their comment, threads and replies oldest first", () => {
    const threads = threadsOf(comments);
    expect(threads.map((t) => [t.root.id, t.replies.map((r) => r.id)])).toEqual([
      ["a", ["a1", "a2"]],
      ["b", ["b1"]],
      ["c", []],
    ]);
    expect(threadsOn(comments, "c1").map((t) => t.root.id)).toEqual(["a", "c"]);
  });

  it("counts each card's open threads, not its replies or resolved threads", () => {
    expect([...openThreadCounts(comments)]).toEqual([["c1", 2]]);
    expect(openCommentsTitle(1)).toBe("1 open comment");
    expect(openCommentsTitle(3)).toBe("3 open comments");
  });
});

describe("mentionParts", () => {
  const marked = (text: string) =>
    mentionParts(text)
      .filter((p) => p.mention)
      .map((p) => p.text);

  it("picks out @names and keeps every character of the text", () => {
    const text = "Ask @Bob and @ann.lee. Mail bob@example.com, or @jean-luc!";
    expect(marked(text)).toEqual(["@Bob", "@ann.lee", "@jean-luc"]);
    expect(
      mentionParts(text)
        .map((p) => p.text)
        .join(""),
    ).toBe(text);
    for (const part of mentionParts(text)) expect(text.slice(part.at, part.at + part.text.length)).toBe(part.text);
  });

  it("takes markup as plain text around the mention", () => {
    const text = '<img src=x onerror="window.__pwned=1">@Bob';
    expect(mentionParts(text)).toEqual([
      { text: '<img src=x onerror="window.__pwned=1">', mention: false, at: 0 },
      { text: "@Bob", mention: true, at: 38 },
    ]);
  });

  it("marks nothing in a text without a mention, and a lone @ stays text", () => {
    expect(mentionParts("no one @ all")).toEqual([{ text: "no one @ all", mention: false, at: 0 }]);
    expect(mentionParts("")).toEqual([]);
    expect(marked("@Zoë, @Łukasz")).toEqual(["@Zoë", "@Łukasz"]);
  });
});

describe("timeAgo", () => {
  const now = Date.UTC(2026, 2, 10, 12);
  it("says how long ago, then the date", () => {
    expect(timeAgo(now - 5_000, now)).toBe("just now");
    expect(timeAgo(now - 5 * 60_000, now)).toBe("5 min ago");
    expect(timeAgo(now - 3 * 3_600_000, now)).toBe("3 h ago");
    expect(timeAgo(now - 30 * 3_600_000, now)).toBe("1 day ago");
    expect(timeAgo(now - 3 * 86_400_000, now)).toBe("3 days ago");
    expect(timeAgo(now - 30 * 86_400_000, now)).toMatch(/2026/);
  });
});
