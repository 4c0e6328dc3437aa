// What the check found, and what changed since a version, as the canvas marks them: pure helpers, unit-tested in
// check.test.ts.
import type { CardId, Comparison, Findings, FlowId, JourneyData } from "./bindings";
import type { CardMark } from "./merge";

/** Each problem card with what is wrong with it (a card with several problems gets them all). */
export function problemsOf(findings: Findings): Map<CardId, string> {
  const problems = new Map<CardId, string[]>();
  const mark = (card: CardId, what: string) => problems.set(card, [...(problems.get(card) ?? []), what]);
  for (const card of findings.dead_ends) mark(card, "dead end");
  for (const card of findings.unreachable) mark(card, "unreachable");
  for (const loop of findings.unmarked_loops) for (const card of loop) mark(card, "loop with no loop flow");
  return new Map([...problems].map(([card, what]) => [card, what.join(", ")]));
}

/** The flows that join a path's cards one after the other. */
export function flowsAlong(journey: JourneyData, cards: CardId[]): Set<FlowId> {
  const flows = new Set<FlowId>();
  cards.slice(1).forEach((to, i) => {
    const flow = journey.flows.find((f) => f.from === cards[i] && f.to === to);
    if (flow) flows.add(flow.id);
  });
  return flows;
}

/** A path as words: its cards' titles joined by arrows. */
export function describePath(journey: JourneyData, cards: CardId[]): string {
  const titles = new Map(journey.cards.map((c) => [c.id, c.title]));
  return cards.map((c) => titles.get(c) ?? "?").join(" → ");
}

/** Cards added or changed since a version, as the canvas marks them (removed ones are not on the map). */
export function changesOf(comparison: Comparison): Map<CardId, CardMark> {
  const added: CardMark = { kind: "added", label: "Since the version: added" };
  const changed: CardMark = { kind: "changed", label: "Since the version: changed" };
  return new Map([
    ...comparison.added.map((card) => [card, added] as const),
    ...comparison.changed.map((card) => [card, changed] as const),
  ]);
}
