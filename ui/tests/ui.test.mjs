// The built UI in Debian's Chromium, driven by Playwright, with the Rust shell replaced by tests/mock-backend.js.
// Run by `.ci/run` after `vite build` and `cargo build` (it asks the real `waymark` CLI for the sample's view).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { launchChromium, serveDist } from "./harness.mjs";
import { mockBackend } from "./mock-backend.js";

const root = new URL("..", import.meta.url).pathname;
const waymark = join(root, "..", "target", "debug", "waymark");

let server;
let browser;
let page;
let sampleView;
let sampleFindings;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "waymark-ui-"));
  const file = join(dir, "groceries.waymark");
  execFileSync(waymark, ["new", file, "--sample"]);
  sampleView = JSON.parse(execFileSync(waymark, ["view", file], { encoding: "utf8" }));
  sampleFindings = JSON.parse(execFileSync(waymark, ["check", file, "--json"], { encoding: "utf8" }))[0];
  server = await serveDist();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(mockBackend, sampleView);
  await page.addInitScript((findings) => {
    window.__findings = findings;
  }, sampleFindings);
  await page.goto(server.url);
  await page.locator("[data-testid=card]").first().waitFor();
});

const card = (title) => page.locator("[data-testid=card]", { has: page.locator(".card-title", { hasText: title }) });
const calls = () => page.evaluate(() => window.__calls);
const applied = async () => (await calls()).filter((c) => c.cmd === "apply").map((c) => c.args.command);
/** A point on a flow's line, in page coordinates (`at`: 0 start … 1 end), where a user would click it. */
const pointOnFlow = (id, at = 0.5) =>
  page.evaluate(
    ([id, at]) => {
      const path = document.querySelector(`[data-flow-hit="${id}"]`);
      const point = path.getPointAtLength(path.getTotalLength() * at).matrixTransform(path.getScreenCTM());
      return { x: point.x, y: point.y };
    },
    [id, at],
  );

