// Generated from the Rust types by ts-rs (src-tauri/tests/bindings.rs). Do not edit by hand.

export type JourneyId = string;

export type StageId = string;

export type LaneId = string;

export type CardId = string;

export type FlowId = string;

export type PersonaId = string;

export type CommentId = string;

export type LaneKind = "touchpoints" | "actions" | "thoughts" | "emotions" | "pain_points" | "opportunities" | "frontstage" | "backstage" | "support" | "metrics";

export type CardKind = "touchpoint" | "action" | "thought" | "pain_point" | "opportunity" | "frontstage" | "backstage" | "support" | "metric" | "note";

export type FlowKind = "happy_path" | "alternative" | "failure" | "loop";

export type Stage = { id: StageId, name: string, };

export type Lane = { id: LaneId, name: string, kind: LaneKind, };

export type Persona = { id: PersonaId, name: string, description: string, 
/**
 * The respondents this persona stands for in imported feedback: those whose segment column has this value.
 */
segment?: SegmentLink | null, };

export type SegmentLink = { column: string, value: string, };

export type CardComment = { id: CommentId, card: CardId, 
/**
 * The comment this one answers (a thread is one level deep: a reply answers a comment that answers none).
 */
reply_to: CommentId | null, author: string, 
/**
 * Milliseconds since the Unix epoch.
 */
at_ms: number, text: string, 
/**
 * When the text was last edited.
 */
edited_ms: number | null, 
/**
 * A resolved thread is closed; it can be reopened.
 */
resolved: boolean, };

export type CardFields = { title: string, description: string, kind: CardKind, channel: string | null, owner: string | null, tags: Array<string>, };

export type Cell = { stage: StageId, lane: LaneId, };

export type Flow = { id: FlowId, from: CardId, to: CardId, kind: FlowKind, label: string | null, };

export type Orphans<T> = { "policy": "delete" } | { "policy": "move_to", target: T, };

export type Voting = { dots_per_person: number, open: boolean, };

export type Command = { "op": "add_journey", journey: JourneyId, name: string, index: number, } | { "op": "rename_journey", journey: JourneyId, name: string, } | { "op": "move_journey", journey: JourneyId, index: number, } | { "op": "delete_journey", journey: JourneyId, } | { "op": "add_stage", journey: JourneyId, stage: StageId, name: string, index: number, } | { "op": "rename_stage", journey: JourneyId, stage: StageId, name: string, } | { "op": "move_stage", journey: JourneyId, stage: StageId, index: number, } | { "op": "delete_stage", journey: JourneyId, stage: StageId, cards: Orphans<StageId>, } | { "op": "add_lane", journey: JourneyId, lane: LaneId, name: string, kind: LaneKind, index: number, } | { "op": "update_lane", journey: JourneyId, lane: LaneId, name: string, kind: LaneKind, } | { "op": "move_lane", journey: JourneyId, lane: LaneId, index: number, } | { "op": "delete_lane", journey: JourneyId, lane: LaneId, cards: Orphans<LaneId>, } | { "op": "add_card", journey: JourneyId, card: CardId, stage: StageId, lane: LaneId, index: number | null, fields: CardFields, } | { "op": "update_card", journey: JourneyId, card: CardId, fields: CardFields, } | { "op": "move_card", journey: JourneyId, card: CardId, stage: StageId, lane: LaneId, index: number | null, } | { "op": "delete_card", journey: JourneyId, card: CardId, } | { "op": "connect", journey: JourneyId, flow: FlowId, from: CardId, to: CardId, kind: FlowKind, label: string | null, } | { "op": "update_flow", journey: JourneyId, flow: FlowId, kind: FlowKind, label: string | null, } | { "op": "disconnect", journey: JourneyId, flow: FlowId, } | { "op": "set_emotion", journey: JourneyId, persona: PersonaId, stage: StageId, value: number | null, } | { "op": "add_persona", persona: PersonaId, name: string, description: string, index: number | null, } | { "op": "update_persona", persona: PersonaId, name: string, description: string, } | { "op": "delete_persona", persona: PersonaId, } | { "op": "link_persona", persona: PersonaId, segment: SegmentLink | null, } | { "op": "add_comment", journey: JourneyId, comment: CardComment, } | { "op": "edit_comment", journey: JourneyId, comment: CommentId, text: string, edited_ms: number | null, } | { "op": "resolve_comment", journey: JourneyId, comment: CommentId, resolved: boolean, } | { "op": "delete_comment", journey: JourneyId, comment: CommentId, } | { "op": "set_voting", journey: JourneyId, voting: Voting | null, } | { "op": "set_dots", journey: JourneyId, card: CardId, dots: number, } | { "op": "batch", label: string, commands: Array<Command>, };

