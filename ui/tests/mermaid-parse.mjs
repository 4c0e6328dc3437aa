// Parses Mermaid journeys with the real `mermaid` package (its own parser) and prints what it read, one JSON line
// per file: `node tests/mermaid-parse.mjs FILE.mmd…`. A file Mermaid refuses prints `{"error": …}` and the exit
// status is 1. The Rust tests use it to check Waymark's Mermaid import and export.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

// Mermaid sanitises text with DOMPurify, which needs a DOM. Rendering also adds a style sheet and measures text,
// which jsdom cannot: the picture is not looked at, so every box measures nothing.
const { window } = new JSDOM("");
globalThis.window = window;
globalThis.document = window.document;
globalThis.CSSStyleSheet = window.CSSStyleSheet;
window.SVGElement.prototype.getBBox = () => ({ x: 0, y: 0, width: 0, height: 0 });
const { default: mermaid } = await import("mermaid");

async function read(text) {
  await mermaid.parse(text);
  const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
  const tasks = db.getTasks().map((t) => ({ section: t.section, task: t.task, score: t.score, people: [...t.people] }));
  const sections = [...db.getSections()];
  const actors = [...db.getActors()];
  // The title as Mermaid draws it: the front matter's `title` unless a `title` statement follows. Mermaid sets the
  // front matter's only while rendering, on the same diagram database.
  await mermaid.render("waymark", text);
  return { title: db.getDiagramTitle(), sections, actors, tasks };
}

let failed = false;
for (const file of process.argv.slice(2)) {
  let line;
  try {
    line = await read(readFileSync(file, "utf8"));
  } catch (error) {
    failed = true;
    line = { error: String(error?.message ?? error) };
    process.stderr.write(`${file}: ${line.error}\n`);
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
process.exitCode = failed ? 1 : 0;
