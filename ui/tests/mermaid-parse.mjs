// Parses a Mermaid journey with the real `mermaid` package (its own parser) and prints what it read as JSON:
// `node tests/mermaid-parse.mjs FILE.mmd`. The Rust tests use it to check Waymark's Mermaid export.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

// Mermaid sanitises text with DOMPurify, which needs a DOM.
const { window } = new JSDOM("");
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import("mermaid");

const text = readFileSync(process.argv[2], "utf8");
await mermaid.parse(text);
const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
const tasks = db.getTasks().map((t) => ({ section: t.section, task: t.task, score: t.score, people: t.people }));
process.stdout.write(
  JSON.stringify({ title: db.getDiagramTitle(), sections: db.getSections(), actors: db.getActors(), tasks }),
);
