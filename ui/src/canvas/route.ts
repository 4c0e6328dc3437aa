import type { Point } from "../bindings";

/**
 * A route's corners come from Rust as one flat list `[x0, y0, x1, y1, …]` (a quarter fewer bytes than objects, and
 * no object per corner to build). The k-th corner; a negative k counts from the end.
 */
export function corner(points: readonly number[], k: number): Point | undefined {
  const count = Math.floor(points.length / 2);
  const i = k < 0 ? count + k : k;
  const [x, y] = [points[2 * i], points[2 * i + 1]];
  return i >= 0 && i < count && x !== undefined && y !== undefined ? { x, y } : undefined;
}

/** How many corners a route has. */
export const cornerCount = (points: readonly number[]) => Math.floor(points.length / 2);