export type ProjectData = { format: string, personas: Array<Persona>, journeys: Array<JourneyData>, };

export type JourneyData = { id: JourneyId, name: string, stages: Array<Stage>, lanes: Array<Lane>, 
/**
 * In reading order: stage, lane, position.
 */
cards: Array<CardData>, 
/**
 * In id (creation) order.
 */
flows: Array<Flow>, 
/**
 * In persona order, then stage order.
 */
emotions: Array<EmotionData>, 
/**
 * The dot-voting round, if one was ever opened.
 */
voting: Voting | null, 
/**
 * Comments on cards, oldest first.
 */
comments: Array<CardComment>, };

export type CardData = { id: CardId, stage: StageId, lane: LaneId, 
/**
 * Order within the cell, from 0.
 */
position: number, 
/**
 * Dot-voting total.
 */
dots: number, title: string, description: string, kind: CardKind, channel: string | null, owner: string | null, tags: Array<string>, };

export type EmotionData = { persona: PersonaId, stage: StageId, 
/**
 * −2 (very negative) … +2 (very positive).
 */
value: number, };

export type Point = { x: number, y: number, };

export type Rect = { x: number, y: number, width: number, height: number, };

export type StageBox = { id: StageId, rect: Rect, header: Rect, };

export type LaneBox = { id: LaneId, rect: Rect, header: Rect, };

export type CardBox = { id: CardId, rect: Rect, };

export type FlowRoute = { id: FlowId, 
/**
 * Its corners, sent as one flat list `[x0, y0, x1, y1, …]`.
 */
points: Array<number>, 
/**
 * Left out when the flow has no label (most have none).
 */
label?: Rect, };

export type EmotionCurve = { persona: PersonaId, points: Array<Point>, };

export type EmotionBand = { top: number, bottom: number, };

export type Layout = { width: number, height: number, stages: Array<StageBox>, lanes: Array<LaneBox>, cards: Array<CardBox>, flows: Array<FlowRoute>, emotion_curves: Array<EmotionCurve>, 
/**
 * The value scale of the first emotions lane, if the journey has one.
 */
emotion_band: EmotionBand | null, };

export type Theme = { lane_header_width: number, stage_header_height: number, card_width: number, card_height: number, card_gap: number, cell_padding: number, 
/**
 * Cards stacked in one column of a cell before the stage grows another column.
 */
max_stack: number, emotion_lane_height: number, };

export type Findings = { entries: Array<CardId>, exits: Array<CardId>, dead_ends: Array<CardId>, unreachable: Array<CardId>, loops: Array<Array<CardId>>, unmarked_loops: Array<Array<CardId>>, paths: PathSummary, 
/**
 * Entry to exit along happy-path flows only, if such a path exists.
 */
happy_path: Array<CardId> | null, };

export type PathSummary = { count: number, 
/**
 * Whether counting stopped at a limit (the count is then a lower bound).
 */
truncated: boolean, shortest: number | null, longest: number | null, };

export type PathsBetween = { 
/**
 * Each path as its cards, first to last.
 */
paths: Array<Array<CardId>>, 
/**
 * Whether the search stopped at a limit: there may be more (longer) paths.
 */
truncated: boolean, };

export type FileInfo = { path: string, 
/**
 * The file name, for the window title.
 */
name: string, 
/**
 * Why the file is read-only, if it is.
 */
read_only: string | null, 
/**
 * Something the window should say once about its file (it was replaced and merged), set by the shell.
 */
notice?: string, 
/**
 * The window's file was moved, deleted or replaced by something that is not a copy of this project: the
 * window keeps its document, read-only, for Save As (set by the shell).
 */
detached?: Detached, 
/**
 * How many merge conflicts the file holds open (the window offers the merge review while there are any).
 */
open_conflicts: number, };

export type JourneySummary = { id: JourneyId, name: string, };

