// Pan and zoom frame rate of the canvas in Debian's Chromium (issue 3: ≥ 50 fps with 1,000 cards, 1,500 flows).
// Usage: node bench/canvas-fps.mjs VIEW.json  (VIEW.json from `waymark view` of a generated project; ui/dist built).
// The UI runs against the mocked backend of the UI tests; only drawing is measured here.
import { readFileSync } from "node:fs";
import { launchChromium, serveDist } from "../ui/tests/harness.mjs";
import { mockBackend } from "../ui/tests/mock-backend.js";

const view = JSON.parse(readFileSync(process.argv[2], "utf8"));
const server = await serveDist();
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.addInitScript(mockBackend, view);
const started = Date.now();
await page.goto(server.url);
await page.locator("[data-testid=card]").first().waitFor();
const firstPaint = Date.now() - started;

// Records every animation frame's time while `gesture` runs.
async function framesDuring(gesture) {
  await page.evaluate(() => {
    window.__frames = [];
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__recording) requestAnimationFrame(tick);
    };
    window.__recording = true;
    requestAnimationFrame(tick);
  });
  await gesture();
  const frames = await page.evaluate(() => {
    window.__recording = false;
    return window.__frames;
  });
  const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const seconds = (frames.at(-1) - frames[0]) / 1000;
  return { fps: (frames.length - 1) / seconds, p95: gaps[Math.floor(gaps.length * 0.95)] };
}

const pane = page.locator(".react-flow__pane");
const box = await pane.boundingBox();
await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
// Zoom in to working size first: a facilitator pans a readable map, not the overview.
for (let i = 0; i < 12; i++) await page.mouse.wheel(0, -120);
const zoom = await framesDuring(async () => {
  for (let i = 0; i < 90; i++) {
    await page.mouse.wheel(0, i % 30 < 15 ? -60 : 60);
    await page.waitForTimeout(16);
  }
});
const pan = await framesDuring(async () => {
  await page.mouse.down();
  for (let i = 0; i < 90; i++) {
    await page.mouse.move(box.x + box.width / 2 + Math.sin(i / 10) * 300, box.y + box.height / 2 + Math.cos(i / 10) * 200);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
});
const cards = await page.locator("[data-testid=card]").count();
console.log(`| canvas first paint in Chromium (navigation → first card; mocked backend) | ${firstPaint} ms | |`);
console.log(`| zoom with the mouse wheel, ${view.layout.cards.length} cards / ${view.layout.flows.length} flows | ${zoom.fps.toFixed(0)} fps (p95 frame ${zoom.p95.toFixed(1)} ms) | ≥ 50 fps |`);
console.log(`| pan by dragging | ${pan.fps.toFixed(0)} fps (p95 frame ${pan.p95.toFixed(1)} ms), ${cards} cards in the DOM at the end | ≥ 50 fps |`);
await browser.close();
server.close();
