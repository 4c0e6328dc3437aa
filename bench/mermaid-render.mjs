// The peer of Waymark's SVG export (issue 5): a Mermaid journey rendered to SVG by the `mermaid` npm package in
// Debian's headless Chromium, as a docs-as-code team would.
// Usage: node bench/mermaid-render.mjs IN.mmd OUT.svg [WARM_RUNS]
// Renders once and writes OUT.svg; with WARM_RUNS, renders that many more times in the same page and prints the
// render times (ms) as a JSON array.
import { readFileSync, writeFileSync } from "node:fs";
import { launchChromium } from "../ui/tests/harness.mjs";

const [input, output, warmRuns] = process.argv.slice(2);
const text = readFileSync(input, "utf8");
const browser = await launchChromium();
const page = await browser.newPage();
await page.setContent("<!doctype html><html><body></body></html>");
await page.addScriptTag({ path: new URL("../ui/node_modules/mermaid/dist/mermaid.min.js", import.meta.url).pathname });
const render = (source) =>
  page.evaluate(async (source) => {
    window.mermaid.initialize({ startOnLoad: false });
    const started = performance.now();
    const { svg } = await window.mermaid.render(`journey${Math.random().toString(36).slice(2)}`, source);
    return { svg, ms: performance.now() - started };
  }, source);
const first = await render(text);
writeFileSync(output, first.svg);
if (warmRuns) {
  const times = [];
  for (let i = 0; i < Number(warmRuns); i++) times.push((await render(text)).ms);
  process.stdout.write(JSON.stringify(times));
}
await browser.close();
