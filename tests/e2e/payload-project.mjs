// Builds a project that holds every script-injection payload of payloads.json in every place a colleague's file can
// put text, with the real `waymark` command: card titles, descriptions, channels, owners and tags, stage, lane,
// journey and persona names and descriptions, flow labels, comments, replies and their authors, history authors,
// version names, imported survey files' names, column names, segment values and respondents' comments.
//
// Shared by the real-app test (tests/e2e/injection.rs runs `node payload-project.mjs DIR WAYMARK` and reads the
// JSON it prints) and the exported-SVG test (ui/tests/injection.test.mjs imports it).
//
// A payload placed in a command-line argument loses its NUL characters (an argument cannot hold one); JSON
// commands (personas) and the survey files keep them. What was stored is what the manifest lists.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The payloads: each sets `window.__pwned` (or `document.title`) if it ever runs; markup ones carry `data-pwn`. */
export const payloads = JSON.parse(readFileSync(new URL("./payloads.json", import.meta.url), "utf8"));

/** A payload as a command-line argument can hold it. */
export const arg = (text) => text.replaceAll("\0", "");

/** A payload that can be a file name on Linux (no `/`, no NUL, short enough), the `n`th of them. */
function fileNamePayload(n) {
  const fit = payloads.filter((p) => !p.includes("/") && !p.includes("\0") && Buffer.byteLength(p) < 240);
  return fit[n % fit.length];
}

/** One CSV row, every cell quoted. */
const csvRow = (cells) => `${cells.map((c) => `"${String(c).replaceAll('"', '""')}"`).join(",")}\r\n`;

/** Where each kind of payload went (see `buildPayloadProject`). */
export const columns = {
  score: payloads[2],
  comment: payloads[4],
  segment: payloads[10],
  card: payloads[15],
  words: payloads[13],
};

/**
 * Builds a project in `dir`, its file named by a payload, with `waymark` (the CLI's path), and the survey files
 * beside it; returns what went where: { file, surveys: [imported A, imported B], pending (a survey to import in the
 * app), journey (the first journey's name), cardPayment (its id and its thread), cards: [{ id, title }],
 * personas: [{ id, name }], columns, comments: [{ id, card, text, author, reply, replyAuthor }] }.
 */
