import type { Area } from "./nodes";

/** Cull step on screen, in pixels: the area snaps to a grid about this fine, so panning re-culls only so often. */
const CULL_STEP = 400;

/** The area of a pane not yet laid out. */
const NOTHING = "nothing";

type Viewport = { transform: [number, number, number]; width: number; height: number };

/**
 * The part of the map worth drawing: the screen and half a screen more on each side, snapped outwards to a grid
 * and cut to the map; as a string, so the canvas redraws only when it changes. "" when that is the whole map:
 * everything is drawn. While the pane has no size yet, NOTHING: nothing is drawn (drawing every card at the
 * starting zoom, before the map is fitted, cost a 5,000-card map tens of megabytes the web process kept). The
 * grid's step is a power of two in map pixels, so zooming re-culls only when the zoom halves or doubles or a grid
 * line is crossed.
 */
export function areaAround(s: Viewport, map: { width: number; height: number }): string {
  const [x, y, zoom] = s.transform;
  if (s.width === 0 || zoom <= 0) return NOTHING;
  const step = 2 ** Math.ceil(Math.log2(CULL_STEP / zoom));
  const left = Math.max(0, Math.floor((-x - s.width / 2) / zoom / step) * step);
  const top = Math.max(0, Math.floor((-y - s.height / 2) / zoom / step) * step);
  const right = Math.min(map.width, Math.ceil((-x + (s.width * 3) / 2) / zoom / step) * step);
  const bottom = Math.min(map.height, Math.ceil((-y + (s.height * 3) / 2) / zoom / step) * step);
  if (left === 0 && top === 0 && right === map.width && bottom === map.height) return "";
  return [left, top, right, bottom].join(",");
}

export function parseArea(key: string): Area | null {
  if (!key) return null;
  if (key === NOTHING) return { left: Number.POSITIVE_INFINITY, top: Number.POSITIVE_INFINITY, right: -1, bottom: -1 };
  const [left = 0, top = 0, right = 0, bottom = 0] = key.split(",").map(Number);
  return { left, top, right, bottom };
}