describe("the canvas with a mocked backend", () => {
  it("draws the sample: stages, lanes, 41 cards, 36 flows and two emotion curves", async () => {
    assert.equal(await page.locator("[data-testid=stage-header]").count(), 6);
    assert.equal(await page.locator("[data-testid=lane-header]").count(), 7);
    assert.equal(await page.locator("[data-testid=card]").count(), 41);
    assert.equal(await page.locator("[data-testid=flow]").count(), 36);
    assert.equal(await page.locator("[data-testid=emotion-curve]").count(), 2);
    assert.match(await card("Delivery fees unclear").getAttribute("class"), /kind-pain_point/);
  });

  it("adds a card with N, names it in place, and edits it in the side panel", async () => {
    await card("Builds a basket").click();
    await page.keyboard.press("n");
    await page.getByLabel("Card title").fill("Compares prices");
    await page.keyboard.press("Enter");
    await card("Compares prices").waitFor();
    const [add, rename] = await applied();
    assert.equal(add.op, "add_card");
    assert.equal(add.fields.kind, "action", "a card in the actions lane is an action");
    assert.equal(rename.op, "update_card");
    assert.equal(rename.fields.title, "Compares prices");

    await card("Compares prices").click();
    await page.keyboard.press("Control+i");
    await page.getByLabel("Description").fill("Checks two other shops first.");
    await page.getByLabel("Owner").click(); // leaving the field saves it
    const edits = await applied();
    assert.deepEqual(edits.at(-1).fields.description, "Checks two other shops first.");
  });

  it("connects two cards, then undoes and redoes it", async () => {
    await card("Rates the order").click();
    await card("Refund confirmed").click({ modifiers: ["Shift"] });
    await page.keyboard.press("c");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=flow]").length === 37);
    const connect = (await applied()).at(-1);
    assert.equal(connect.op, "connect");
    await page.keyboard.press("Control+z");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=flow]").length === 36);
    await page.keyboard.press("Control+Shift+z");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=flow]").length === 37);
    assert.deepEqual(
      (await calls()).map((c) => c.cmd).filter((c) => c === "undo" || c === "redo"),
      ["undo", "redo"],
    );
  });

  it("selects a flow, types it by keys and in its panel, labels it in place, and deletes it", async () => {
    const flow = sampleView.journey.flows.find((f) => f.kind === "happy_path");
    const title = (id) => sampleView.journey.cards.find((c) => c.id === id).title;
    await card(title(flow.from)).click();
    const at = await pointOnFlow(flow.id);
    await page.mouse.click(at.x, at.y);
    const panel = page.getByRole("complementary", { name: "Flow" });
    await panel.waitFor();
    assert.equal(await panel.getByTestId("flow-ends").textContent(), `${title(flow.from)} → ${title(flow.to)}`);
    assert.match(await page.locator(".flow-item.selected [data-testid=flow]").getAttribute("data-flow-id"), /.+/);
    assert.equal(await page.locator(".flow-item.selected [data-testid=flow]").getAttribute("data-flow-id"), flow.id);

    // 3 makes it a failure; the panel's "Flow kind" a loop.
    await page.keyboard.press("3");
    await page.waitForFunction(
      (id) => document.querySelector(`[data-flow-id="${id}"]`)?.classList.contains("flow-failure"),
      flow.id,
    );
    await panel.getByLabel("Flow kind").selectOption("loop");
    await page.waitForFunction(
      (id) => document.querySelector(`[data-flow-id="${id}"]`)?.classList.contains("flow-loop"),
      flow.id,
    );

    // Enter edits the label in place, on the canvas.
    await page
      .locator(".react-flow__pane")
      .focus()
      .catch(() => {});
    await page.keyboard.press("Enter");
    const inPlace = page.locator(".flow-label-input");
    await inPlace.fill("comes back tomorrow");
    await page.keyboard.press("Enter");
    await page.locator(".flow-label", { hasText: "comes back tomorrow" }).waitFor();
    const updates = (await applied()).filter((c) => c.op === "update_flow");
    assert.deepEqual(
      updates.map((c) => [c.flow, c.kind, c.label]),
      [
        [flow.id, "failure", flow.label],
        [flow.id, "loop", flow.label],
        [flow.id, "loop", "comes back tomorrow"],
      ],
    );

    // Delete removes it (and only it).
    await page.keyboard.press("Delete");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=flow]").length === 35);
    assert.deepEqual((await applied()).at(-1), { op: "disconnect", journey: sampleView.journey.id, flow: flow.id });
    assert.equal(await panel.count(), 0);
  });

  it("cycles through a card's flows with ] and moves a flow's end onto another card", async () => {
    const journey = sampleView.journey;
    const from = journey.cards.find((c) => journey.flows.filter((f) => f.from === c.id).length >= 2);
    const outgoing = journey.flows.filter((f) => f.from === from.id);
    await card(from.title).click();
    await page.keyboard.press("]");
    const selected = () => page.locator(".flow-item.selected [data-testid=flow]").getAttribute("data-flow-id");
    await page.locator(".flow-item.selected").waitFor();
    assert.equal(await selected(), outgoing[0].id);
    await page.keyboard.press("]");
    assert.equal(await selected(), outgoing[1].id);

    // Drag the selected flow's end handle onto a card it does not reach yet: one batch, same id, kind and label.
    const flow = outgoing[1];
    const target = journey.cards.find(
      (c) => c.id !== from.id && !journey.flows.some((f) => f.from === from.id && f.to === c.id),
    );
    const handle = await page.locator(".flow-end[data-flow-end=to]").boundingBox();
    const box = await card(target.title).boundingBox();
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "apply"));
    assert.deepEqual((await applied()).at(-1), {
      op: "batch",
      label: "reconnect flow",
      commands: [
        { op: "disconnect", journey: journey.id, flow: flow.id },
        {
          op: "connect",
          journey: journey.id,
          flow: flow.id,
          from: from.id,
          to: target.id,
          kind: flow.kind,
          label: flow.label,
        },
      ],
    });
  });

  it("checks the journey in a panel: findings, the happy path highlighted, problem cards marked, paths between", async () => {
    const journey = sampleView.journey;
    const title = (id) => journey.cards.find((c) => c.id === id).title;
    await page.keyboard.press("Control+Shift+K");
    const panel = page.getByRole("complementary", { name: "Check" });
    const summary = panel.getByTestId("check-summary");
    await summary.waitFor();
    assert.equal(
      await summary.textContent(),
      `No problems. ${sampleFindings.paths.count} paths from entry to exit (${sampleFindings.paths.shortest}–${sampleFindings.paths.longest} cards).`,
    );
    assert.equal(
      await panel.getByRole("region", { name: "Entries" }).getByRole("button").count(),
      sampleFindings.entries.length,
    );

    // The happy path, highlighted along its flows.
    await panel.getByLabel("Highlight the happy path").check();
    await page.waitForFunction(
      (n) => document.querySelectorAll(".flow-item.highlighted").length === n,
      sampleFindings.happy_path.length - 1,
    );

    // A finding selects its card.
    const exit = sampleFindings.exits[0];
    await panel
      .getByRole("region", { name: "Exits" })
      .getByRole("button", { name: title(exit) })
      .click();
    await page.waitForFunction(
      (id) => document.querySelector(`[data-card-id="${id}"]`)?.classList.contains("selected"),
      exit,
    );

    // After an edit the check runs again: a dead end it now reports is marked on its card, in words too.
    const deadEnd = exit;
    await page.evaluate((id) => {
      window.__findings = { ...window.__findings, dead_ends: [id] };
    }, deadEnd);
    // The finding brought its card into view with a short animation: click the card once the view is still, and
    // add a card only once it is selected (a click while the map still moves can land beside it).
    await page.waitForFunction(
      () =>
        new Promise((resolve) => {
          const transform = () => document.querySelector(".react-flow__viewport")?.getAttribute("style");
          const before = transform();
          setTimeout(() => resolve(transform() === before), 150);
        }),
    );
    await card(title(exit)).click();
    await page.waitForFunction(
      (id) => document.querySelector(`[data-card-id="${id}"]`)?.classList.contains("selected"),
      exit,
    );
    await page.keyboard.press("n");
    await page.getByLabel("Card title").fill("Asks a neighbour");
    await page.keyboard.press("Enter");
    const badge = page.locator(`[data-card-id="${deadEnd}"] [data-testid=problem-badge]`);
    await badge.waitFor();
    assert.equal(await badge.getAttribute("aria-label"), "Check: dead end");
    assert.match(await summary.textContent(), /^1 problem\./);

    // Two cards selected: the paths from the first to the second, the chosen one highlighted.
    const flow = journey.flows.find((f) => f.to === exit);
    await page.evaluate(
      (path) => {
        window.__paths = { paths: [path], truncated: false };
      },
      [flow.from, flow.to],
    );
    // The whole map in view, so both cards can be clicked.
    await page.keyboard.press("f");
    await card(title(flow.from)).click();
    await card(title(flow.to)).click({ modifiers: ["Shift"] });
    await panel.getByRole("button", { name: "Paths between" }).click();
    await panel.getByTestId("paths-between").getByRole("radio").check();
    await page.waitForFunction(
      (id) =>
        document.querySelector(`[data-flow-id="${id}"]`)?.closest(".flow-item")?.classList.contains("highlighted"),
      flow.id,
    );
    const asked = (await calls()).filter((c) => c.cmd === "paths_between").map((c) => c.args);
    assert.deepEqual(asked, [{ from: flow.from, to: flow.to }]);

    // A long list shows its first 50 cards until asked for all (a generated map has thousands of dead ends).
    const many = Array.from({ length: 120 }, (_, i) => `missing-${i}`);
    await page.evaluate((ids) => {
      window.__findings = { ...window.__findings, dead_ends: ids };
    }, many);
    // Any edit runs the check again.
    await card(title(flow.to)).click();
    await page.keyboard.press("n");
    await page.getByLabel("Card title").fill("Calls the shop");
    await page.keyboard.press("Enter");
    const deadEnds = panel.getByRole("region", { name: "Dead ends" });
    await page.waitForFunction(() =>
      /^120 problems\./.test(document.querySelector("[data-testid=check-summary]").textContent),
    );
    const listed = deadEnds.getByRole("listitem");
    assert.equal(await listed.count(), 50);
    await deadEnds.getByRole("button", { name: "Show all 120" }).click();
    assert.equal(await listed.count(), 120);
    assert.equal(await deadEnds.getByRole("button", { name: "Show all 120" }).count(), 0);
  });

  it("manages journeys in their panel: always a switcher; add from a template, rename, reorder, delete after asking", async () => {
    const switcher = page.getByLabel("Journey", { exact: true });
    assert.equal(await switcher.locator("option").count(), 1, "the switcher shows even one journey");
    await page.locator("button[data-action='view.journeys']").click();
    const panel = page.getByRole("complementary", { name: "Journeys" });
    await panel.getByLabel("Start from").selectOption("template:Booking travel");
    await panel.getByLabel("New journey's name").fill("Business trip");
    await panel.getByRole("button", { name: "Add journey" }).click();
    await page.waitForFunction(() => document.querySelectorAll("select[aria-label=Journey] option").length === 2);
    const added = (await calls()).find((c) => c.cmd === "add_journey").args;
    assert.deepEqual(added, { name: "Business trip", from: { from: "template", name: "Booking travel" } });

    const rows = panel.getByTestId("journey-row");
    await rows.nth(1).getByLabel("Name of journey 2").fill("Business trip abroad");
    await rows.nth(1).getByLabel("Name of journey 2").press("Enter");
    await panel.getByRole("button", { name: "Move Business trip abroad up" }).click();
    await page.waitForFunction(
      () => document.querySelector("select[aria-label=Journey] option")?.textContent === "Business trip abroad",
    );
    const id = (await calls()).find((c) => c.cmd === "rename_journey").args.journey;
    assert.deepEqual((await calls()).find((c) => c.cmd === "move_journey").args, { journey: id, index: 0 });

    // Delete asks first: the first click only asks.
    await panel.getByRole("button", { name: "Delete Business trip abroad" }).click();
    assert.equal((await calls()).filter((c) => c.cmd === "delete_journey").length, 0);
    await panel.getByRole("button", { name: "Really delete Business trip abroad?" }).click();
    await page.waitForFunction(() => document.querySelectorAll("select[aria-label=Journey] option").length === 1);
    assert.deepEqual((await calls()).find((c) => c.cmd === "delete_journey").args, { journey: id });
  });

  it("shows the history a page at a time, restores to a point, saves and compares versions", async () => {
    await page.locator("button[data-action='view.history']").click();
    const panel = page.getByRole("complementary", { name: "History" });
    const entries = panel.getByTestId("history-entry");
    await entries.first().waitFor();
    assert.equal(await entries.count(), 100, "one page at first");
    assert.match(await entries.nth(0).textContent(), /#250 edit 250/);
    assert.match(await entries.nth(5).textContent(), /#245 Undid: edit 245/, "undos said as such");
    // Scrolled to the end, the next page comes.
    await panel.getByTestId("history").evaluate((list) => {
      list.scrollTop = list.scrollHeight;
    });
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=history-entry]").length === 200);
    const pages = (await calls()).filter((c) => c.cmd === "history_page").map((c) => c.args);
    assert.deepEqual(pages.slice(0, 2), [
      { before: null, limit: 100 },
      { before: 151, limit: 100 },
    ]);

    await panel.getByRole("button", { name: "Restore to #245" }).click();
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "restore_history"));
    assert.deepEqual((await calls()).find((c) => c.cmd === "restore_history").args, { seq: 245 });

    await panel.getByLabel("Version name").fill("After the workshop");
    await panel.getByRole("button", { name: "Save version" }).click();
    await panel.getByLabel("Compare After the workshop with now").check();
    await panel.getByTestId("comparison").waitFor();
    assert.equal(
      await panel.getByTestId("comparison").textContent(),
      "Since then: 1 added, 1 removed, 1 changed. Added and changed cards are marked on the map.",
    );
    const [first, second] = sampleView.journey.cards;
    await page.locator(`[data-card-id="${first.id}"].added [data-testid=change-badge]`).waitFor();
    await page.locator(`[data-card-id="${second.id}"].changed [data-testid=change-badge]`).waitFor();
  });

  it("drags a card into the next stage: a preview while dragging, one move on drop", async () => {
    const moving = card("Builds a basket");
    const id = await moving.getAttribute("data-card-id");
    const from = sampleView.journey.cards.find((c) => c.id === id);
    const stageIndex = sampleView.journey.stages.findIndex((s) => s.id === from.stage);
    const headers = page.locator("[data-testid=stage-header]");
    const here = await headers.nth(stageIndex).boundingBox();
    const next = await headers.nth(stageIndex + 1).boundingBox();
    const box = await moving.boundingBox();
    const node = page.locator(`.react-flow__node[data-id="${id}"]`);
    const start = await node.getAttribute("style");
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + (next.x - here.x) / 2, box.y + box.height / 2, { steps: 5 });
    assert.notEqual(await node.getAttribute("style"), start, "the card follows the pointer");
    await page.mouse.move(box.x + box.width / 2 + (next.x - here.x), box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "apply"));
    const moves = await applied();
    assert.equal(moves.length, 1, "one command for the whole drag");
    assert.equal(moves[0].op, "move_card");
    assert.equal(moves[0].card, id);
    assert.equal(moves[0].stage, sampleView.journey.stages[stageIndex + 1].id);
    assert.equal(moves[0].lane, from.lane);
  });

  it("connects two cards by dragging from one card's handle to another", async () => {
    const source = card("Realises the fridge is empty");
    const target = card("Builds a basket");
    const handle = source.locator(".react-flow__handle.source");
    const a = await handle.boundingBox();
    const b = await target.boundingBox();
    // The handle's inner half: its outer half lies outside the card, which clips it.
    await page.mouse.move(a.x + a.width / 4, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=flow]").length === 37);
    const [connect] = await applied();
    assert.equal(connect.op, "connect");
    assert.equal(connect.from, await source.getAttribute("data-card-id"));
    assert.equal(connect.to, await target.getAttribute("data-card-id"));
  });

  it("chooses a connection's kind with 1–4 while it is dragged, and remembers it", async () => {
    // A flow selected first: outside a drag, 3 would make it a failure.
    const selected = sampleView.journey.flows.find((f) => f.kind === "happy_path");
    const at = await pointOnFlow(selected.id);
    await page.mouse.click(at.x, at.y);
    await page.locator(".flow-item.selected").waitFor();
    const source = card("Builds a basket");
    const target = card("Realises the fridge is empty");
    const a = await source.locator(".react-flow__handle.source").boundingBox();
    const b = await target.boundingBox();
    await page.mouse.move(a.x + a.width / 4, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    const preview = page.locator(".connection-preview");
    assert.equal(await preview.getAttribute("data-connect-kind"), "happy_path");
    assert.equal(await page.locator(".flow-item.selected").count(), 1, "the flow is still selected");
    await page.keyboard.press("3");
    await page.waitForFunction(
      () => document.querySelector(".connection-preview")?.getAttribute("data-connect-kind") === "failure",
    );
    assert.match(await preview.locator(".connection-kind").textContent(), /^failure/);
    assert.equal(await preview.locator("path.flow").getAttribute("class"), "flow flow-failure");
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=flow]").length === 37);
    // One command, the connection in the kind chosen: the key did not retype the selected flow on the way.
    const commands = await applied();
    assert.deepEqual(
      commands.map((c) => [c.op, c.kind]),
      [["connect", "failure"]],
    );
    assert.equal(await page.evaluate(() => localStorage.getItem("waymark.connectKind")), "failure");
  });

  it("opens a large map with all of it in view, and F fits all of it again", async () => {
    // The sample spread four times as far apart: larger than the area around the screen that the canvas draws.
    const k = 4;
    const box = (r) => ({ x: r.x * k, y: r.y * k, width: r.width * k, height: r.height * k });
    const at = (p) => ({ x: p.x * k, y: p.y * k });
    const l = sampleView.layout;
    const big = {
      ...sampleView,
      layout: {
        ...l,
        width: l.width * k,
        height: l.height * k,
        stages: l.stages.map((s) => ({ ...s, rect: box(s.rect), header: box(s.header) })),
        lanes: l.lanes.map((s) => ({ ...s, rect: box(s.rect), header: box(s.header) })),
        cards: l.cards.map((c) => ({ ...c, rect: { ...c.rect, ...at(c.rect) } })),
        flows: l.flows.map((f) => ({ ...f, points: f.points.map((c) => c * k), label: f.label && box(f.label) })),
        emotion_curves: l.emotion_curves.map((c) => ({ ...c, points: c.points.map(at) })),
        emotion_band: l.emotion_band && { top: l.emotion_band.top * k, bottom: l.emotion_band.bottom * k },
      },
    };
    await page.close();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(mockBackend, big);
    await page.goto(server.url);
    await page.locator(".react-flow__node").first().waitFor();
    const fits = async () =>
      page.evaluate(
        ([width, height]) => {
          const pane = document.querySelector(".react-flow").getBoundingClientRect();
          const scale = Number(
            document
              .querySelector(".react-flow__viewport")
              .getAttribute("style")
              .match(/scale\(([\d.]+)\)/)[1],
          );
          const whole = Math.min(pane.width / width, pane.height / height);
          // All of the map on screen, and not much smaller than the screen allows (a 5% margin each side).
          return scale <= whole * 1.001 && scale >= whole * 0.85;
        },
        [big.layout.width, big.layout.height],
      );
    await page.waitForFunction(() => document.querySelector(".react-flow__viewport")?.getAttribute("style"));
    assert.ok(await fits(), "the whole map in view on opening");
    await page.keyboard.press("+");
    await page.keyboard.press("+");
    await page.waitForTimeout(400);
    assert.equal(await fits(), false, "zoomed in");
    await page.keyboard.press("f");
    await page.waitForTimeout(400);
    assert.ok(await fits(), "F fits the whole map again");
  });

  it("zooms to the selected card with Z and back to the whole map with F", async () => {
    const zoom = async () =>
      Number((await page.locator(".react-flow__viewport").getAttribute("style")).match(/scale\(([\d.]+)\)/)[1]);
    const fitted = await zoom();
    await card("Builds a basket").click();
    await page.keyboard.press("z");
    await page.waitForFunction((z) => {
      const style = document.querySelector(".react-flow__viewport").getAttribute("style");
      return Number(style.match(/scale\(([\d.]+)\)/)[1]) > z * 1.3;
    }, fitted);
    const box = await card("Builds a basket").boundingBox();
    assert.ok(box.x > 300 && box.x + box.width < 1100, `the card is in the middle: ${JSON.stringify(box)}`);
    await page.keyboard.press("f");
    await page.waitForFunction((z) => {
      const style = document.querySelector(".react-flow__viewport").getAttribute("style");
      return Math.abs(Number(style.match(/scale\(([\d.]+)\)/)[1]) - z) < 0.01;
    }, fitted);
    assert.ok(Math.abs((await zoom()) - fitted) < 0.01);
  });

  it("follows the keyboard: Tab to a card out of view pans to it, keeping the zoom", async () => {
    const style = () => page.locator(".react-flow__viewport").getAttribute("style");
    // Until the canvas has stopped moving: a key pressed while it still animates starts from where it is.
    const settled = async () => {
      let last = await style();
      for (let k = 0; k < 50; k++) {
        await page.waitForTimeout(150);
        const now = await style();
        if (now === last) return;
        last = now;
      }
    };
    await card("Builds a basket").click();
    await page.keyboard.press("z");
    await settled();
    await page.keyboard.press("+");
    await settled();
    const zoom = (await style()).match(/scale\(([\d.]+)\)/)[1];
    const pane = await page.locator(".react-flow").boundingBox();
    const inView = (b) =>
      b &&
      b.x >= pane.x &&
      b.y >= pane.y &&
      b.x + b.width <= pane.x + pane.width &&
      b.y + b.height <= pane.y + pane.height;
    let panned = 0;
    for (let i = 0; i < 12; i++) {
      const before = await style();
      await page.keyboard.press("Tab");
      await settled();
      // An empty cell selects nothing.
      const selected = page.locator("[data-testid=card].selected");
      if ((await selected.count()) === 0) continue;
      assert.ok(inView(await selected.boundingBox()), `the card Tab went to is in view (step ${i})`);
      if ((await style()) !== before) panned++;
    }
    assert.ok(panned > 0, "Tab went past the edge of the screen at least once");
    assert.equal((await style()).match(/scale\(([\d.]+)\)/)[1], zoom, "the zoom is kept");
  });

  it("goes where the overview map is clicked, and frames the part on screen", async () => {
    const overview = page.getByTestId("overview");
    const frame = () => overview.locator(".overview-frame").getAttribute("width");
    const fitted = Number(await frame());
    await card("Builds a basket").click();
    await page.keyboard.press("z");
    await page.waitForFunction(
      (w) => Number(document.querySelector(".overview-frame").getAttribute("width")) < w * 0.8,
      fitted,
    );
    const viewport = () => page.locator(".react-flow__viewport").getAttribute("style");
    const before = await viewport();
    const box = await overview.boundingBox();
    await page.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.9);
    await page.waitForFunction(
      (old) => document.querySelector(".react-flow__viewport").getAttribute("style") !== old,
      before,
    );
    const rect = await overview.locator(".overview-frame").boundingBox();
    const centre = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    assert.ok(Math.abs(centre.x - (box.x + box.width * 0.9)) < 25, "the frame moved to where it was clicked");
    const outlines = await overview
      .locator(".overview-cards path")
      .evaluateAll((paths) => paths.map((p) => p.getAttribute("d").match(/M/g).length));
    assert.equal(
      outlines.reduce((a, b) => a + b, 0),
      41,
      "one outline for each of the sample's cards",
    );
  });

  it("zoomed out, draws cards as boxes that still select, and double-click goes to the card", async () => {
    const grid = page.locator(".react-flow__background");
    assert.equal(await grid.count(), 1, "the dot grid is drawn where cards are drawn in full");
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("-");
      await page.waitForTimeout(250);
    }
    const layer = page.locator(".boxes-layer");
    await layer.waitFor();
    assert.equal(await page.locator("[data-testid=card]").count(), 41, "every card is still drawn");
    assert.equal(await page.locator(".card-title").count(), 0, "as boxes, without their text");
    assert.equal(await grid.count(), 0, "and without the dot grid");
    const id = sampleView.journey.cards.find((c) => c.title === "Builds a basket").id;
    await layer.locator(`[data-card-id="${id}"]`).click();
    await page.locator(`.react-flow__node[data-id="${id}"] .card.selected`).waitFor();
    await page.locator(`.react-flow__node[data-id="${id}"]`).dblclick();
    await card("Builds a basket").waitFor();
  });

  it("opens a recent file from the palette while a project is open", async () => {
    await page.keyboard.press("Control+k");
    await page.getByLabel("Search commands").fill("recent");
    await page.keyboard.press("Enter");
    const panel = page.getByRole("complementary", { name: "Recent files" });
    await panel.getByRole("button", { name: sampleView.file.path }).click();
    await page.waitForFunction(() => window.__calls.some((c) => c.cmd === "open_recent"));
    const call = (await calls()).find((c) => c.cmd === "open_recent");
    assert.equal(call.args.path, sampleView.file.path);
  });

  it("presents stage by stage with the arrow keys, full screen, and leaves with Esc", async () => {
    await page.keyboard.press("F5");
    const bar = page.getByRole("status").filter({ hasText: "Stage" });
    await bar.waitFor();
    assert.match(await bar.textContent(), /Stage 1 of 6: Discover/);
    // Other stages are dimmed.
    await card("Builds a basket").and(page.locator(".dim")).waitFor();
    assert.doesNotMatch(await card("Realises the fridge is empty").getAttribute("class"), /\bdim\b/);
    await page.keyboard.press("ArrowRight");
    await bar.filter({ hasText: "Stage 2 of 6: Sign up" }).waitFor();
    await page.keyboard.press("Escape");
    await bar.waitFor({ state: "detached" });
    const screens = (await calls()).filter((c) => c.cmd === "set_fullscreen").map((c) => c.args.on);
    assert.deepEqual(screens, [true, false]);
  });

  it("runs a dot-voting round: dots per participant, ranked totals saved as commands", async () => {
    await page.keyboard.press("Control+d");
    await page.getByLabel("Dots per participant").fill("2");
    await page.getByRole("button", { name: "Open a round" }).click();
    await page.getByTestId("voting-turn").waitFor();
    await card("Payment fails at 3-D Secure").click();
    await card("Payment fails at 3-D Secure").click();
    await card("Delivery fees unclear").click(); // a third dot: this participant has none left
    await page.getByTestId("voting-turn").filter({ hasText: "0 of 2 dots left" }).waitFor();
    await page.getByRole("button", { name: "Next participant" }).click();
    await card("Delivery fees unclear").click();
    await page.getByRole("button", { name: "Close the round" }).click();
    const results = await page.getByTestId("voting-results").locator("li").allTextContents();
    assert.deepEqual(results, ["2 Payment fails at 3-D Secure", "1 Delivery fees unclear"]);
    const votes = (await applied()).filter((c) => c.op === "set_dots").map((c) => c.dots);
    assert.deepEqual(votes, [1, 2, 1]);
    assert.equal(await card("Payment fails at 3-D Secure").getByTestId("card-dots").textContent(), "●●");
  });

  it("exports from the Export panel: options per format, a live preview, stages, and where the file went", async () => {
    await page.keyboard.press("Control+e");
    const panel = page.getByRole("complementary", { name: "Export" });
    await panel.getByRole("img", { name: "Preview of the export" }).waitFor();
    await panel.getByLabel("Format").selectOption("png");
    await panel.getByLabel("Scale").selectOption({ label: "3×" });
    await panel.getByTestId("export-pixels").filter({ hasText: "× 1200 pixels" }).waitFor();
    await panel.getByLabel("Format").selectOption("pdf");
    await panel.getByLabel("Page", { exact: true }).selectOption("a3");
    // The preview says how many pages and how large the smallest text prints, as Rust plans them.
    await panel.getByTestId("export-pages").filter({ hasText: "1 page, text at 4.2 pt" }).waitFor();
    assert.equal(await panel.getByLabel("Pages").inputValue(), "auto");
    await panel.getByLabel("Pages").selectOption({ label: "Tiles" });
    await panel.getByTestId("export-pages").filter({ hasText: "6 pages (3 × 2), text at 8.3 pt" }).waitFor();
    // A page the size of the map is one page: there is nothing to choose.
    await panel.getByLabel("Page", { exact: true }).selectOption("fit");
    await panel.getByTestId("export-pages").filter({ hasText: "1 page, text at 8.3 pt" }).waitFor();
    assert.equal(await panel.getByLabel("Pages").count(), 0);
    await panel.getByLabel("Page", { exact: true }).selectOption("a3");
    await panel.getByLabel("Include open comments as notes").check();
    await panel.getByLabel("A range of stages").check();
    await panel.getByLabel("First stage").fill("2");
    await panel.getByLabel("Last stage").fill("3");
    await panel.getByTestId("export-run").click();
    await panel.getByTestId("export-done").filter({ hasText: "Ordering groceries online.pdf" }).waitFor();
    const exported = (await calls()).filter((c) => c.cmd === "export_file").map((c) => c.args);
    assert.equal(exported.length, 1);
    assert.deepEqual(
      { ...exported[0].request, cards: exported[0].request.cards.length },
      {
        format: "pdf",
        journey: null,
        scale: 3,
        page: "a3",
        pages: "tile",
        theme: "light",
        transparent: false,
        stages: [2, 3],
        cards: 0,
        heatmap: false,
        metric: null,
        comments: true,
      },
    );
    assert.equal(exported[0].choose, false);
    // The settings are remembered for next time.
    await page.reload();
    await page.locator("[data-testid=card]").first().waitFor();
    await page.keyboard.press("Control+e");
    assert.equal(await page.getByLabel("Format").inputValue(), "pdf");
  });

  it("has a File menu with every file action, map import among them", async () => {
    await page.getByText("File", { exact: true }).click();
    const menu = page.getByRole("menu", { name: "File" });
    const items = await menu.getByRole("menuitem").allTextContents();
    for (const expected of ["New project…", "Open…", "Export…", "Import a map…", "Close project"]) {
      assert.ok(
        items.some((i) => i.startsWith(expected)),
        `${expected} in ${items}`,
      );
    }
    await menu.getByRole("menuitem", { name: /Import a map/ }).click();
    await menu.waitFor({ state: "hidden" });
    assert.ok((await calls()).some((c) => c.cmd === "import_map"));
  });

  it("imports a dropped survey export: mapping, live preview, progress; then badges, heatmap and comments", async () => {
    const cardId = sampleView.journey.cards.find((c) => c.title === "Card payment").id;
    const summary = {
      info: { format: "CSV (delimiter ',')", encoding: "UTF-8", layout: "plain", header_rows: 1, descriptions: [] },
      columns: ["touchpoint", "nps", "comment"],
      questions: ["", "How likely are you to recommend us?", ""],
      reason: "its answers are whole numbers from 0 to 10, on the 0–10 NPS scale",
      sample: [],
      suggestion: {
        metric: {
          kind: "nps",
          scale_min: 0,
          scale_max: 10,
          aggregation: { kind: "net_score", promoter_min: 9, detractor_max: 6 },
          description: "NPS: % promoters − % detractors",
        },
        score: "nps",
        answers: { scale: null, values: {}, positive: [] },
        comment: "comment",
        date: null,
        day_first: false,
        segments: [],
        target: { by: "card", card: cardId },
        sheet: null,
      },
    };
    await page.evaluate((s) => window.__drop(s), summary);
    const panel = page.getByRole("complementary", { name: "Import feedback" });
    await panel.getByTestId("import-counts").filter({ hasText: "120 rows read: 118 to import" }).waitFor();
    // Columns show their question with their id, and the suggestion says why it was made.
    assert.equal(
      await panel.getByLabel("Score column").locator("option:checked").textContent(),
      "How likely are you to recommend us? (nps)",
    );
    assert.match(await panel.getByTestId("score-reason").textContent(), /whole numbers from 0 to 10/);
    assert.match(await panel.getByTestId("import-preview").textContent(), /no score: 2 rows \(lines 7, 40\)/);
    // Rows found by a column instead: the unmatched value is named.
    await panel.getByLabel("The card a column names").check();
    await panel.getByTestId("import-preview").filter({ hasText: "No card for “Kiosk”: 18 rows" }).waitFor();
    // An unmatched value can be sent to a card: it joins the mapping's alias table.
    await panel.getByLabel("Card for Kiosk").selectOption(cardId);
    await panel.getByTestId("aliases").filter({ hasText: "“Kiosk” → Card payment" }).waitFor();
    await panel.getByTestId("import-counts").filter({ hasText: "118 to import" }).waitFor();
    // Or by a channel column and a stage column.
    await panel.getByLabel("The card of a channel and a stage").check();
    await panel.getByLabel("Stage column").selectOption("comment");
    await page.waitForFunction(() =>
      window.__calls.some(
        (c) =>
          c.cmd === "feedback_preview" &&
          c.args.mapping.target.by === "channel_stage" &&
          c.args.mapping.target.stage === "comment",
      ),
    );
    await panel.getByLabel("One card").check();
    await panel.getByLabel("Card", { exact: true }).selectOption(cardId);
    await panel.getByTestId("import-counts").filter({ hasText: "118 to import" }).waitFor();
    await panel.getByTestId("import-run").click();
    await panel.waitFor({ state: "detached" });
    const imported = (await calls()).find((c) => c.cmd === "feedback_import");
    assert.equal(imported.args.mapping.target.card, cardId);
    assert.equal(imported.args.mapping.score, "nps");

    const badge = card("Card payment").getByTestId("score-badge");
    assert.equal(await badge.textContent(), "+40 n=118");
    assert.match(await badge.getAttribute("title"), /95% interval \+25 to \+55, n = 118/);
    assert.match(await page.getByTestId("metric-definition").textContent(), /promoters/);
    assert.equal(await page.getByTestId("stage-score").count(), 1, "the card's stage shows its score");
    assert.match(await page.getByTestId("journey-score").textContent(), /Whole journey: \+40 \(n=118\)/);
    // The minimum n is a setting: above the card's n, its badge turns low-confidence.
    await page.getByLabel("Minimum responses").fill("200");
    await badge.and(page.locator(".low-confidence")).waitFor();
    await page.getByLabel("Minimum responses").fill("30");
    await badge.and(page.locator(":not(.low-confidence)")).waitFor();
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("h");
    await card("Card payment").and(page.locator(".heat")).waitFor();
    assert.match(await card("Card payment").getAttribute("style"), /background/);

    await card("Card payment").click();
    await page.keyboard.press("Control+i");
    const comments = page.getByTestId("comments");
    await comments.locator("li").first().waitFor();
    assert.equal(await comments.locator("li").count(), 3);
    assert.equal(await comments.locator("b").count(), 0, "markup in a comment stays text");
    assert.match(await comments.textContent(), /<b>bold<\/b>/);
    await page.getByLabel("Search comments").fill("slow");
    await page.getByTestId("comment-count").filter({ hasText: "2 comments" }).waitFor();
    await page.getByLabel("Score band").selectOption({ label: "Detractors (0–6)" });
    await page.getByTestId("comment-count").filter({ hasText: "1 comments" }).waitFor();
    assert.equal(await page.getByRole("img", { name: "Trend by month" }).count(), 1);

    // The dataset can be removed, after a second click: its scores leave the map.
    await page.keyboard.press("Escape");
    await page.getByText("Datasets (1)").click();
    await page.getByTestId("dataset").getByRole("button", { name: "Remove…" }).click();
    await page.getByTestId("dataset").getByRole("button", { name: "Remove", exact: true }).click();
    await card("Card payment").getByTestId("score-badge").waitFor({ state: "detached" });
    assert.ok((await calls()).some((c) => c.cmd === "remove_dataset" && c.args.id === "d1"));
  });

  it("reads answers given as words: the label table takes numbers, a share counts the ticked answers", async () => {
    const cardId = sampleView.journey.cards.find((c) => c.title === "Card payment").id;
    const summary = {
      info: { format: "CSV (delimiter ',')", encoding: "UTF-8", layout: "plain", header_rows: 1, descriptions: [] },
      columns: ["touchpoint", "satisfied", "comment"],
      questions: ["", "", ""],
      reason: "",
      sample: [],
      suggestion: {
        metric: {
          kind: "number",
          scale_min: 0,
          scale_max: 10,
          aggregation: { kind: "mean" },
          description: "Mean of values from 0 to 10",
        },
        score: "touchpoint",
        answers: { scale: null, values: {}, positive: [] },
        comment: null,
        date: null,
        day_first: false,
        segments: [],
        target: { by: "card", card: cardId },
        sheet: null,
      },
    };
    await page.evaluate((s) => window.__drop(s), summary);
    const panel = page.getByRole("complementary", { name: "Import feedback" });
    await panel.getByTestId("import-counts").waitFor();
    assert.equal(await panel.getByTestId("score-reason").count(), 0, "no reason without a suggestion");
    // Picking the column brings the scale its answers are on, and why.
    await panel.getByLabel("Score column").selectOption("satisfied");
    await panel.getByTestId("score-reason").filter({ hasText: "5-point satisfaction scale" }).waitFor();
    assert.match(await panel.getByTestId("import-metric").textContent(), /CSAT/);
    const table = panel.getByTestId("answers");
    await table.waitFor();
    // The answer nothing reads comes first; the no-answers are counted.
    assert.equal(await table.locator("tbody tr").first().locator("td").first().textContent(), "Meh");
    assert.match(await table.locator("tbody tr").first().textContent(), /not read/);
    await panel.getByTestId("import-counts").filter({ hasText: "5 with no answer" }).waitFor();
    await panel.getByLabel("Number for Meh").fill("3");
    await panel.getByLabel("Number for Meh").press("Enter");
    await table.locator("tbody tr", { hasText: "Meh" }).filter({ hasText: "your number" }).waitFor();
    const previews = (await calls()).filter((c) => c.cmd === "feedback_preview");
    assert.equal(previews.at(-1).args.mapping.answers.values.Meh, 3);
    assert.equal(previews.at(-1).args.mapping.answers.scale, "satisfaction_5");

    // A share: tick the answers that count; the definition names them.
    await panel.getByLabel("Metric kind").selectOption("share");
    await panel.getByLabel("Counts: Very satisfied").check();
    await panel
      .getByTestId("import-metric")
      .filter({ hasText: "% answering Very satisfied of those who answered" })
      .waitFor();
    assert.ok(await panel.getByLabel("Counts: Don't know").isDisabled(), "no answer cannot count");
    await panel.getByTestId("import-run").click();
    await panel.waitFor({ state: "detached" });
    const imported = (await calls()).findLast((c) => c.cmd === "feedback_import");
    assert.deepEqual(imported.args.mapping.answers.positive, ["Very satisfied"]);
    assert.equal(imported.args.mapping.metric.kind, "share");
  });
});