export type ProjectView = { file: FileInfo, can_undo: boolean, can_redo: boolean, personas: Array<Persona>, journeys: Array<JourneySummary>, 
/**
 * The journey on screen (the chosen one, else the first), with its geometry.
 */
journey: JourneyData | null, layout: Layout | null, 
/**
 * The kind a new card gets in a lane of each kind.
 */
card_kind_for_lane: Array<[LaneKind, CardKind]>, 
/**
 * Feedback on the journey on screen.
 */
feedback: FeedbackView, };

export type ListPatch<T, I> = { changed: Array<T>, removed: Array<I>, 
/**
 * `[id, index in the new list]`, by increasing index.
 */
placed: Array<[I, number]>, 
/**
 * Boxes and routes that only moved, each group by one offset: when a stage, lane or band grows, everything
 * beyond it moves by the same amount, and an offset and the items' indexes are a fraction of their geometry.
 * Applied to the new list, after the rest of the patch.
 */
shifted?: Array<Shift>, };

export type Shift = { by: [number, number], items: Array<number>, };

export type JourneyPatch = { name?: string, stages?: Array<Stage>, lanes?: Array<Lane>, cards?: ListPatch<CardData, CardId>, flows?: ListPatch<Flow, FlowId>, emotions?: Array<EmotionData>, 
/**
 * `null` when the round was removed.
 */
voting?: Voting | null, 
/**
 * The journey's comments, whole, when any changed.
 */
comments?: Array<CardComment>, };

export type LayoutPatch = { width: number, height: number, stages?: Array<StageBox>, lanes?: Array<LaneBox>, cards?: ListPatch<CardBox, CardId>, flows?: ListPatch<FlowRoute, FlowId>, emotion_curves?: Array<EmotionCurve>, 
/**
 * `null` when the journey no longer has an emotions lane.
 */
emotion_band?: EmotionBand | null, };

export type ViewPatch = { can_undo: boolean, can_redo: boolean, file?: FileInfo, personas?: Array<Persona>, journeys?: Array<JourneySummary>, journey?: JourneyPatch, layout?: LayoutPatch, feedback?: FeedbackView, };

export type ViewUpdate = { "kind": "full", view: ProjectView, revision: number, } | { "kind": "patch", patch: ViewPatch, base: number, revision: number, };

export type UiError = { message: string, };

export type Detached = { 
/**
 * What happened, in one sentence naming the file.
 */
reason: string, 
/**
 * Another file is at the path now (another project's, or one that does not open): it can be opened.
 */
another_file: boolean, };

export type FileEvent = { "kind": "changed", update: ViewUpdate, } | { "kind": "problem", message: string, };

export type ItemKind = "persona" | "journey" | "stage" | "lane" | "card" | "flow" | "emotion" | "comment";

export type ItemKey = { kind: ItemKind, journey: string | null, id: string, };

export type FieldChange = { field: string, old: unknown, new: unknown, };

export type Place = { list: string, after: string | null, };

export type Moved = { from: Place, to: Place, };

export type ChangeKind = { "kind": "added", fields: Record<string, unknown>, } | { "kind": "removed", fields: Record<string, unknown>, } | { "kind": "changed", 
/**
 * Fields whose value differs, in name order.
 */
fields: Array<FieldChange>, 
/**
 * Where it moved, when it did.
 */
moved: Moved | null, };

export type ItemChange = { item: ItemKey, 
/**
 * Its name or title (as it is after the change, or was before a removal).
 */
label: string, change: ChangeKind, };

export type ConflictReason = "both_changed" | "both_added" | "changed_and_deleted" | "added_into_deleted";

export type Conflict = { item: ItemKey, 
/**
 * Its name or title, for people.
 */
label: string, field: string, reason: ConflictReason, base: unknown, ours: unknown, theirs: unknown, };

export type OpenConflict = { number: number, merge_seq: number, conflict: Conflict, 
/**
 * "mine", "theirs", and "both" or "edit" where they apply.
 */
choices: Array<string>, };

export type MergeSummary = { merge_seq: number, 
/**
 * The file merged in; `None` for a merge recorded before files kept their merges' sides.
 */
theirs_name: string | null, 
/**
 * What this file ("mine") and the other changed since the base.
 */
ours_changes: Array<ItemChange>, theirs_changes: Array<ItemChange>, };

export type MergeReview = { merges: Array<MergeSummary>, conflicts: Array<OpenConflict>, };

export type Choice = { "choice": "mine" } | { "choice": "theirs" } | { "choice": "both" } | { "choice": "edit", "value": unknown };

export type Settle = { number: number, choice: Choice, };

