// Colours come from the token file the exporters use too, so an exported map has the canvas's colours.
import tokens from "../../crates/waymark-render/tokens.json";

export type ThemeName = "light" | "dark";

/** Sets the theme's colours as CSS variables (`--bg`, `--card`, …) on the document. */
export function applyTheme(name: ThemeName) {
  const root = document.documentElement;
  root.dataset.theme = name;
  root.style.colorScheme = name;
  for (const [key, value] of Object.entries(tokens[name])) root.style.setProperty(`--${key}`, value);
}

export const personaColours: readonly string[] = tokens.persona_curves;