describe("scores by segment and channels, with a mocked backend", () => {
  const nps = {
    kind: "nps",
    scale_min: 0,
    scale_max: 10,
    aggregation: { kind: "net_score", promoter_min: 9, detractor_max: 6 },
    description: "NPS: % promoters − % detractors",
  };
  /** The sample with NPS feedback on three Check out touchpoints, imported with Region and Plan segments. */
  const withFeedback = () => {
    const view = structuredClone(sampleView);
    const cards = view.journey.cards;
    const of = (title) => cards.find((c) => c.title === title);
    const checkout = view.journey.stages.find((s) => s.name === "Check out").id;
    const score = (title, n, value) => ({
      card: title,
      card_id: of(title).id,
      metric: "nps",
      n,
      value,
      low: value - 10,
      high: value + 10,
      low_confidence: n < 30,
    });
    const scope = (stage) => ({ stage, metric: "nps", n: 194, value: 22, low: 12, high: 32, low_confidence: false });
    view.feedback = {
      scores: [
        score("Card payment", 118, 40),
        score("Apple Pay / Google Pay", 64, -12),
        score("Order confirmation", 12, 30),
      ],
      scope_scores: [scope(checkout), scope(null)],
      metrics: [nps],
      datasets: [
        {
          id: "d1",
          journey: view.journey.id,
          name: "survey.csv",
          source_name: "survey.csv",
          imported_at: 1767225600,
          rows_read: 194,
          rows_mapped: 194,
          definition: nps,
        },
      ],
      min_n: 30,
    };
    return view;
  };
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(mockBackend, withFeedback());
    await page.goto(server.url);
    await page.locator("[data-testid=score-badge]").first().waitFor();
  });
  const reports = async () => (await calls()).filter((c) => c.cmd === "scores_by_segment");

  it("links a persona to a segment value: its stage scores in the panel and beside its emotion curve", async () => {
    await page.keyboard.press("Control+p");
    const panel = page.getByRole("complementary", { name: "Personas" });
    await panel.getByLabel("Segment column for Maya, busy parent").selectOption("Region");
    const value = panel.getByLabel("Segment value for Maya, busy parent");
    await value.locator("option", { hasText: "South" }).waitFor({ state: "attached" });
    await value.selectOption("South");
    await panel.getByRole("button", { name: "Link" }).first().click();
    const link = (await calls()).findLast((c) => c.cmd === "apply");
    assert.deepEqual(link.args.command.segment, { column: "Region", value: "South" });
    await panel
      .getByTestId("persona-respondents")
      .filter({ hasText: "Stands for the responses with Region = “South”" })
      .waitFor();
    // The stage score is the South value of the stage's split, as the legend shows it for Region = South.
    const scores = panel.getByRole("list", { name: "Scores of Maya, busy parent by stage" });
    await scores.locator("li").first().waitFor();
    assert.match(await scores.textContent(), /Check out: NPS -16 \(n=58\)/);
    const beside = page.getByTestId("persona-score").filter({ hasText: "NPS -16 (n=58)" });
    await beside.waitFor();
    // Unlinking takes the scores away with the link.
    await page.getByRole("button", { name: "Unlink Maya, busy parent" }).click();
    await page.getByTestId("persona-score").first().waitFor({ state: "detached" });
  });

  it("shows one segment's scores on the badges, the heatmap, the stage score and the legend", async () => {
    const badge = card("Card payment").getByTestId("score-badge");
    assert.equal(await badge.textContent(), "+40 n=118");
    await page.keyboard.press("h");
    await card("Card payment").and(page.locator(".heat")).waitFor();
    const allColour = await card("Card payment").getAttribute("style");
    const stage = page.getByTestId("stage-score");
    assert.equal(await stage.textContent(), "+22 n=194");

    await page.getByLabel("Segment column").selectOption("Region");
    const values = page.getByLabel("Segment value");
    await values.and(page.locator(":enabled")).waitFor();
    assert.deepEqual(await values.locator("option").allTextContents(), ["All responses", "East", "North", "South"]);
    await values.selectOption("South");
    // South's responses only: Card payment's South score and n, a redder card, the stage's South score.
    await page.getByTestId("score-badge").filter({ hasText: "+2 n=35" }).waitFor();
    assert.equal(await badge.textContent(), "+2 n=35");
    assert.match(await badge.getAttribute("title"), /^Region = South: NPS \+2, 95% interval/);
    assert.notEqual(await card("Card payment").getAttribute("style"), allColour, "the heatmap shows South's score");
    assert.equal(await stage.textContent(), "-16 n=58");
    assert.equal(await page.getByTestId("segment-showing").textContent(), "Showing: Region = SouthShow all");
    assert.match(
      await page.getByTestId("journey-score").textContent(),
      /Whole journey \(Region = South\): -16 \(n=58\)/,
    );
    // A card with no South responses shows no badge.
    assert.equal(await card("Order confirmation").getByTestId("score-badge").count(), 0);
    assert.doesNotMatch((await card("Order confirmation").getAttribute("style")) ?? "", /background/);

    // Another value is in the report already: no call.
    await values.selectOption("North");
    await page.getByTestId("score-badge").filter({ hasText: "+62 n=47" }).waitFor();
    assert.equal((await reports()).length, 1);
    // A change to the feedback (the minimum n) reads the report again; the value stays chosen.
    await page.getByLabel("Minimum responses").fill("50");
    await page.waitForFunction(() => window.__calls.filter((c) => c.cmd === "scores_by_segment").length === 2);
    await badge.and(page.locator(".low-confidence")).waitFor();
    assert.equal(await badge.textContent(), "+62 n=47");
    assert.equal(await values.inputValue(), "North");

    // Clearing goes back to all responses.
    await page.getByRole("button", { name: "Show all" }).click();
    await page.getByTestId("score-badge").filter({ hasText: "+40 n=118" }).waitFor();
    assert.equal(await card("Card payment").getAttribute("style"), allColour);
    assert.equal(await stage.textContent(), "+22 n=194");
    assert.equal(await page.getByTestId("segment-showing").textContent(), "Showing: all responses");
    await page.getByLabel("Segment column").selectOption("");
    await page.getByTestId("segment-showing").waitFor({ state: "detached" });
    assert.equal(await page.getByLabel("Segment value").count(), 0);
  });

  it("reaches the segment filter from the keyboard", async () => {
    await page.getByLabel("Segment column").focus();
    await page.keyboard.press("ArrowDown");
    await page.getByLabel("Segment value").and(page.locator(":enabled")).waitFor();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Segment value");
    await page.keyboard.press("ArrowDown");
    await page.getByTestId("segment-showing").filter({ hasText: "Region = East" }).waitFor();
  });

  it("tables the card's score by segment value with the significant differences, values as text", async () => {
    await card("Card payment").click();
    await page.keyboard.press("Control+i");
    const table = page.getByTestId("segment-table");
    await table.waitFor();
    assert.match(await table.locator("caption").textContent(), /NPS by Region, n = 118/);
    const rows = table.getByTestId("segment-row");
    assert.deepEqual(await rows.evaluateAll((r) => r.map((row) => row.dataset.segment)), [
      "East",
      "North",
      "South",
      "(no value)",
    ]);
    const south = rows.filter({ has: page.locator("th", { hasText: "South" }) });
    assert.equal(await south.getAttribute("data-significant"), "true");
    assert.match(await south.textContent(), /^South\+235-24 to \+28/);
    assert.match(await south.textContent(), /vs the other values: −53 \(95% −88 to −19\)/);
    assert.match(
      await south.getByTestId("segment-significant").textContent(),
      /below the other values, significant at 95% \(adjusted-Wald difference of NPS\)/,
    );
    assert.match(
      await rows.filter({ has: page.locator("th", { hasText: "North" }) }).textContent(),
      /above the other values, significant at 95%/,
    );
    assert.equal(
      await rows.filter({ has: page.locator("th", { hasText: "East" }) }).getAttribute("data-significant"),
      null,
    );
    // Few responses: marked low-confidence; the no-value group is not compared.
    const none = rows.filter({ has: page.locator("th", { hasText: "(no value)" }) });
    assert.match(await none.getAttribute("class"), /low-confidence/);
    assert.match(await none.textContent(), /6\*.*No value: shown, not compared\./);

    // Another column: its own report; a value with markup stays text.
    await page.getByLabel("Split by").selectOption("Plan");
    await table.locator("caption").filter({ hasText: "NPS by Plan" }).waitFor();
    assert.ok((await reports()).some((c) => c.args.column === "Plan"));
    assert.equal(await table.locator("b").count(), 0, "markup in a segment value stays text");
    assert.match(await table.textContent(), /Family <b>plus<\/b>/);
    // Choosing a column in the legend shows it here too.
    await page.getByLabel("Segment column").selectOption("Region");
    await table.locator("caption").filter({ hasText: "NPS by Region" }).waitFor();
  });

  it("opens a stage's channels from its header and from the keyboard, flagging the channel below the others", async () => {
    await page.getByRole("button", { name: "Channels of Check out" }).click();
    const panel = page.getByRole("complementary", { name: "Channels" });
    const rows = panel.getByTestId("channel-row");
    await rows.first().waitFor();
    assert.deepEqual(await rows.evaluateAll((r) => r.map((row) => row.dataset.channel)), [
      "Web",
      "Mobile app",
      "Email & SMS",
    ]);
    const mobile = rows.filter({ has: page.locator("th", { hasText: "Mobile app" }) });
    assert.match(await mobile.getByTestId("channel-below").textContent(), /below the other channels at 95%/);
    assert.match(await mobile.textContent(), /Mobile app-1264/);
    assert.equal(await panel.getByTestId("channel-below").count(), 1, "only the low channel is flagged");
    assert.match(await rows.filter({ hasText: "Email & SMS" }).textContent(), /12\*/);
    const asked = (await calls()).filter((c) => c.cmd === "channel_consistency");
    const checkout = sampleView.journey.stages.find((s) => s.name === "Check out").id;
    assert.equal(asked.at(-1).args.stage, checkout);

    // Another stage, without touchpoint feedback: one sentence.
    await panel.getByLabel("Stage").selectOption({ label: "1. Discover" });
    await panel.getByTestId("channels-empty").waitFor();
    assert.match(await panel.getByTestId("channels-empty").textContent(), /No touchpoint feedback in “Discover”/);

    // The shortcut closes it, and opens it on the stage of the selected card.
    await page.keyboard.press("Control+Shift+C");
    await panel.waitFor({ state: "detached" });
    await card("Apple Pay / Google Pay").click();
    await page.keyboard.press("Control+Shift+C");
    await panel.getByTestId("channel-row").first().waitFor();
    assert.equal(await panel.getByLabel("Stage").inputValue(), checkout);
  });
});