export type NewJourney = { "from": "blank" } | { "from": "copy_of", journey: JourneyId, } | { "from": "template", name: string, };

export type TemplateInfo = { name: string, 
/**
 * What the template is for (plain text).
 */
description: string, 
/**
 * Built into Waymark, rather than one of the user's.
 */
builtin: boolean, stages: number, lanes: number, cards: number, flows: number, };

export type SaveTemplate = { journey: JourneyId, name: string, description: string, };

export type Format = "svg" | "png" | "pdf" | "mermaid" | "canvas" | "json" | "csv";

export type FormatInfo = { format: Format, 
/**
 * What the panel's list says.
 */
label: string, extension: string, 
/**
 * Drawn as a picture (SVG, PNG, PDF), rather than written as text.
 */
image: boolean, };

export type PageSize = "a4" | "a3" | "letter" | "fit";

export type PdfPages = "auto" | "fit" | "tile";

export type PdfMode = "fit" | "tile";

export type PdfLayout = { mode: PdfMode, 
/**
 * `columns × rows`.
 */
pages: number, columns: number, rows: number, 
/**
 * The size the map's smallest text prints at, in points.
 */
text_pt: number, 
/**
 * [`MIN_TEXT_PT`], so a front end can say what "legible" means without a copy of the number.
 */
min_text_pt: number, 
/**
 * Whether `text_pt` is at least `min_text_pt` (only a forced one-page PDF can be smaller).
 */
legible: boolean, };

export type ThemeName = "light" | "dark";

export type ExportRequest = { format: Format, 
/**
 * The journey (default: the first); the JSON export always holds the whole project.
 */
journey: JourneyId | null, 
/**
 * PNG: pixels per canvas pixel (`waymark_render::png::scale_for_dpi` turns dots per inch into this).
 */
scale: number, 
/**
 * PDF: the page size.
 */
page: PageSize, 
/**
 * PDF: one page, tiles, or one page whenever the text stays legible on it (absent in older requests and
 * presets: that automatic choice).
 */
pages: PdfPages, theme: ThemeName, 
/**
 * PNG and SVG: no background.
 */
transparent: boolean, 
/**
 * Only stages from..to, counted from 1.
 */
stages: [number, number] | null, 
/**
 * Only these cards, in the stages and lanes that hold them (when `stages` is `None`); empty: all.
 */
cards: Array<CardId>, 
/**
 * Colour cards by their score (badges with value and n are drawn whenever there is feedback).
 */
heatmap: boolean, 
/**
 * The metric the badges and the heatmap show (default: the journey's first).
 */
metric: MetricKind | null, 
/**
 * Images: open comment threads as numbered markers on their cards and notes below the map (absent in older
 * requests and presets: off).
 */
comments: boolean, };

export type ExportPreview = { 
/**
 * The map as SVG (image formats), to be shown as an image, never inserted as markup.
 */
svg: string | null, 
/**
 * The start of the file (text formats).
 */
text: string | null, 
/**
 * PDF: the pages the chosen page size takes and the size the smallest text prints at.
 */
pdf: PdfLayout | null, 
/**
 * PNG: the image size in pixels.
 */
pixels: [number, number] | null, 
/**
 * Where "Export" writes.
 */
folder: string, };

export type ExportDone = { path: string, bytes: number, };

export type MetricKind = "nps" | "csat" | "ces" | "rating" | "number" | "share";

export type Aggregation = { "kind": "net_score", promoter_min: number, detractor_max: number, } | { "kind": "share_at_least", min: number, } | { "kind": "mean" };

export type MetricDefinition = { kind: MetricKind, scale_min: number, scale_max: number, aggregation: Aggregation, description: string, };

export type CardScore = { card: string, card_id: CardId, metric: MetricKind, n: number, value: number, low: number, high: number, low_confidence: boolean, };

export type ScopeScore = { stage: StageId | null, metric: MetricKind, n: number, value: number, low: number, high: number, low_confidence: boolean, };

export type TrendPoint = { period: string, metric: MetricKind, n: number, value: number, 
/**
 * Fewer responses than the minimum n that month.
 */
low_confidence: boolean, };

export type Comment = { dataset: DatasetId, row: number, score: number, time: number | null, text: string, };

export type DatasetId = string;

export type Dataset = { id: DatasetId, journey: JourneyId, name: string, source_name: string, 
/**
 * Seconds since 1970.
 */
imported_at: number, rows_read: number, rows_mapped: number, definition: MetricDefinition, };

