// A stand-in for the Rust shell, for fast UI tests in Chromium: it answers the app's IPC calls from an in-memory
// copy of a real view (printed by `waymark view`), applies the commands the UI sends in a simplified way (cards
// stack in their cell, flows are straight), and records every call in window.__calls for the tests to inspect.
// Injected with page.addInitScript(mockBackend, view); it must not close over anything outside itself.
export function mockBackend(initialView) {
  let view = structuredClone(initialView);
  const undo = [];
  const redo = [];
  const calls = [];
  window.__calls = calls;
  // Channels: the UI registers callbacks through transformCallback; messages go to them in order.
  const callbacks = new Map();
  let nextCallback = 1;
  const channels = new Map();
  const send = (channel, message) => {
    const state = channels.get(channel.id) ?? { index: 0 };
    channels.set(channel.id, state);
    callbacks.get(channel.id)?.({ message, index: state.index++ });
  };
  let drops = null;
  window.__drop = (summary) => send(drops, summary);
  // Comments the card feedback panel reads: untrusted text, one with markup that must stay text.
  // A satisfaction column answered in words: one label the scale reads, one it does not, one that is no answer.
  const satisfactionGuess = {
    metric: {
      kind: "csat",
      scale_min: 1,
      scale_max: 5,
      aggregation: { kind: "share_at_least", min: 4 },
      description: "CSAT: % answering 4–5 (top-2-box) on a 1–5 scale",
    },
    answers: { scale: "satisfaction_5", values: {}, positive: [] },
    reason: "its answers are labels of the 5-point satisfaction scale",
  };
  const answersOf = (mapping) => {
    if (mapping.score !== "satisfied") return { no_answer: 0, answers: [] };
    const mine = mapping.answers?.values ?? {};
    // A share reads the ticked answers as 1 and the others as 0, as the Rust reader does.
    const read = (answer, label) =>
      mapping.metric.kind === "share"
        ? { as: "label", value: mapping.answers.positive.includes(answer) ? 1 : 0 }
        : answer in mine
          ? { as: "yours", value: mine[answer] }
          : label;
    return {
      no_answer: 5,
      answers: [
        { answer: "Meh", reading: read("Meh", { as: "unknown" }), rows: 7 },
        { answer: "Very satisfied", reading: read("Very satisfied", { as: "label", value: 5 }), rows: 40 },
        { answer: "Don't know", reading: { as: "no_answer" }, rows: 5 },
      ],
    };
  };
  const comments = [
    { dataset: "d1", row: 2, score: 10, time: 1767312000, text: "Quick and friendly <b>bold</b>" },
    { dataset: "d1", row: 3, score: 3, time: 1767225600, text: "Refund was slow" },
    { dataset: "d1", row: 4, score: 8, time: null, text: "Fine, slow app" },
  ];
  const size = { width: 200, height: 88, gap: 16, padding: 20 };
  // Scores by segment, made up the way a real report reads: each value takes a share of a scope's responses and
  // sits some points from its score (North well above, South well below); small scopes have no South responses.
  const segmentShapes = {
    Region: [
      ["East", 0.25, 5],
      ["North", 0.4, 22],
      ["South", 0.3, -38],
    ],
    Plan: [
      ["Basic", 0.55, -3],
      ["Family <b>plus</b>", 0.4, 4],
    ],
  };
  const methodOf = (metric) =>
    metric.aggregation.kind === "net_score"
      ? "adjusted_wald_nps_difference"
      : metric.aggregation.kind === "share_at_least"
        ? "newcombe_hybrid_score"
        : "welch_t";
  const spread = (n) => 196 * Math.sqrt(0.6 / n);
  const scored = (n, value, minN) => ({
    n,
    value,
    low: Math.max(-100, value - spread(n)),
    high: Math.min(100, value + spread(n)),
    low_confidence: n < minN,
  });
  const splitOf = (scope, score, shape) => {
    const metric = view.feedback.metrics.find((m) => m.kind === score.metric);
    const minN = view.feedback.min_n;
    const named = shape
      .filter(([value]) => value !== "South" || score.n >= 20)
      .map(([value, share, offset]) => ({ value, n: Math.round(score.n * share), score: score.value + offset }))
      .filter((g) => g.n > 0);
    const given = named.reduce((sum, g) => sum + g.n, 0);
    const segments = named.map((g) => {
      const rest = named.filter((o) => o !== g);
      const restN = rest.reduce((sum, o) => sum + o.n, 0);
      const restValue = rest.reduce((sum, o) => sum + o.score * o.n, 0) / (restN || 1);
      const difference = g.score - restValue;
      const half = spread(g.n) + spread(Math.max(restN, 1)) / 2;
      const compared = g.n >= 2 && restN >= 2;
      return {
        segment: g.value,
        ...scored(g.n, g.score, minN),
        versus_rest: compared
          ? {
              difference,
              low: difference - half,
              high: difference + half,
              significant: difference - half > 0 || difference + half < 0,
              p_value: 0.01,
              method: methodOf(metric),
            }
          : null,
      };
    });
    if (score.n > given)
      segments.push({ segment: null, ...scored(score.n - given, score.value, minN), versus_rest: null });
    return { scope, metric: score.metric, n: score.n, segments };
  };
  const segmentReport = (column, shape) => {
    const j = journey();
    const cards = j.cards.filter((c) => view.feedback.scores.some((s) => s.card_id === c.id));
    const stageScores = view.feedback.scope_scores.filter((s) => s.stage !== null);
    const splits = [
      ...cards.flatMap((c) =>
        view.feedback.scores
          .filter((s) => s.card_id === c.id)
          .map((s) => splitOf({ kind: "card", card: c.id, title: c.title }, s, shape)),
      ),
      ...stageScores.map((s) =>
        splitOf({ kind: "stage", stage: s.stage, name: j.stages.find((st) => st.id === s.stage)?.name }, s, shape),
      ),
      ...view.feedback.scope_scores.filter((s) => s.stage === null).map((s) => splitOf({ kind: "journey" }, s, shape)),
    ];
    return { journey: j.id, column, min_n: view.feedback.min_n, splits };
  };
  // Channels side by side: a stage with touchpoint feedback has its touchpoint lanes as channels, the second one
  // well below the others.
  const channelNumbers = [
    { n: 118, value: 40 },
    { n: 64, value: -12, below: true },
    { n: 12, value: 30 },
  ];
  const channelReport = (stage) => {
    const j = journey();
    const minN = view.feedback.min_n;
    const metric = view.feedback.metrics[0];
    const stages = j.stages.filter((s) => stage === null || s.id === stage || s.name === stage);
    const out = [];
    for (const s of stages) {
      const lanes = j.lanes.filter((l) => l.kind === "touchpoints");
      const inStage = (l) => j.cards.filter((c) => c.stage === s.id && c.lane === l.id);
      const scoredHere = j.cards.some((c) => c.stage === s.id && view.feedback.scores.some((x) => x.card_id === c.id));
      if (!metric || !scoredHere) continue;
      const channels = lanes
        .filter((l) => inStage(l).length > 0)
        .slice(0, channelNumbers.length)
        .map((l, i) => {
          const { n, value, below } = channelNumbers[i];
          const difference = below ? -46 : 18;
          return {
            channel: l.name,
            cards: inStage(l).map((c) => c.id),
            ...scored(n, value, minN),
            versus_rest: {
              difference,
              low: difference - 20,
              high: difference + 20,
              significant: Math.abs(difference) > 20,
              p_value: 0.001,
              method: methodOf(metric),
            },
            below_rest: !!below,
          };
        });
      out.push({ stage: s.id, name: s.name, metric: metric.kind, channels });
    }
    return { journey: j.id, min_n: minN, stages: out };
  };

  const journey = () => view.journey;
  const rectOf = (card) => {
    const stage = view.layout.stages.find((s) => s.id === card.stage);
    const lane = view.layout.lanes.find((l) => l.id === card.lane);
    return {
      x: stage.rect.x + size.padding,
      y: lane.rect.y + size.padding + card.position * (size.height + size.gap),
      width: size.width,
      height: size.height,
    };
  };
  const relayout = () => {
    const j = journey();
    const cells = new Map();
    for (const card of j.cards) {
      const key = `${card.stage}/${card.lane}`;
      const list = cells.get(key) ?? [];
      list.push(card);
      cells.set(key, list);
    }
    for (const list of cells.values()) {
      list
        .sort((a, b) => a.position - b.position)
        .forEach((c, i) => {
          c.position = i;
        });
    }
    view.layout.cards = j.cards.map((c) => ({ id: c.id, rect: rectOf(c) }));
    const rects = new Map(view.layout.cards.map((c) => [c.id, c.rect]));
    view.layout.flows = j.flows.map((f) => {
      const a = rects.get(f.from);
      const b = rects.get(f.to);
      return {
        id: f.id,
        // x, y, x, y as Rust sends a route's corners.
        points: [a.x + a.width, a.y + a.height / 2, b.x, b.y + b.height / 2],
      };
    });
  };
  const apply = (command) => {
    const j = journey();
    switch (command.op) {
      case "batch":
        for (const c of command.commands) apply(c);
        break;
      case "add_card": {
        const inCell = j.cards.filter((c) => c.stage === command.stage && c.lane === command.lane).length;
        j.cards.push({
          id: command.card,
          stage: command.stage,
          lane: command.lane,
          position: inCell,
          dots: 0,
          ...command.fields,
        });
        break;
      }
      case "update_card":
        Object.assign(
          j.cards.find((c) => c.id === command.card),
          command.fields,
        );
        break;
      case "move_card": {
        const card = j.cards.find((c) => c.id === command.card);
        const inCell = j.cards.filter((c) => c.stage === command.stage && c.lane === command.lane && c.id !== card.id);
        Object.assign(card, { stage: command.stage, lane: command.lane, position: command.index ?? inCell.length });
        break;
      }
      case "delete_card":
        j.cards = j.cards.filter((c) => c.id !== command.card);
        j.flows = j.flows.filter((f) => f.from !== command.card && f.to !== command.card);
        break;
      case "connect":
        j.flows.push({
          id: command.flow,
          from: command.from,
          to: command.to,
          kind: command.kind,
          label: command.label,
        });
        break;
      case "update_flow":
        Object.assign(
          j.flows.find((f) => f.id === command.flow),
          { kind: command.kind, label: command.label },
        );
        break;
      case "disconnect":
        j.flows = j.flows.filter((f) => f.id !== command.flow);
        break;
      case "set_voting":
        j.voting = command.voting;
        break;
      case "set_dots":
        j.cards.find((c) => c.id === command.card).dots = command.dots;
        break;
      case "link_persona":
        view.personas = view.personas.map((p) => (p.id === command.persona ? { ...p, segment: command.segment } : p));
        break;
      case "delete_comment":
        j.comments = j.comments.filter((c) => c.id !== command.comment && c.reply_to !== command.comment);
        break;
      case "set_emotion": {
        j.emotions = j.emotions.filter((e) => !(e.persona === command.persona && e.stage === command.stage));
        if (command.value !== null)
          j.emotions.push({ persona: command.persona, stage: command.stage, value: command.value });
        break;
      }
      default:
        throw { message: `The test backend does not know ${command.op}.` };
    }
  };
  /** Makes an edit (one undo step) and answers with the view after it. */
  const edited = (change) => {
    const before = structuredClone(view);
    change();
    undo.push(before);
    redo.length = 0;
    view.can_undo = true;
    view.can_redo = false;
    return view;
  };
  const answer = (cmd, args) => {
    switch (cmd) {
      case "current_view":
        return view;
      case "recent_files":
        return [view.file.path];
      case "open_recent":
        return view;
      case "set_fullscreen":
        return null;
      case "history_page": {
        // A long history, made up: entries numbered down from 250.
        const newest = 250;
        const from = args.before === null ? newest : args.before - 1;
        const entries = [];
        for (let seq = from; seq > 0 && entries.length < args.limit; seq--) {
          entries.push({
            seq,
            id: `e${seq}`,
            at_ms: 1764806400000 + seq * 60000,
            author: "ana",
            kind: seq % 10 === 5 ? "undo" : "do",
            description: `edit ${seq}`,
            redoable: false,
          });
        }
        return entries;
      }
      case "restore_history":
        return view;
      case "versions":
        return window.__versions ?? [];
      case "save_version": {
        const version = { label: args.label, seq: 250, at_ms: 1764806400000, author: "ana", description: "edit 250" };
        window.__versions = [version, ...(window.__versions ?? [])];
        return version;
      }
      case "compare_version": {
        const [first, second] = journey().cards;
        return { added: [first.id], removed: [{ id: "gone", title: "Gone" }], changed: [second.id] };
      }
      case "journey_templates":
        return [
          {
            name: "Service blueprint",
            description: "A hotel stay",
            builtin: true,
            stages: 5,
            lanes: 6,
            cards: 12,
            flows: 9,
          },
          {
            name: "Booking travel",
            description: "Flights and hotel",
            builtin: true,
            stages: 5,
            lanes: 4,
            cards: 9,
            flows: 8,
          },
        ];
      case "add_journey":
        view.journeys.push({ id: crypto.randomUUID(), name: args.name || "New journey" });
        return view;
      case "rename_journey":
        view.journeys.find((j) => j.id === args.journey).name = args.name;
        if (journey().id === args.journey) journey().name = args.name;
        return view;
      case "move_journey": {
        const at = view.journeys.findIndex((j) => j.id === args.journey);
        const [moved] = view.journeys.splice(at, 1);
        view.journeys.splice(args.index, 0, moved);
        return view;
      }
      case "delete_journey":
        view.journeys = view.journeys.filter((j) => j.id !== args.journey);
        return view;
      case "check_journey":
        // What `waymark check --json` found in the sample (the test may change it between edits).
        return window.__findings;
      case "paths_between":
        return window.__paths ?? { paths: [], truncated: false };
      case "export_formats":
        // What `waymark_api::export::formats()` lists.
        return [
          ["svg", "SVG (vector)", "svg", true],
          ["png", "PNG (image)", "png", true],
          ["pdf", "PDF (vector, pages)", "pdf", true],
          ["mermaid", "Mermaid journey (text)", "mmd", false],
          ["canvas", "JSON Canvas (Obsidian)", "canvas", false],
          ["json", "Waymark JSON (whole project)", "json", false],
          ["csv", "CSV of cards", "csv", false],
        ].map(([format, label, extension, image]) => ({ format, label, extension, image }));
      case "export_cancel":
        return null;
      case "export_preview": {
        // A stand-in picture: one rect per stage, the journey's name as text.
        const { format, scale, stages } = args.request;
        const folder = view.file.path.replace(/\/[^/]*$/, "");
        if (!["svg", "png", "pdf"].includes(format)) {
          return { svg: null, text: `${format} of ${journey().name}`, pdf: null, pixels: null, folder };
        }
        const shown = view.layout.stages.slice(stages ? stages[0] - 1 : 0, stages ? stages[1] : undefined);
        const width = shown.reduce((w, s) => w + s.rect.width, 0);
        const rects = shown.map((_stage, i) => `<rect x="${i * 50}" width="40" height="40" fill="#ccc"/>`).join("");
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="400">${rects}<text y="60">${journey().name}</text></svg>`;
        return {
          svg,
          text: null,
          // What `PdfLayout::plan` says for the sample on A4: one page at 4.2 pt, or 3 × 2 tiles at print size
          // when asked for; a page the size of the map is always one page at print size.
          pdf:
            format !== "pdf"
              ? null
              : args.request.page === "fit"
                ? { mode: "fit", pages: 1, columns: 1, rows: 1, text_pt: 8.25, min_text_pt: 4, legible: true }
                : args.request.pages === "tile"
                  ? { mode: "tile", pages: 6, columns: 3, rows: 2, text_pt: 8.25, min_text_pt: 4, legible: true }
                  : { mode: "fit", pages: 1, columns: 1, rows: 1, text_pt: 4.2, min_text_pt: 4, legible: true },
          pixels: format === "png" ? [Math.ceil(width * scale), Math.ceil(400 * scale)] : null,
          folder,
        };
      }
      case "import_map":
        return null;
      case "watch_file":
        return null;
      case "watch_drops":
        drops = args.dropped;
        return null;
      case "metric_definition": {
        if (args.kind === "share") {
          return {
            kind: "share",
            scale_min: 0,
            scale_max: 1,
            aggregation: { kind: "share_at_least", min: 1 },
            description: `% answering ${args.positive.join(" or ") || "Yes"} of those who answered`,
          };
        }
        const nps = args.kind === "nps";
        return {
          kind: args.kind,
          scale_min: nps ? 0 : 1,
          scale_max: nps ? 10 : (args.scale?.[1] ?? 5),
          aggregation: nps ? { kind: "net_score", promoter_min: 9, detractor_max: 6 } : { kind: "mean" },
          description: `${args.kind} as the test backend defines it`,
        };
      }
      case "feedback_preview": {
        const byCard = args.mapping.target.by === "card";
        const kioskMapped = !byCard && "Kiosk" in (args.mapping.target.aliases ?? {});
        return {
          info: { format: "CSV (delimiter ',')", encoding: "UTF-8", layout: "plain", header_rows: 1, descriptions: [] },
          columns: ["touchpoint", "nps", "comment"],
          rows_read: 120,
          mapped: byCard || kioskMapped ? 118 : 100,
          excluded: 0,
          unmapped: byCard || kioskMapped ? [] : [{ value: "Kiosk", rows: 18 }],
          invalid: [{ reason: "no score", rows: 2, lines: [7, 40] }],
          ...answersOf(args.mapping),
        };
      }
      case "feedback_guess_score":
        return args.column === "satisfied" ? satisfactionGuess : null;
      case "feedback_import": {
        send(args.progress, 60);
        send(args.progress, 120);
        const metric = args.mapping.metric;
        const card = args.mapping.target.card;
        const title = journey().cards.find((c) => c.id === card)?.title ?? "";
        const stage = journey().cards.find((c) => c.id === card)?.stage ?? null;
        const score = { metric: metric.kind, n: 118, value: 40, low: 25, high: 55, low_confidence: false };
        view.feedback = {
          scores: [{ card: title, card_id: card, ...score }],
          scope_scores: [
            { stage, ...score },
            { stage: null, ...score },
          ],
          metrics: [metric],
          datasets: [
            {
              id: "d1",
              journey: journey().id,
              name: "survey.csv",
              source_name: "survey.csv",
              imported_at: 1767225600,
              rows_read: 120,
              rows_mapped: 118,
              definition: metric,
            },
          ],
          min_n: 30,
        };
        return view;
      }
      case "feedback_cancel":
        return null;
      case "set_min_n":
        view.feedback = {
          ...view.feedback,
          min_n: args.minN,
          scores: view.feedback.scores.map((s) => ({ ...s, low_confidence: s.n < args.minN })),
        };
        return view;
      case "remove_dataset":
        view.feedback = { scores: [], scope_scores: [], metrics: [], datasets: [], min_n: 30 };
        return view;
      case "segment_columns":
        return view.feedback.datasets.length > 0 ? Object.keys(segmentShapes) : [];
      case "scores_by_segment": {
        const shape = segmentShapes[args.column];
        if (!shape || view.feedback.datasets.length === 0) {
          throw { message: `${view.file.path}: the feedback has no segment column "${args.column}"` };
        }
        return segmentReport(args.column, shape);
      }
      case "persona_scores":
        // Each linked persona's value at each stage, read from the same made-up report the legend shows.
        return view.personas
          .filter((p) => p.segment && segmentShapes[p.segment.column] && view.feedback.datasets.length > 0)
          .map((p) => ({
            persona: p.id,
            name: p.name,
            segment: p.segment,
            stages: segmentReport(p.segment.column, segmentShapes[p.segment.column])
              .splits.filter((s) => s.scope.kind === "stage")
              .flatMap((s) =>
                s.segments
                  .filter((g) => g.segment === p.segment.value)
                  .map((g) => ({ stage: s.scope.stage, metric: s.metric, score: g })),
              ),
          }));
      case "channel_consistency":
        return channelReport(args.stage);
      case "card_feedback": {
        const needle = args.search.trim().toLowerCase();
        const matching = comments
          .filter((c) => !args.band || (c.score >= args.band[0] && c.score <= args.band[1]))
          .filter((c) => !needle || c.text.toLowerCase().includes(needle));
        return {
          comments: matching,
          matching: matching.length,
          trend: [
            { period: "2026-01", metric: "nps", n: 40, value: 20, low_confidence: false },
            { period: "2026-02", metric: "nps", n: 38, value: 35, low_confidence: false },
            { period: "2026-03", metric: "nps", n: 40, value: 60, low_confidence: false },
          ],
        };
      }
      case "export_file": {
        const extension = args.request.format === "mermaid" ? "mmd" : args.request.format;
        const folder = view.file.path.replace(/\/[^/]*$/, "");
        return { path: `${folder}/${journey().name}.${extension}`, bytes: 2048 };
      }
      case "apply":
        return edited(() => {
          apply(args.command);
          relayout();
        });
      // Conflict copies beside the project: the ones a test puts in window.__conflictCopies. Merging one retitles
      // "Card payment" (so the new view shows); a copy in the trash is gone from the list.
      case "conflict_copies":
        return window.__conflictCopies ?? [];
      case "merge_copy": {
        if (!(window.__conflictCopies ?? []).some((c) => c.path === args.path))
          throw { message: `${args.path} is not a conflict copy of this project.` };
        return edited(() => {
          const paid = journey().cards.find((c) => c.title === "Card payment");
          if (paid) paid.title = "Card payment (merged)";
        });
      }
      // Merging a copy: "Postcode check" retitled there (taken), "Card payment" retitled on both sides (a conflict,
      // the map holds ours); the review lists both, settling takes the answer.
      case "merge_a_copy": {
        const j = journey();
        const postcode = j.cards.find((c) => c.title === "Postcode check");
        const paid = j.cards.find((c) => c.title === "Card payment");
        const key = (c) => ({ kind: "card", journey: j.id, id: c.id });
        const changed = (c, field, old, now) => ({
          item: key(c),
          label: now,
          change: { kind: "changed", fields: [{ field, old, new: now }], moved: null },
        });
        window.__review = {
          merges: [
            {
              merge_seq: 9,
              // A long unbroken name, as a sync tool's copy may have: the panel wraps it.
              theirs_name: `theirs-${"0123456789".repeat(20)}.waymark`,
              ours_changes: [changed(paid, "title", "Card payment", "Card payment")],
              theirs_changes: [
                changed(postcode, "title", "Postcode check", "Postcode lookup"),
                changed(paid, "title", "Card payment", "Pay by card"),
              ],
            },
          ],
          conflicts: [
            {
              number: 1,
              merge_seq: 9,
              choices: ["mine", "theirs", "edit"],
              conflict: {
                item: key(paid),
                label: "Card payment",
                field: "title",
                reason: "both_changed",
                base: "Card payment",
                ours: "Card payment",
                theirs: "Pay by card <img src=x onerror=alert(1)>",
              },
            },
          ],
        };
        const merged = edited(() => {
          postcode.title = "Postcode lookup";
          view.file.open_conflicts = 1;
        });
        return { ...merged, file: { ...merged.file, notice: "theirs.waymark was merged into groceries.waymark." } };
      }
      case "merge_review":
        return window.__review ?? { merges: [], conflicts: [] };
      case "settle_conflicts": {
        const review = window.__review;
        return edited(() => {
          for (const { number, choice } of args.answers) {
            const c = review.conflicts.find((x) => x.number === number);
            const card = journey().cards.find((x) => x.id === c.conflict.item.id);
            if (choice.choice === "theirs") card.title = c.conflict.theirs;
            if (choice.choice === "edit") card.title = choice.value;
          }
          review.conflicts = review.conflicts.filter((c) => !args.answers.some((a) => a.number === c.number));
          view.file.open_conflicts = review.conflicts.length;
        });
      }
      case "trash_copy":
        window.__conflictCopies = (window.__conflictCopies ?? []).filter((c) => c.path !== args.path);
        return null;
      // Comments, as waymark-api makes them: by the window's author, now; a reply's thread resolved through it.
      case "author":
        return "Tester";
      case "add_comment": {
        const j = journey();
        if (!args.text.trim()) throw { message: "the comment must not be blank" };
        const parent = args.replyTo && j.comments.find((c) => c.id === args.replyTo);
        if (args.replyTo && (!parent || parent.card !== args.card || parent.reply_to !== null)) {
          throw { message: "a reply answers a comment on the same card that is not itself a reply" };
        }
        return edited(() =>
          j.comments.push({
            id: crypto.randomUUID(),
            card: args.card,
            reply_to: args.replyTo ?? null,
            author: "Tester",
            at_ms: Date.now(),
            text: args.text,
            edited_ms: null,
            resolved: false,
          }),
        );
      }
      case "edit_comment": {
        if (!args.text.trim()) throw { message: "the comment must not be blank" };
        return edited(() => {
          Object.assign(
            journey().comments.find((c) => c.id === args.comment),
            { text: args.text, edited_ms: Date.now() },
          );
        });
      }
      case "resolve_comment": {
        const c = journey().comments.find((c) => c.id === args.comment);
        const root = journey().comments.find((r) => r.id === (c.reply_to ?? c.id));
        return edited(() => {
          root.resolved = args.resolved;
        });
      }
      case "undo":
      case "redo": {
        const [from, to] = cmd === "undo" ? [undo, redo] : [redo, undo];
        const restored = from.pop();
        if (!restored) return view;
        to.push(view);
        view = restored;
        view.can_undo = undo.length > 0;
        view.can_redo = redo.length > 0;
        return view;
      }
      default:
        throw { message: `The test backend does not know the command ${cmd}.` };
    }
  };
  const viewCommands = new Set([
    "current_view",
    "apply",
    "undo",
    "redo",
    "show_journey",
    "restore_history",
    "add_journey",
    "rename_journey",
    "move_journey",
    "delete_journey",
    "new_project",
    "open_project",
    "open_recent",
    "save_as",
    "import_map",
    "feedback_import",
    "set_min_n",
    "remove_dataset",
    "add_comment",
    "edit_comment",
    "resolve_comment",
    "merge_copy",
    "merge_a_copy",
    "settle_conflicts",
  ]);
  let revision = 0;
  let sent = null;
  // A simple stand-in for view_update.rs: lists with ids item by item, everything else whole when it differs.
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const diffList = (old, next) => {
    if (same(old, next)) return undefined;
    const before = new Map(old.map((item) => [item.id, item]));
    const ids = new Set(next.map((item) => item.id));
    const changed = next.filter((item) => !same(before.get(item.id), item));
    const removed = old.filter((item) => !ids.has(item.id)).map((item) => item.id);
    // Simpler than the shell's (which places as few items as it can): every item out of its old order is placed.
    const kept = old.filter((item) => ids.has(item.id)).map((item) => item.id);
    const placed = [];
    let k = 0;
    next.forEach((item, index) => {
      if (kept[k] === item.id) k += 1;
      else placed.push([item.id, index]);
    });
    return { changed, removed, placed };
  };
  const diffFields = (old, next, lists) => {
    const patch = {};
    for (const key of Object.keys(next)) {
      if (lists.includes(key)) patch[key] = diffList(old[key], next[key]);
      else if (!same(old[key], next[key])) patch[key] = next[key];
    }
    return patch;
  };
  const diffView = (old, next) => {
    if (!old.journey || !next.journey || old.journey.id !== next.journey.id || !old.layout || !next.layout) return null;
    const patch = diffFields(old, next, []);
    patch.can_undo = next.can_undo;
    patch.can_redo = next.can_redo;
    if (patch.journey) patch.journey = diffFields(old.journey, next.journey, ["cards", "flows"]);
    if (patch.layout) {
      patch.layout = diffFields(old.layout, next.layout, ["cards", "flows"]);
      patch.layout.width = next.layout.width;
      patch.layout.height = next.layout.height;
    }
    return patch;
  };
  window.__TAURI_INTERNALS__ = {
    invoke: async (cmd, args) => {
      calls.push({ cmd, args: structuredClone(args ?? {}) });
      const result = structuredClone(answer(cmd, args ?? {}));
      if (!viewCommands.has(cmd) || !result) return result;
      // Like the real shell: the whole view first, then patches on the last view sent.
      const patch = cmd === "current_view" || !sent ? null : diffView(sent, result);
      sent = result;
      revision += 1;
      return patch
        ? { kind: "patch", patch, base: revision - 1, revision }
        : { kind: "full", view: structuredClone(result), revision };
    },
    transformCallback: (callback) => {
      const id = nextCallback++;
      callbacks.set(id, callback);
      return id;
    },
    unregisterCallback: (id) => callbacks.delete(id),
    metadata: { currentWindow: { label: "w1" }, currentWebview: { windowLabel: "w1", label: "w1" } },
  };
}