describe("comments on cards, with a mocked backend", () => {
  const at = Date.UTC(2026, 0, 5, 9);
  /** The sample with comments by others: an open thread with a reply, a resolved thread, markup in a third. */
  const withComments = () => {
    const view = structuredClone(sampleView);
    const of = (title) => view.journey.cards.find((c) => c.title === title).id;
    const comment = (id, title, author, text, more = {}) => ({
      id,
      card: of(title),
      reply_to: null,
      author,
      at_ms: at,
      text,
      edited_ms: null,
      resolved: false,
      ...more,
    });
    view.journey.comments = [
      comment("c1", "Card payment", "Ana", "Why 3-D Secure here? @Ben"),
      comment("c2", "Delivery fees unclear", "Ana", "Show the fees on the basket", { resolved: true }),
      comment("c1r", "Card payment", "Ben", "The bank asks for it", { reply_to: "c1", at_ms: at + 60_000 }),
      comment("c3", "Refund confirmed", "Ana", '<img src=x onerror="window.__pwned=1">@Bob'),
    ];
    return view;
  };
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(mockBackend, withComments());
    await page.goto(server.url);
    await page.locator("[data-testid=comment-badge]").first().waitFor();
  });
  const badge = (title) => card(title).getByTestId("comment-badge");
  const details = () => page.getByRole("complementary", { name: "Card details" });

  it("adds a thread and a reply, edits one's own, resolves and reopens it; the badge counts open threads", async () => {
    assert.equal(await badge("Postcode check").count(), 0);
    await card("Postcode check").click();
    await page.keyboard.press("Control+i");
    const section = details().getByTestId("card-comments");
    await section.getByText("No comments on this card yet.").waitFor();

    // Blank is one sentence, and nothing is sent.
    await section.getByRole("button", { name: "Comment", exact: true }).click();
    assert.equal(await section.getByRole("alert").textContent(), "Write something first: a comment cannot be blank.");
    assert.ok(!(await calls()).some((c) => c.cmd === "add_comment"));

    // Ctrl+Enter posts; the card gets its badge.
    await section.getByLabel("New comment").fill("Can we skip this for @Ana's regulars?");
    await section.getByLabel("New comment").press("Control+Enter");
    await badge("Postcode check").filter({ hasText: "1" }).waitFor();
    assert.equal(await badge("Postcode check").getAttribute("title"), "1 open comment");
    assert.equal(await section.getByLabel("New comment").inputValue(), "", "the box is empty again");
    const first = section.locator(".thread").first();
    assert.equal(await first.locator(".comment-author").textContent(), "Tester");
    assert.equal(await first.locator("time").textContent(), "just now");
    assert.equal(await first.locator("mark.mention").textContent(), "@Ana");
    const cardId = sampleView.journey.cards.find((c) => c.title === "Postcode check").id;
    const added = (await calls()).find((c) => c.cmd === "add_comment");
    assert.deepEqual(added.args, { card: cardId, text: "Can we skip this for @Ana's regulars?", replyTo: null });

    // A reply, under its comment.
    await first.getByLabel("Reply to Tester").fill("Only if the address is known");
    await first.getByRole("button", { name: "Reply", exact: true }).click();
    await first.locator(".comment.reply", { hasText: "Only if the address is known" }).waitFor();
    assert.equal(
      (await calls()).findLast((c) => c.cmd === "add_comment").args.replyTo,
      await first.getAttribute("data-thread-id"),
    );
    assert.equal(await badge("Postcode check").textContent(), "1", "a reply is not a new thread");

    // One's own comment can be edited (Ctrl+Enter saves) and says so.
    await first.getByRole("button", { name: "Edit comment" }).first().click();
    await first.getByLabel("Comment text").fill("Can we skip this for returning customers?");
    await first.getByLabel("Comment text").press("Control+Enter");
    await first.locator(".comment-edited").first().waitFor();
    assert.match(await first.locator(".comment-text").first().textContent(), /returning customers/);
    const edit = (await calls()).find((c) => c.cmd === "edit_comment");
    assert.equal(edit.args.text, "Can we skip this for returning customers?");

    // A second thread: two open.
    await section.getByLabel("New comment").fill("Second thought");
    await section.getByRole("button", { name: "Comment", exact: true }).click();
    await badge("Postcode check").filter({ hasText: "2" }).waitFor();
    assert.equal(await badge("Postcode check").getAttribute("title"), "2 open comments");

    // Resolved, the first thread folds to one line and leaves the count; opened again, it can be reopened.
    await first.getByRole("button", { name: "Resolve thread" }).click();
    await badge("Postcode check").filter({ hasText: "1" }).waitFor();
    await section.locator(".thread.folded").waitFor();
    assert.equal(await section.locator(".thread.folded .comment").count(), 0);
    assert.match(await section.locator(".thread.folded").textContent(), /Tester: Can we skip this.*1 reply/);
    await section.locator(".thread.folded .thread-line").click();
    await section.locator(".thread.resolved .comment.reply").waitFor();
    await section.getByRole("button", { name: "Reopen thread" }).click();
    await badge("Postcode check").filter({ hasText: "2" }).waitFor();
    const resolves = (await calls()).filter((c) => c.cmd === "resolve_comment").map((c) => c.args.resolved);
    assert.deepEqual(resolves, [true, false]);

    // One's own comment can be deleted.
    const second = section.locator(".thread", { hasText: "Second thought" });
    await second.getByRole("button", { name: "Delete comment" }).click();
    await second.waitFor({ state: "detached" });
    await badge("Postcode check").filter({ hasText: "1" }).waitFor();
    assert.equal((await applied()).at(-1).op, "delete_comment");

    // A failure from Rust is one sentence in the box it came from.
    await page.evaluate(() => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      window.__TAURI_INTERNALS__.invoke = (cmd, args) =>
        cmd === "add_comment" ? Promise.reject({ message: "the file is read-only now" }) : invoke(cmd, args);
    });
    await section.getByLabel("New comment").fill("Will fail");
    await section.getByLabel("New comment").press("Control+Enter");
    await section.getByRole("alert").filter({ hasText: "The file is read-only now." }).waitFor();
  });

  it("lets only one's own comments be edited, and keeps markup in a comment as text with its @mention marked", async () => {
    // The card is in the last stage, at the right edge of the window.
    await page.keyboard.press("Control+0");
    await badge("Refund confirmed").click();
    const section = details().getByTestId("card-comments");
    await section.locator(".thread").waitFor();
    assert.equal(await details().getByLabel("Title").inputValue(), "Refund confirmed");
    assert.equal(await section.locator(".comment-text").count(), 1);
    assert.equal(await section.locator("img").count(), 0, "no element from the comment's markup");
    assert.equal(await page.locator(".side-panel img").count(), 0);
    assert.equal(await section.locator(".comment-text").textContent(), '<img src=x onerror="window.__pwned=1">@Bob');
    assert.equal(await section.locator(".comment-text mark.mention").textContent(), "@Bob");
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    // Ana's comment: no edit, no delete for Tester; a reply box and Resolve for anyone.
    assert.equal(await section.getByRole("button", { name: "Edit comment" }).count(), 0);
    assert.equal(await section.getByRole("button", { name: "Delete comment" }).count(), 0);
    await section.getByLabel("Reply to Ana").waitFor();
    await section.getByRole("button", { name: "Resolve thread" }).waitFor();
    assert.equal((await calls()).filter((c) => c.cmd === "author").length, 1, "the author is asked once");
    // Its badge does not select it twice or place anything: the card is selected (its details are shown, and,
    // framed with the panel open, it is drawn selected), the panel at its comments.
    await page.keyboard.press("Control+0");
    assert.match(await card("Refund confirmed").getAttribute("class"), /selected/);
    assert.equal(await details().getByLabel("Title").inputValue(), "Refund confirmed");
    assert.equal((await applied()).length, 0);
  });

  it("lists the journey's threads in the Comments panel and goes to a thread's card", async () => {
    assert.equal(await badge("Card payment").textContent(), "1");
    assert.equal(await badge("Delivery fees unclear").count(), 0, "a resolved thread has no badge");
    await page.keyboard.press("Control+Shift+M");
    const panel = page.getByRole("complementary", { name: "Comments" });
    assert.equal(await panel.getByTestId("comments-summary").textContent(), "2 open threads, 1 resolved.");
    const list = panel.getByTestId("comment-list");
    assert.equal(await list.locator("li").count(), 2);
    const payment = list.locator("li", { hasText: "Card payment" });
    assert.match(await payment.textContent(), /Ana.*Why 3-D Secure here\? @Ben.*1 reply/);
    assert.equal(await payment.locator("mark.mention").textContent(), "@Ben");
    await panel.getByLabel("Show resolved").check();
    assert.equal(await list.locator("li").count(), 3);
    assert.match(await list.locator("li.resolved").textContent(), /Delivery fees unclear.*Show the fees.*resolved/);

    // A resolved thread: its card selected and framed, the thread open in the card's details.
    const before = await page.locator(".react-flow__viewport").getAttribute("style");
    await list.locator("li.resolved button").click();
    const section = details().getByTestId("card-comments");
    await section.locator(".thread.resolved:not(.folded)", { hasText: "Show the fees on the basket" }).waitFor();
    assert.equal(await details().getByLabel("Title").inputValue(), "Delivery fees unclear");
    assert.match(await card("Delivery fees unclear").getAttribute("class"), /selected/);
    await page.waitForFunction(
      (old) => document.querySelector(".react-flow__viewport").getAttribute("style") !== old,
      before,
    );
    await page.waitForTimeout(300);
    const pane = await page.locator(".react-flow").boundingBox();
    const box = await card("Delivery fees unclear").boundingBox();
    assert.ok(
      box.x >= pane.x &&
        box.x + box.width <= pane.x + pane.width &&
        box.y >= pane.y &&
        box.y + box.height <= pane.y + pane.height,
      "the card is framed on the canvas",
    );

    // The card's comments lead back to the list.
    await section.getByRole("button", { name: "All comments" }).click();
    await panel.getByTestId("comment-list").waitFor();
    await panel.getByTestId("comment-list").locator("li", { hasText: "Card payment" }).locator("button").click();
    await details()
      .getByTestId("card-comments")
      .locator(".comment.reply", { hasText: "The bank asks for it" })
      .waitFor();
    assert.equal(await details().getByLabel("Title").inputValue(), "Card payment");
  });
});

