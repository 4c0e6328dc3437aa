// Untrusted text in exported SVG never runs: the project of tests/e2e/payload-project.mjs (every payload of
// tests/e2e/payloads.json as card, stage, lane, journey and persona names, flow labels, comments and imported
// survey names, columns and answers) exported with the real `waymark` CLI — plain, with the heatmap, and with open
// comments as notes — and the SVG opened in Debian's Chromium every way a reader might: as a file, served, in <img>,
// <object>, <embed> and <iframe>, written inline into an HTML page, set as innerHTML and parsed as XML and
// appended. Then no payload may have run (`window.__pwned`, `document.title`), no element or attribute a payload
// would make may be there (tests/e2e/probe.js), and every payload must be in the SVG as text.
// First a control: each payload written raw into a page does run or is found, so the checks can see it.
// Run by `.ci/run` after `cargo build` (it uses target/debug/waymark).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { buildPayloadProject, payloads } from "../../tests/e2e/payload-project.mjs";
import { launchChromium } from "./harness.mjs";

const root = new URL("..", import.meta.url).pathname;
const waymark = join(root, "..", "target", "debug", "waymark");
const probe = readFileSync(new URL("../../tests/e2e/probe.js", import.meta.url), "utf8");

let dir;
let project;
let server;
let base;
let browser;
// notes: open comments listed below the map (the payloads are comments and replies too).
const svgs = { map: "map.svg", heatmap: "heatmap.svg", notes: "notes.svg" };

/** A payload as the SVG holds it: markup escaped, tabs and line breaks as spaces, other control characters gone. */
const asSvgText = (text) =>
  [...text.replace(/[\t\n\r]/g, " ")]
    .filter((c) => c.codePointAt(0) >= 0x20 && c !== "\ufffe" && c !== "\uffff")
    .join("");