export type OpKind = "do" | "undo" | "redo";

export type HistoryEntry = { seq: number, id: string, 
/**
 * Milliseconds since the Unix epoch.
 */
at_ms: number, author: string, kind: OpKind, 
/**
 * What was done, undone or redone, in words.
 */
description: string, 
/**
 * For an undo: whether `redo` would bring back what it took away (it is on the redo stack).
 */
redoable: boolean, };

export type Version = { label: string, 
/**
 * The history entry it marks (0: the project as it was created).
 */
seq: number, 
/**
 * When it was saved, in milliseconds since the Unix epoch.
 */
at_ms: number, 
/**
 * Who saved it.
 */
author: string, 
/**
 * What the entry it marks did, as history words it ("add card", "undo add card"; "created" for point 0).
 */
description: string, };

export type Comparison = { 
/**
 * The history point compared with now.
 */
seq: number, 
/**
 * The journey compared: the one on show.
 */
journey: JourneyId, 
/**
 * Cards on the journey now that it did not hold then, in reading order.
 */
added: Array<CardId>, 
/**
 * Cards it held then that are gone now, as they were then (their stage and lane may be gone too).
 */
removed: Array<CardData>, 
/**
 * Cards held then and now whose title, description, kind, channel, owner, tags, stage or lane differ.
 */
changed: Array<CardId>, };

export type FeedbackView = { scores: Array<CardScore>, 
/**
 * Each stage's score and the journey's (stage `null`), per metric.
 */
scope_scores: Array<ScopeScore>, 
/**
 * Each metric once, with its definition, for the legend.
 */
metrics: Array<MetricDefinition>, datasets: Array<Dataset>, 
/**
 * Scores on fewer responses are flagged low-confidence.
 */
min_n: number, };

export type CardFeedback = { comments: Array<Comment>, 
/**
 * Comments matching the filter, of which `comments` holds the first ones.
 */
matching: number, trend: Array<TrendPoint>, };

export type ComparisonMethod = "adjusted_wald_nps_difference" | "newcombe_hybrid_score" | "welch_t";

export type ScoreComparison = { 
/**
 * The group's score minus the rest's, in the score's units: NPS points, percentage points, or the answer
 * scale for means. This is the difference of the scores as shown; the NPS interval is centred on the adjusted
 * difference instead (see [`ComparisonMethod::AdjustedWaldNpsDifference`]), which is pulled towards 0, so with
 * very few responses the difference shown can even lie outside its interval.
 */
difference: number, 
/**
 * The 95% interval of the difference.
 */
low: number, high: number, 
/**
 * The interval leaves out 0.
 */
significant: boolean, 
/**
 * The two-sided p value, where the method gives one (adjusted-Wald z, Welch's t); not for Newcombe's interval.
 */
p_value: number | null, method: ComparisonMethod, };

export type ScoreScope = { "kind": "card", card: CardId, title: string, } | { "kind": "stage", stage: StageId, name: string, } | { "kind": "journey" };

export type SegmentScore = { 
/**
 * The value (trimmed); `None` for the responses without one.
 */
segment: string | null, n: number, value: number, low: number, high: number, low_confidence: boolean, 
/**
 * This segment's score minus that of the other values' responses together; `None` for the no-value group
 * and where either side has fewer than 2 responses.
 */
versus_rest: ScoreComparison | null, };

export type SegmentSplit = { scope: ScoreScope, metric: MetricKind, 
/**
 * The responses split (the segments' n add up to it).
 */
n: number, 
/**
 * Values in text order, the no-value group last.
 */
segments: Array<SegmentScore>, };

export type SegmentReport = { journey: JourneyId, 
/**
 * The column as the datasets name it.
 */
column: string, 
/**
 * Scores on fewer responses are low-confidence.
 */
min_n: number, splits: Array<SegmentSplit>, };

export type PersonaScores = { persona: PersonaId, name: string, segment: SegmentLink, 
/**
 * The stages where the persona's segment answered, in stage order (one entry per metric).
 */
stages: Array<PersonaStageScore>, };

export type PersonaStageScore = { stage: StageId, metric: MetricKind, 
/**
 * The segment's score at the stage, against the stage's other segment values.
 */
score: SegmentScore, };