describe("conflict copies beside the project, with a mocked backend", () => {
  const folder = "/home/ana/Dropbox";
  const copies = [
    {
      path: `${folder}/Groceries (Ana's conflicted copy 2026-12-04).waymark`,
      name: "Groceries (Ana's conflicted copy 2026-12-04).waymark",
      tool: "Dropbox",
      modified_ms: Date.UTC(2026, 11, 4, 10),
    },
    {
      path: `${folder}/<img src=x onerror="window.__pwned=1">.sync-conflict-20261203-101500-ABCDEFG.waymark`,
      name: '<img src=x onerror="window.__pwned=1">.sync-conflict-20261203-101500-ABCDEFG.waymark',
      tool: "Syncthing",
      modified_ms: Date.UTC(2026, 11, 3, 10, 15),
    },
  ];
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(mockBackend, sampleView);
    await page.addInitScript((copies) => {
      window.__conflictCopies = copies;
    }, copies);
    await page.goto(server.url);
    await page.getByRole("region", { name: "Conflict copies" }).waitFor();
  });
  const banner = () => page.getByRole("region", { name: "Conflict copies" });
  const called = async (cmd) => (await calls()).filter((c) => c.cmd === cmd).map((c) => c.args);

  it("offers to merge each copy, asks before moving a merged one to the trash, and dismisses", async () => {
    assert.match(await banner().textContent(), /2 conflict copies of this project are beside it/);
    const rows = banner().getByTestId("conflict-copy");
    assert.equal(await rows.count(), 2);
    // Names are text: the markup in a file name is shown, never made.
    assert.equal(await rows.nth(1).locator(".copy-name").textContent(), copies[1].name);
    assert.equal(await banner().locator("img").count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.match(await rows.nth(0).textContent(), /Dropbox/);
    // Nothing goes to the trash before it is merged.
    const [dropbox, syncthing] = copies;
    assert.equal(
      await banner()
        .getByRole("button", { name: `Move ${dropbox.name} to the trash` })
        .count(),
      0,
    );

    // Merge, from the keyboard: the window shows the merged view.
    await banner()
      .getByRole("button", { name: `Merge ${dropbox.name}` })
      .focus();
    await page.keyboard.press("Space");
    await card("Card payment (merged)").waitFor();
    assert.deepEqual(await called("merge_copy"), [{ path: dropbox.path }]);
    assert.ok(
      await banner()
        .getByRole("button", { name: `Merge ${dropbox.name}` })
        .isDisabled(),
    );

    // Move to trash asks first; Cancel (with the focus) and Esc leave the copy where it is.
    const trash = banner().getByRole("button", { name: `Move ${dropbox.name} to the trash` });
    await trash.click();
    const dialog = page.getByRole("alertdialog", { name: "Move to the trash?" });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Groceries \(Ana's conflicted copy 2026-12-04\)\.waymark/);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Cancel");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await trash.click();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    assert.deepEqual(await called("trash_copy"), []);

    // Confirmed, it goes; the banner keeps the other copy.
    await trash.click();
    await dialog.getByRole("button", { name: "Move to trash" }).click();
    await banner()
      .getByText(/A conflict copy of this project is beside it/)
      .waitFor();
    assert.deepEqual(await called("trash_copy"), [{ path: dropbox.path }]);
    assert.equal(await rows.count(), 1);

    // Dismiss hides the last one, and with it the banner; nothing more is asked of Rust.
    await banner()
      .getByRole("button", { name: `Dismiss ${syncthing.name}` })
      .click();
    await banner().waitFor({ state: "detached" });
    assert.deepEqual(await called("trash_copy"), [{ path: dropbox.path }]);
    assert.deepEqual(await called("merge_copy"), [{ path: dropbox.path }]);
    assert.equal(await page.getByRole("alert").count(), 0, "no error was shown");
  });

  it("says nothing when the project has no copies beside it", async () => {
    const plain = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await plain.addInitScript(mockBackend, sampleView);
    await plain.goto(server.url);
    await plain.locator("[data-testid=card]").first().waitFor();
    await plain.waitForFunction(() => window.__calls.some((c) => c.cmd === "conflict_copies"));
    assert.equal(await plain.getByTestId("conflict-copies").count(), 0);
    await plain.close();
  });
});

