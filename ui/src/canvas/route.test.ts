import { describe, expect, it } from "vitest";
import { corner, cornerCount } from "./route";

describe("a route's flat list of coordinates", () => {
  const points = [0, 10, 40, 10, 40, 50];
  it("gives its corners from either end", () => {
    expect(cornerCount(points)).toBe(3);
    expect(corner(points, 0)).toEqual({ x: 0, y: 10 });
    expect(corner(points, 2)).toEqual({ x: 40, y: 50 });
    expect(corner(points, -1)).toEqual({ x: 40, y: 50 });
    expect(corner(points, -3)).toEqual({ x: 0, y: 10 });
  });
  it("has no corner past either end, nor half a corner", () => {
    expect(corner(points, 3)).toBeUndefined();
    expect(corner(points, -4)).toBeUndefined();
    expect(corner([5], 0)).toBeUndefined();
    expect(corner([], -1)).toBeUndefined();
  });
});