export type ChannelScore = { 
/**
 * As the first of its cards spells it (cards whose channels differ only in case and spacing are one channel).
 */
channel: string, 
/**
 * Its touchpoint cards in the stage that have responses on this metric.
 */
cards: Array<CardId>, n: number, value: number, low: number, high: number, low_confidence: boolean, 
/**
 * This channel's score minus that of the stage's other channels together; `None` with a single channel or
 * fewer than 2 responses on either side.
 */
versus_rest: ScoreComparison | null, 
/**
 * Significantly below the other channels (95%).
 */
below_rest: boolean, };

export type StageChannels = { stage: StageId, name: string, metric: MetricKind, 
/**
 * Channels with responses on this metric, in lane order.
 */
channels: Array<ChannelScore>, };

export type ChannelReport = { journey: JourneyId, min_n: number, stages: Array<StageChannels>, };

export type Mapping = { metric: MetricDefinition, 
/**
 * The score column (its id, or its question text).
 */
score: string, 
/**
 * How the score column's answers become numbers when they are words.
 */
answers: Answers, comment: string | null, date: string | null, 
/**
 * Dates like 3/4/2025 are 3 April (not 4 March).
 */
day_first: boolean, segments: Array<string>, target: Target, 
/**
 * The sheet of a workbook.
 */
sheet: string | null, };

export type Answers = { 
/**
 * The built-in label scale the answers are on ([`Scale::id`]), if they are words.
 */
scale: string | null, 
/**
 * The user's numbers for answers, overriding or completing the scale (the answer as written → its number).
 */
values: { [key in string]: number }, 
/**
 * For a share metric: the answers that count (e.g. "Yes"); every other real answer counts against.
 */
positive: Array<string>, };

export type Reading = { "as": "number", "value": number } | { "as": "yours", "value": number } | { "as": "label", "value": number } | { "as": "number_in_label", "value": number } | { "as": "no_answer" } | { "as": "unknown" };

export type AnswerCount = { answer: string, reading: Reading, rows: number, };

export type ScoreGuess = { metric: MetricDefinition, answers: Answers, reason: string, };

export type Target = { "by": "card", card: CardId, } | { "by": "column", column: string, aliases: { [key in string]: CardId }, } | { "by": "channel_stage", channel: string, stage: string, };

export type HeaderLayout = "plain" | "qualtrics" | "qualtrics_legacy" | "survey_monkey";

export type TableInfo = { 
/**
 * e.g. "CSV (delimiter ';')", "XLSX sheet 'Form Responses 1'", "JSON Lines".
 */
format: string, encoding: string, layout: HeaderLayout, header_rows: number, 
/**
 * The question text of each column, where the export gives one.
 */
descriptions: Array<string>, };

export type FileSummary = { info: TableInfo, columns: Array<string>, 
/**
 * Each column's question as plain text where the export gives one (or its header holds HTML); else empty.
 */
questions: Array<string>, 
/**
 * The first rows, for a glimpse of the values.
 */
sample: Array<Array<string>>, suggestion: Mapping, 
/**
 * Why the score column was suggested; empty when no column looked like a score.
 */
reason: string, };

export type Preview = { info: TableInfo, columns: Array<string>, rows_read: number, mapped: number, 
/**
 * Rows the export marks as not real (Qualtrics previews and tests).
 */
excluded: number, 
/**
 * Rows whose answer counts as no answer (blank, "N/A", "Don't know"), left out.
 */
no_answer: number, 
/**
 * The score column's answers that are not plain numbers, each with its reading and rows: the ones no scale
 * reads first, then the most frequent (at most [`ANSWERS_LISTED`]).
 */
answers: Array<AnswerCount>, 
/**
 * Rows whose card column matched no card, by value, most frequent first.
 */
unmapped: Array<Unmapped>, 
/**
 * Rows left out for a reason (no score, out of range…), with the first line numbers of each.
 */
invalid: Array<Invalid>, };

export type Unmapped = { value: string, rows: number, };

export type Invalid = { reason: string, rows: number, 
/**
 * The first few line numbers.
 */
lines: Array<number>, };

export type SyncTool = "Dropbox" | "Nextcloud or ownCloud" | "Syncthing" | "Seafile" | "OneDrive" | "Resilio Sync" | "a numbered copy";

export type ConflictCopy = { path: string, 
/**
 * The file's name, as text to show.
 */
name: string, tool: SyncTool, 
/**
 * When the copy was last written (milliseconds since 1970).
 */
modified_ms: number, };