describe("the merge review, with a mocked backend", () => {
  it("merges a copy from the palette, marks the cards, and settles a conflict as theirs by keyboard", async () => {
    await page.keyboard.press("Control+k");
    await page.getByLabel("Search commands").fill("merge a copy");
    await page.keyboard.press("Enter");
    const panel = page.getByRole("complementary", { name: "Merge review" });
    await panel.waitFor();
    await page.getByTestId("file-notice").filter({ hasText: "theirs.waymark was merged" }).waitFor();
    assert.match(await panel.getByTestId("merge-summary").textContent(), /1 conflict to settle/);
    // What each side changed, one click from its card.
    await panel.getByText("Changed there (2)").click();
    await panel.getByRole("button", { name: "Postcode lookup" }).click();
    await page.waitForFunction(
      () => document.querySelector(".card.selected .card-title")?.textContent === "Postcode lookup",
    );
    // The canvas marks their change and the conflict.
    const marked = (title) => card(title).locator("[data-testid=change-badge]");
    assert.match(await marked("Postcode lookup").getAttribute("aria-label"), /^Changed in theirs-0123456789/);
    const overflow = await panel.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 0, `the long name wraps inside the panel (${overflow} px over)`);
    assert.equal(await marked("Card payment").getAttribute("aria-label"), "Merge conflict: settle it in the review");
    // Base / mine / theirs, as text (the untrusted value stays text).
    const conflict = panel.getByTestId("merge-conflict");
    assert.match(await conflict.textContent(), /Base.*Card payment.*Mine.*Card payment.*Theirs.*Pay by card <img/s);
    assert.equal(await page.locator(".merge-conflict img").count(), 0);
    // Keyboard: the radio group, then Apply.
    await conflict.getByRole("radio", { name: "Mine" }).focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await conflict.getByRole("radio", { name: "Theirs" }).isChecked(), true);
    await panel.getByRole("button", { name: "Apply (1)" }).click();
    await panel.getByTestId("merge-summary").filter({ hasText: "No conflicts to settle." }).waitFor();
    const settled = (await calls()).find((c) => c.cmd === "settle_conflicts");
    assert.deepEqual(settled.args.answers, [{ number: 1, choice: { choice: "theirs" } }]);
    await card("Pay by card <img src=x onerror=alert(1)>").waitFor();
    // Dismiss clears the marks.
    await panel.getByRole("button", { name: "Dismiss" }).click();
    assert.equal(await page.locator("[data-testid=change-badge]").count(), 0);
  });

  it("settles with an edit of one's own, and says why when Rust refuses", async () => {
    await page.keyboard.press("Control+k");
    await page.getByLabel("Search commands").fill("merge a copy");
    await page.keyboard.press("Enter");
    const panel = page.getByRole("complementary", { name: "Merge review" });
    const conflict = panel.getByTestId("merge-conflict");
    await conflict.getByRole("radio", { name: "Edit" }).check();
    const field = conflict.getByLabel("Your value for title");
    assert.equal(await field.inputValue(), "Card payment", "starts from mine");
    await field.fill("Card or cash");
    await field.press("Enter");
    await card("Card or cash").waitFor();
    const settled = (await calls()).filter((c) => c.cmd === "settle_conflicts");
    assert.deepEqual(settled.at(-1).args.answers, [{ number: 1, choice: { choice: "edit", value: "Card or cash" } }]);
  });
});