export function buildPayloadProject(dir, waymark) {
  const file = join(dir, `${fileNamePayload(3)}.waymark`);
  const run = (args, author = "injection") =>
    execFileSync(waymark, [...args.map(arg), "--author", arg(author)], { encoding: "utf8" }).trim();
  const show = () => JSON.parse(execFileSync(waymark, ["show", file, "--json"], { encoding: "utf8" }));
  execFileSync(waymark, ["new", file, "--sample"]);

  // Journeys: the sample's renamed to the first payload, one more journey named by each other payload.
  const sample = show().journeys[0];
  run(["rename-journey", file, sample.id, payloads[0]], payloads[0]);
  for (const p of payloads.slice(1)) run(["add-journey", file, p], p);

  // A stage and a lane named by each payload, each added by an author with that name.
  const laneKinds = ["actions", "touchpoints", "thoughts", "pain_points", "opportunities", "frontstage", "backstage"];
  const stages = payloads.map((p) => run(["add-stage", file, p], p));
  for (const [i, p] of payloads.entries()) run(["add-lane", file, p, "--kind", laneKinds[i % laneKinds.length]], p);

  // A card per payload in its stage, in one of the sample's lanes (not the emotions lane): the payload as its
  // title, description, channel, owner and tag. The last card's description is very long.
  const sampleLanes = sample.lanes.filter((l) => l.kind !== "emotions");
  const cards = payloads.map((p, i) => {
    const description = i === payloads.length - 1 ? payloads.join(" ").repeat(4).slice(0, 19_000) : p;
    const id = run(
      [
        "add-card",
        file,
        "--stage",
        stages[i],
        "--lane",
        sampleLanes[i % sampleLanes.length].id,
        "--title",
        p,
        "--description",
        description,
        "--channel",
        p,
        "--owner",
        p,
        "--tag",
        p,
        "--tag",
        "payload",
      ],
      p,
    );
    return { id, title: arg(p) };
  });

  // Flows from each card to the next, labelled with the payload.
  const kinds = ["happy_path", "alternative", "failure"];
  payloads.slice(0, -1).forEach((p, i) => {
    run(["connect", file, cards[i].id, cards[i + 1].id, "--kind", kinds[i % kinds.length], "--label", p], p);
  });

  // A comment on each card, by the next payload as author, and a reply by the one after with its text.
  const at = (i) => payloads[i % payloads.length];
  const comments = payloads.map((p, i) => {
    const id = run(["comment", file, cards[i].id, p], at(i + 1));
    run(["comment", file, cards[i].id, at(i + 2), "--reply-to", id], at(i + 3));
    return {
      id,
      card: cards[i].id,
      text: arg(p),
      author: arg(at(i + 1)),
      reply: arg(at(i + 2)),
      replyAuthor: arg(at(i + 3)),
    };
  });
  // And one on "Card payment", where every row of the first survey lands.
  const cardPayment = sample.cards.find((c) => c.title === "Card payment").id;
  const cardPaymentThread = run(["comment", file, cardPayment, payloads[1]], payloads[2]);

  // Personas (JSON commands keep NUL): a name and a description, an emotion at one of the sample's stages.
  const personas = payloads.map((p) => ({ id: crypto.randomUUID(), name: p }));
  const commands = personas.flatMap((persona, i) => [
    { op: "add_persona", persona: persona.id, name: persona.name, description: persona.name, index: null },
    {
      op: "set_emotion",
      journey: sample.id,
      persona: persona.id,
      stage: sample.stages[i % sample.stages.length].id,
      value: (i % 5) - 2,
    },
  ]);
  const commandsFile = join(dir, "personas.json");
  writeFileSync(commandsFile, JSON.stringify(commands));
  run(["apply", file, commandsFile]);

  // Two survey files, their names, column names, comments and segment values payloads: one imported onto
  // "Card payment", one onto each payload card by its title; a third left for the app's import panel.
  const header = [columns.score, columns.comment, columns.segment, columns.card, columns.words];
  // (The card column names cards as they were stored; the files differ, as an import of the same file replaces
  // the earlier one.)
  const body = payloads.map((p, i) => [i % 11, p, p, arg(p), p]);
  const survey = (n) => {
    const path = join(dir, `${fileNamePayload(n)}.csv`);
    const rows = n % 2 ? [...body].reverse() : body;
    writeFileSync(path, [header, ...rows].map(csvRow).join(""));
    return path;
  };
  const surveys = [survey(0), survey(1)];
  const pending = survey(2);
  const mapping = ["--metric", "nps", "--score", columns.score, "--comment", columns.comment];
  run(["import", file, surveys[0], ...mapping, "--segment", columns.segment, "--card", cardPayment], payloads[3]);
  run(
    ["import", file, surveys[1], ...mapping, "--segment", columns.segment, "--card-column", columns.card],
    payloads[4],
  );

  // Personas linked to segment values (the newest edits, so the history's first page shows their payload authors);
  // a version named by each payload.
  personas.slice(0, 10).forEach((persona, i) => {
    run(["link-persona", file, persona.id, "--segment", columns.segment, payloads[i]], payloads[i]);
  });
  for (const p of payloads) run(["version", file, p], p);

  return {
    file,
    surveys,
    pending,
    journey: arg(payloads[0]),
    cardPayment: { id: cardPayment, thread: cardPaymentThread },
    cards,
    personas,
    columns,
    comments,
  };
}

// `node payload-project.mjs DIR WAYMARK`: builds the project in DIR and prints the manifest as JSON.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, waymark] = process.argv.slice(2);
  process.stdout.write(JSON.stringify({ payloads, ...buildPayloadProject(dir, waymark) }));
}
