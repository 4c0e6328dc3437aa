// Pure helpers that turn what the user did on screen into document commands, and geometry questions into
// answers. No I/O: unit-tested in edits.test.ts.
import { v7 as uuid } from "uuid";
import type {
  CardData,
  CardFields,
  CardId,
  CardKind,
  Cell,
  Command,
  Flow as FlowData,
  FlowId,
  FlowKind,
  JourneyData,
  LaneId,
  Layout,
  Point,
  ProjectView,
  StageId,
} from "./bindings";

export const newId = (): string => uuid();

export function sameCell(a: Cell | null, b: Cell | null): boolean {
  return !!a && !!b && a.stage === b.stage && a.lane === b.lane;
}

export function cellOf(card: CardData): Cell {
  return { stage: card.stage, lane: card.lane };
}

/** The cards of a cell, in order. */
export function cardsInCell(journey: JourneyData, cell: Cell): CardData[] {
  return journey.cards
    .filter((c) => c.stage === cell.stage && c.lane === cell.lane)
    .sort((a, b) => a.position - b.position);
}

export function cardKindFor(view: ProjectView, lane: LaneId): CardKind {
  const kind = view.journey?.lanes.find((l) => l.id === lane)?.kind;
  return view.card_kind_for_lane.find(([laneKind]) => laneKind === kind)?.[1] ?? "note";
}

/** A card without its place: what a card node draws (a card that only moved keeps its node's data). */
export type CardFace = Omit<CardData, "stage" | "lane" | "position">;

/** A card's editable fields, without its place. */
export function fieldsOf(card: CardFace): CardFields {
  const { title, description, kind, channel, owner, tags } = card;
  return { title, description, kind, channel, owner, tags: [...tags] };
}

export function blankFields(title: string, kind: CardKind): CardFields {
  return { title, description: "", kind, channel: null, owner: null, tags: [] };
}

export function addCard(view: ProjectView, cell: Cell, title = "New card"): { command: Command; card: CardId } {
  const journey = view.journey?.id ?? "";
  const card = newId();
  const fields = blankFields(title, cardKindFor(view, cell.lane));
  return { card, command: { op: "add_card", journey, card, stage: cell.stage, lane: cell.lane, index: null, fields } };
}

/** Copies of `fields` added at the end of `cell`, as one undo step. */
export function pasteCards(view: ProjectView, cell: Cell, fields: CardFields[]): { command: Command; cards: CardId[] } {
  const journey = view.journey?.id ?? "";
  const cards = fields.map(() => newId());
  const commands: Command[] = fields.map((f, i) => ({
    op: "add_card",
    journey,
    card: cards[i] ?? newId(),
    stage: cell.stage,
    lane: cell.lane,
    index: null,
    fields: { ...f, tags: [...f.tags] },
  }));
  return { cards, command: { op: "batch", label: "paste cards", commands } };
}

export function deleteCards(view: ProjectView, cards: CardId[]): Command {
  const journey = view.journey?.id ?? "";
  const commands: Command[] = cards.map((card) => ({ op: "delete_card", journey, card }));
  return commands.length === 1 && commands[0] ? commands[0] : { op: "batch", label: "delete cards", commands };
}

export function connect(view: ProjectView, from: CardId, to: CardId, kind: FlowKind = "happy_path"): Command {
  return { op: "connect", journey: view.journey?.id ?? "", flow: newId(), from, to, kind, label: null };
}

/** A flow's kind and label changed (the label trimmed; blank clears it). */
export function updateFlow(view: ProjectView, flow: FlowData, kind: FlowKind, label: string | null): Command {
  const text = label?.trim() ?? "";
  return { op: "update_flow", journey: view.journey?.id ?? "", flow: flow.id, kind, label: text ? text : null };
}

export function disconnect(view: ProjectView, flow: FlowId): Command {
  return { op: "disconnect", journey: view.journey?.id ?? "", flow };
}

/**
 * The flow with one end moved to `card`: one undo step that keeps the flow's id, kind and label; null when
 * nothing would change or the flow would join a card to itself.
 */
export function reconnect(view: ProjectView, flow: FlowData, end: "from" | "to", card: CardId): Command | null {
  const [from, to] = end === "from" ? [card, flow.to] : [flow.from, card];
  if (from === to || (from === flow.from && to === flow.to)) return null;
  const journey = view.journey?.id ?? "";
  return {
    op: "batch",
    label: "reconnect flow",
    commands: [
      { op: "disconnect", journey, flow: flow.id },
      { op: "connect", journey, flow: flow.id, from, to, kind: flow.kind, label: flow.label },
    ],
  };
}

/**
 * The flow after (or before, `step` −1) `current` among the flows of `card` — outgoing first, then incoming, each
 * in the journey's order — wrapping round; the first one when `current` is not one of them.
 */
