import { describe, expect, it } from "vitest";
import { bubbleOutline } from "./outline.ts";
import { ellipseTail, joinTail, pointInPolygon, tailBaseWidth } from "./tail.ts";

const onEllipse = (p: { x: number; y: number }, w: number, h: number) =>
  ((p.x - w / 2) / (w / 2)) ** 2 + ((p.y - h / 2) / (h / 2)) ** 2;

describe("ellipseTail", () => {
  it("puts the base on the ellipse, about the base width apart, facing the tip", () => {
    const tail = ellipseTail(200, 100, { x: 40, y: 180 }, 30)!;
    expect(tail.tip).toEqual({ x: 40, y: 180 });
    expect(onEllipse(tail.base1, 200, 100)).toBeCloseTo(1);
    expect(onEllipse(tail.base2, 200, 100)).toBeCloseTo(1);
    expect(Math.hypot(tail.base1.x - tail.base2.x, tail.base1.y - tail.base2.y)).toBeCloseTo(30, 0);
    // The base is on the lower left, the side the tip is on.
    const mid = { x: (tail.base1.x + tail.base2.x) / 2, y: (tail.base1.y + tail.base2.y) / 2 };
    expect(mid.x).toBeLessThan(100);
    expect(mid.y).toBeGreaterThan(50);
  });

  it("has no tail while the tip is inside the body", () => {
    expect(ellipseTail(200, 100, { x: 100, y: 50 })).toBeNull();
  });

  it("grows the base with the bubble within limits", () => {
    expect(tailBaseWidth(20, 20)).toBe(8);
    expect(tailBaseWidth(1000, 1000)).toBe(48);
  });
});

describe("joinTail", () => {
  const rect = [
    { x: 0, y: 0 },
    { x: 100, y: 0 },
    { x: 100, y: 50 },
    { x: 0, y: 50 },
  ];
  it("inserts the tip on the edge facing it, the base on that edge", () => {
    const { polygon, tail } = joinTail(rect, { x: 50, y: 25 }, { x: 50, y: 120 }, 20);
    expect(tail).not.toBeNull();
    expect(tail!.base1.y).toBe(50);
    expect(tail!.base2.y).toBe(50);
    expect(Math.abs(tail!.base1.x - tail!.base2.x)).toBeCloseTo(20);
    expect(polygon).toHaveLength(7);
    expect(polygon).toContainEqual({ x: 50, y: 120 });
    // Still a simple outline: the body's centre and a point in the wedge are inside it.
    expect(pointInPolygon({ x: 50, y: 25 }, polygon)).toBe(true);
    expect(pointInPolygon({ x: 50, y: 80 }, polygon)).toBe(true);
    expect(pointInPolygon({ x: 90, y: 80 }, polygon)).toBe(false);
  });
  it("works across the polygon's first vertex", () => {
    const { polygon, tail } = joinTail(rect, { x: 50, y: 25 }, { x: -40, y: -30 }, 20);
    expect(tail).not.toBeNull();
    expect(pointInPolygon({ x: -10, y: -8 }, polygon)).toBe(true);
    expect(pointInPolygon({ x: 50, y: 25 }, polygon)).toBe(true);
  });
});

describe("bubbleOutline", () => {
  it("draws every kind, joining tails where the kind has them", () => {
    const tip = { x: 20, y: 200 };
    for (const kind of ["speech", "thought", "shout", "caption"] as const) {
      const outline = bubbleOutline({ kind, w: 200, h: 120, tail: tip });
      expect(outline.path.startsWith("M")).toBe(true);
      expect(outline.tail?.tip).toEqual(tip);
      expect(outline.polygons.some((poly) => poly.some((p) => Math.hypot(p.x - 20, p.y - 200) < 20))).toBe(
        true,
      );
    }
    expect(bubbleOutline({ kind: "sfx", w: 200, h: 120, tail: tip }).path).toBe("");
    expect(bubbleOutline({ kind: "speech", w: 200, h: 120, tail: null }).tail).toBeNull();
  });
  it("is deterministic (canvas and export draw the same path)", () => {
    const a = bubbleOutline({ kind: "shout", w: 260, h: 170, tail: { x: 50, y: 240 } }).path;
    const b = bubbleOutline({ kind: "shout", w: 260, h: 170, tail: { x: 50, y: 240 } }).path;
    expect(a).toBe(b);
  });
});
