// What a payload of payloads.json would leave in a document had it been parsed as markup rather than shown as
// text: returns one line per suspect element or attribute under `root` (a document or an element), [] when there
// is none. It only reads. Every markup payload carries `data-pwn` or an event handler or makes one of the elements
// below, so this finds it even where the page's Content Security Policy stopped it from running (the app's does).
// Read by tests/e2e/injection.rs (the real app) and ui/tests/injection.test.mjs (exported SVG in Chromium).
(root) => {
  const found = [];
  const describe = (el) => `<${el.tagName.toLowerCase()}> ${el.outerHTML.slice(0, 120)}`;
  // Elements the app and the exported SVG never make: any of them came from a payload.
  const never = new Set([
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "marquee",
    "video",
    "audio",
    "source",
    "math",
    "foreignobject",
    "animate",
    "set",
    "template",
    "noscript",
  ]);
  const urlAttributes = new Set(["href", "xlink:href", "src", "action", "formaction", "data", "poster", "background"]);
  const elements = root.querySelectorAll("*");
  for (const el of elements) {
    const tag = el.tagName.toLowerCase();
    // Or a name no markup has: `<scr<script>ipt>` makes an element called "scr<script".
    // (The app's one foreignObject is the flow label's editor, there only while a label is edited.)
    const own = tag === "foreignobject" && el.classList.contains("flow-label-editor") && !el.hasAttribute("data-pwn");
    if ((never.has(tag) && !own) || !/^[a-z][a-z0-9-]*$/.test(tag)) found.push(describe(el));
    // The app's own scripts are files; an inline script, or one from a javascript: or data: URL, is not its.
    if (tag === "script") {
      const src = el.getAttribute("src") ?? el.getAttribute("href") ?? el.getAttribute("xlink:href");
      if (!src || /^\s*(javascript|data):/i.test(src) || el.textContent.includes("__pwned")) found.push(describe(el));
    }
    if (tag === "style" && /__pwned|javascript:|expression\(/i.test(el.textContent)) found.push(describe(el));
    if (tag === "meta" && el.hasAttribute("http-equiv")) found.push(describe(el));
    if (tag === "link" && /^\s*(javascript|data):/i.test(el.getAttribute("href") ?? "")) found.push(describe(el));
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      // Control characters and spaces are ignored before a URL's scheme: strip them as a browser does.
      const value = [...attribute.value].filter((c) => c.charCodeAt(0) > 0x20).join("");
      if (
        name.startsWith("on") ||
        name === "data-pwn" ||
        name === "srcdoc" ||
        (urlAttributes.has(name) && /^(javascript|vbscript|data:text\/html)/i.test(value)) ||
        (name === "style" && /expression\(|javascript:/i.test(value))
      ) {
        found.push(`${describe(el)} [${name}]`);
      }
    }
  }
  return found;
}