export function stepFlow(journey: JourneyData, card: CardId, current: FlowId | null, step: 1 | -1): FlowId | null {
  const flows = [...journey.flows.filter((f) => f.from === card), ...journey.flows.filter((f) => f.to === card)];
  if (flows.length === 0) return null;
  const at = flows.findIndex((f) => f.id === current);
  const next = at < 0 ? 0 : (at + step + flows.length) % flows.length;
  return flows[next]?.id ?? null;
}

/** Moves cards to the neighbouring cell, `stages` across and `lanes` down, to the end of that cell. */
export function moveBy(view: ProjectView, cards: CardId[], stages: number, lanes: number): Command | null {
  const journey = view.journey;
  if (!journey) return null;
  const commands: Command[] = [];
  for (const id of cards) {
    const card = journey.cards.find((c) => c.id === id);
    if (!card) continue;
    const stage = journey.stages[journey.stages.findIndex((s) => s.id === card.stage) + stages];
    const lane = journey.lanes[journey.lanes.findIndex((l) => l.id === card.lane) + lanes];
    if (!stage || !lane) continue;
    commands.push({ op: "move_card", journey: journey.id, card: id, stage: stage.id, lane: lane.id, index: null });
  }
  if (commands.length === 0) return null;
  return commands.length === 1 && commands[0] ? commands[0] : { op: "batch", label: "move cards", commands };
}

/** The cell under a point of the canvas (headers excluded). */
export function cellAt(layout: Layout, point: Point): Cell | null {
  const stage = layout.stages.find((s) => point.x >= s.rect.x && point.x < s.rect.x + s.rect.width);
  const lane = layout.lanes.find((l) => point.y >= l.rect.y && point.y < l.rect.y + l.rect.height);
  if (!stage || !lane || point.y < stage.header.height) return null;
  return { stage: stage.id, lane: lane.id };
}

/**
 * Where a card dropped at `point` goes within `cell`: before the first other card that comes after the point in
 * reading order (row by row, left to right).
 */
export function dropIndex(layout: Layout, journey: JourneyData, cell: Cell, moving: CardId, point: Point): number {
  const rects = new Map(layout.cards.map((c) => [c.id, c.rect]));
  const others = cardsInCell(journey, cell).filter((c) => c.id !== moving);
  const index = others.findIndex((c) => {
    const r = rects.get(c.id);
    if (!r) return false;
    const below = point.y < r.y;
    const sameRow = point.y < r.y + r.height;
    return below || (sameRow && point.x < r.x + r.width / 2);
  });
  return index === -1 ? others.length : index;
}

/** The next (or previous) cell: along the lane, then on to the next lane. */
export function stepCell(journey: JourneyData, cell: Cell | null, delta: 1 | -1): Cell | null {
  const stages = journey.stages.map((s) => s.id);
  const lanes = journey.lanes.map((l) => l.id);
  if (stages.length === 0 || lanes.length === 0) return null;
  const count = stages.length * lanes.length;
  const at = cell ? lanes.indexOf(cell.lane) * stages.length + stages.indexOf(cell.stage) : -1;
  const next = at < 0 ? 0 : (at + delta + count) % count;
  const stage = stages[next % stages.length] as StageId;
  const lane = lanes[Math.floor(next / stages.length)] as LaneId;
  return { stage, lane };
}

/** The emotion value (−2…+2, whole steps) for a y position in the emotion band. */
export function emotionAt(band: { top: number; bottom: number }, y: number): number {
  const value = 2 - ((y - band.top) / (band.bottom - band.top)) * 4;
  return Math.max(-2, Math.min(2, Math.round(value)));
}

export function emotionY(band: { top: number; bottom: number }, value: number): number {
  return band.top + ((2 - value) / 4) * (band.bottom - band.top);
}

/** Opens a fresh round: every card's dots back to zero, then voting open with `dots` per person. */
export function openVoting(view: ProjectView, dots: number): Command | null {
  const journey = view.journey;
  if (!journey) return null;
  const commands: Command[] = journey.cards
    .filter((c) => c.dots > 0)
    .map((c) => ({ op: "set_dots", journey: journey.id, card: c.id, dots: 0 }));
  commands.push({ op: "set_voting", journey: journey.id, voting: { dots_per_person: dots, open: true } });
  return { op: "batch", label: "open a voting round", commands };
}

/** One more dot on a card, if the participant has one left. */
export function placeDot(view: ProjectView, card: CardId, used: number): Command | null {
  const journey = view.journey;
  const voting = journey?.voting;
  const target = journey?.cards.find((c) => c.id === card);
  if (!journey || !voting?.open || !target || used >= voting.dots_per_person) return null;
  return { op: "set_dots", journey: journey.id, card, dots: target.dots + 1 };
}

/** Cards with dots, most first (ties in reading order). */
export function ranking(journey: JourneyData): CardData[] {
  return journey.cards.filter((c) => c.dots > 0).sort((a, b) => b.dots - a.dots);
}
