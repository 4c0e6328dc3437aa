import { describe, expect, it } from "vitest";
import { areaAround, parseArea } from "./area";

const map = { width: 80_000, height: 48_000 };
const pane = { width: 1280, height: 800 };
/** The viewport showing map point (cx, cy) at the pane's centre at `zoom`. */
const at = (cx: number, cy: number, zoom: number) => ({
  ...pane,
  transform: [pane.width / 2 - cx * zoom, pane.height / 2 - cy * zoom, zoom] as [number, number, number],
});

describe("the area around the screen", () => {
  it("holds the screen and half a screen more each side, within the map", () => {
    for (const zoom of [0.02, 0.05, 0.3, 1, 2]) {
      const area = parseArea(areaAround(at(40_000, 24_000, zoom), map));
      const [halfWidth, halfHeight] = [pane.width / zoom, pane.height / zoom];
      const wanted = {
        left: 40_000 - halfWidth,
        right: 40_000 + halfWidth,
        top: 24_000 - halfHeight,
        bottom: 24_000 + halfHeight,
      };
      const whole = wanted.left <= 0 && wanted.top <= 0 && wanted.right >= map.width && wanted.bottom >= map.height;
      // Everything is drawn ("" parses to null) exactly when the wanted area holds the whole map.
      expect(area === null).toBe(whole);
      if (!area) continue;
      expect(area.left).toBeLessThanOrEqual(Math.max(0, 40_000 - halfWidth));
      expect(area.right).toBeGreaterThanOrEqual(Math.min(map.width, 40_000 + halfWidth));
      expect(area.top).toBeLessThanOrEqual(Math.max(0, 24_000 - halfHeight));
      expect(area.bottom).toBeGreaterThanOrEqual(Math.min(map.height, 24_000 + halfHeight));
      // Not much more than that: at most a grid step (about 400 screen pixels, doubled at most) beyond.
      expect(area.right - area.left).toBeLessThanOrEqual(2 * halfWidth + 2 * (800 / zoom));
      expect(area.left).toBeGreaterThanOrEqual(0);
      expect(area.bottom).toBeLessThanOrEqual(map.height);
    }
  });

  it("is everything (no culling) when the whole map is in it, and nothing while the pane has no size", () => {
    expect(areaAround(at(40_000, 24_000, 0.014), map)).toBe("");
    const unsized = parseArea(areaAround({ ...at(40_000, 24_000, 1), width: 0, height: 0 }, map));
    expect(unsized).not.toBeNull();
    // No card's box, wherever it is on the map, overlaps it.
    for (const [x, y] of [
      [0, 0],
      [40_000, 24_000],
      [79_800, 47_900],
    ] as const) {
      const overlaps =
        !!unsized && x <= unsized.right && x + 200 >= unsized.left && y <= unsized.bottom && y + 88 >= unsized.top;
      expect(overlaps).toBe(false);
    }
  });

  it("changes seldom over small zooms and pans", () => {
    const keys = new Set<string>();
    for (let k = 0; k < 10; k++) keys.add(areaAround(at(40_000 + k * 5, 24_000, 0.05 * (1 + k / 200)), map));
    expect(keys.size).toBeLessThanOrEqual(3);
    // A pan of many screens does change it.
    expect(areaAround(at(10_000, 24_000, 0.05), map)).not.toBe(areaAround(at(60_000, 24_000, 0.05), map));
  });
});