/** Serves `dir`: SVG as image/svg+xml, HTML as text/html. */
function serve(dir) {
  const types = { ".svg": "image/svg+xml", ".html": "text/html; charset=utf-8" };
  return createServer((req, res) => {
    try {
      const body = readFileSync(join(dir, decodeURIComponent(req.url.split("?")[0])));
      res.writeHead(200, { "content-type": types[extname(req.url)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "waymark-injection-"));
  project = buildPayloadProject(dir, waymark);
  execFileSync(waymark, ["export", project.file, "-o", join(dir, svgs.map)]);
  execFileSync(waymark, ["export", project.file, "--heatmap", "-o", join(dir, svgs.heatmap)]);
  execFileSync(waymark, ["export", project.file, "--comments", "-o", join(dir, svgs.notes)]);
  server = serve(dir);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/**
 * Gives handlers and loads time to fire, then reads the canary and probes `root`, an expression for a document or
 * an element (the page's own document by default) in `frame`.
 */
async function inspect(frame, root = "document", wait = 500) {
  await new Promise((resolve) => setTimeout(resolve, wait));
  return frame.evaluate(`(() => {
    const root = ${root};
    const view = root.defaultView ?? root.ownerDocument.defaultView;
    return { pwned: typeof view.__pwned, title: view.document.title, found: (${probe})(root) };
  })()`);
}

/** No payload ran and none left markup. */
function assertClean(result, where) {
  assert.equal(result.pwned, "undefined", `a payload ran in ${where}`);
  assert.notEqual(result.title, "PWNED", `a payload set the title in ${where}`);
  assert.deepEqual(result.found, [], `payload markup in ${where}`);
}

/** Every payload is the whole text of one of the SVG's <text> or <title> elements; the first journey is its title. */
async function assertPayloadsAsText(frame, root, where) {
  const texts = await frame.evaluate(`(() => {
    const root = ${root};
    return {
      title: root.querySelector("svg > title")?.textContent ?? null,
      all: [...root.querySelectorAll("text, title")].map((t) => t.textContent),
    };
  })()`);
  assert.equal(texts.title, asSvgText(project.journey), `the SVG's title in ${where}`);
  const shown = new Set(texts.all);
  const missing = payloads.filter((p) => !shown.has(asSvgText(p)));
  assert.deepEqual(missing, [], `payloads not shown as text in ${where}`);
}

describe("the checks see a payload that is not text", () => {
  it("each payload written into a page raw runs or is found, in content and in attributes", async () => {
    // A new page each time: a payload that ran must not count for the next one.
    const run = async (html) => {
      const page = await browser.newPage();
      await page.setContent(html);
      const result = await inspect(page, "document", 200);
      await page.close();
      return result;
    };
    const caught = async (html) => {
      const r = await run(html);
      return r.pwned !== "undefined" || r.title === "PWNED" || r.found.length > 0;
    };
    const ran = [];
    const missed = [];
    for (const p of payloads) {
      const markup = /<[a-z]/i.test(p);
      const breaksOut = /^["'] on/.test(p);
      if (markup && !(await caught(`<!doctype html><title>t</title><body><div>${p}</div>`))) missed.push(p);
      if (breaksOut && !(await caught(`<!doctype html><title>t</title><body><div title="${p}" title2='${p}'>x</div>`)))
        missed.push(p);
      if (p.startsWith("<script>")) ran.push((await run(`<!doctype html><body>${p}`)).pwned);
    }
    assert.deepEqual(missed, [], "payloads the checks would not notice");
    assert.deepEqual(ran, ["number"], "the canary records a payload that runs");
    const markup = payloads.filter((p) => /<[a-z]/i.test(p) || /^["'] on/.test(p)).length;
    assert.ok(markup >= 30, `${markup} payloads are markup`);
  });
});

describe("exported SVG holding every payload, opened in Chromium", () => {
  it("has at least 30 payloads; the SVG is made of the renderer's own elements and attributes", () => {
    assert.ok(payloads.length >= 30, `${payloads.length} payloads`);
    const elements = new Set(["svg", "title", "defs", "clipPath", "marker", "g", "rect", "path", "line", "polyline"]);
    for (const e of ["polygon", "circle", "ellipse", "text", "tspan", "linearGradient", "stop"]) elements.add(e);
    for (const name of Object.values(svgs)) {
      const svg = readFileSync(join(dir, name), "utf8");
      assert.ok(svg.startsWith("<svg"), name);
      // Text is escaped, so every "<" starts one of the renderer's tags; quoted values cannot hide an attribute.
      const tags = svg.match(/<[^/][^>]*>/g);
      const names = new Set(tags.map((t) => t.match(/^<([^\s/>]+)/)[1]));
      assert.deepEqual(
        [...names].filter((n) => !elements.has(n)),
        [],
        `${name}: elements a payload made`,
      );
      const attributes = new Set(
        tags.flatMap((t) => [...t.replace(/"[^"]*"/g, '""').matchAll(/\s([^\s=]+)=/g)].map((m) => m[1])),
      );
      assert.deepEqual(
        [...attributes].filter((a) => /^on|^xlink:|^href$|^src$|^data-|^style$/i.test(a)),
        [],
        name,
      );
    }
  });

  for (const [kind, name] of Object.entries(svgs)) {
    it(`${kind}: opened as a file and served, nothing runs and every payload is text`, async () => {
      const page = await browser.newPage();
      for (const url of [pathToFileURL(join(dir, name)).href, `${base}${name}`]) {
        await page.goto(url);
        assertClean(await inspect(page), url);
        await assertPayloadsAsText(page, "document", url);
      }
      await page.close();
    });

    it(`${kind}: in <img>, <object>, <embed> and <iframe>, nothing runs`, async () => {
      const page = await browser.newPage();
      const html = `<!doctype html><html><head><title>embedded</title></head><body>
        <img id="img" src="${name}" width="400">
        <object id="object" data="${name}" type="image/svg+xml" width="400" height="300"></object>
        <embed id="embed" src="${name}" type="image/svg+xml" width="400" height="300">
        <iframe id="iframe" src="${name}" width="400" height="300"></iframe>
      </body></html>`;
      writeFileSync(join(dir, `${kind}-embedded.html`), html);
      await page.goto(`${base}${kind}-embedded.html`, { waitUntil: "load" });
      // The page: nothing ran, and nothing is there but the four elements it embeds the SVG with.
      const host = await inspect(page);
      host.found = host.found.filter((f) => !/^<(object|embed|iframe)> <\1 id="\1"/.test(f));
      assertClean(host, "the page");
      assert.equal(await page.title(), "embedded");
      for (const id of ["object", "embed", "iframe"]) {
        const inner = `(document.getElementById("${id}").contentDocument ?? document.getElementById("${id}").getSVGDocument())`;
        assert.ok(await page.evaluate(`!!${inner}?.documentElement`), `${id} loaded the SVG`);
        assertClean(await inspect(page, inner), `<${id}>`);
        await assertPayloadsAsText(page, inner, `<${id}>`);
      }
      // Every frame Chromium made, by its own window.
      for (const frame of page.frames().filter((f) => f !== page.mainFrame()))
        assertClean(await inspect(frame), `frame ${frame.url()}`);
      await page.close();
    });

    it(`${kind}: inline in HTML, as innerHTML and parsed as XML, nothing runs`, async () => {
      const svg = readFileSync(join(dir, name), "utf8");
      const page = await browser.newPage();
      // Written into the page's HTML, as a site embedding the map would.
      writeFileSync(
        join(dir, `${kind}-inline.html`),
        `<!doctype html><html><head><title>inline</title></head><body>${svg}</body></html>`,
      );
      await page.goto(`${base}${kind}-inline.html`, { waitUntil: "load" });
      assertClean(await inspect(page), "the SVG inline in HTML");
      assert.equal(await page.title(), "inline");
      await assertPayloadsAsText(page, "document.querySelector('body > svg')", "the SVG inline in HTML");

      // Set as innerHTML, and parsed as XML and adopted into the page.
      await page.setContent(
        "<!doctype html><html><head><title>host</title></head><body><div id=a></div><div id=b></div></body></html>",
      );
      await page.evaluate((svg) => {
        document.getElementById("a").innerHTML = svg;
        const parsed = new DOMParser().parseFromString(svg, "image/svg+xml");
        document.getElementById("b").append(document.importNode(parsed.documentElement, true));
      }, svg);
      assertClean(await inspect(page), "the SVG set as innerHTML and appended from XML");
      assert.equal(await page.title(), "host");
      await assertPayloadsAsText(page, "document.querySelector('#a > svg')", "innerHTML");
      await assertPayloadsAsText(page, "document.querySelector('#b > svg')", "the XML-parsed SVG");
      await page.close();
    });
  }
});
