// A failure before React draws anything would leave a blank window: say what happened instead.
function showFatal(message: string) {
  const root = document.getElementById("root");
  if (root && root.childElementCount === 0) {
    const p = document.createElement("p");
    p.className = "fatal";
    p.textContent = `Waymark could not start its window: ${message}`;
    root.append(p);
  }
}
window.addEventListener("error", (e) => showFatal(e.message));
window.addEventListener("unhandledrejection", (e) => showFatal(String(e.reason)));

export {};
