// Keyboard events as short names ("Mod+Shift+Z", "N", "Tab"), where Mod is Ctrl, or Cmd on macOS.

export type KeyLike = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">;

export function keyName(event: KeyLike): string {
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push("Mod");
  if (event.altKey) parts.push("Alt");
  const key = event.key === " " ? "Space" : event.key.length === 1 ? event.key.toUpperCase() : event.key;
  // Shift is part of the name for letters and named keys, not for symbols it produced ("?" is Shift+/).
  if (event.shiftKey && (event.key.length > 1 || /[a-z]/i.test(event.key))) parts.push("Shift");
  parts.push(key);
  return parts.join("+");
}

/** Whether the event comes from a text field, where plain keys type text instead of running actions. */
export function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** How a shortcut is shown to the user. */
export function shortcutLabel(key: string, mac = false): string {
  return key.replace("Mod", mac ? "⌘" : "Ctrl").replaceAll("+", mac ? "" : "+");
}
