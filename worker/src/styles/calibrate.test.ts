import { describe, expect, it } from "vitest";
import { fitPlatt, plattScore } from "./calibrate.ts";

function normal(seed: number): () => number {
  let s = seed;
  const u = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return (s + 1) / 0x80000001;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

describe("Platt calibration of match distances", () => {
  it("maps distances to a decreasing probability that is 0.5 between the classes", () => {
    const n = normal(7);
    // Same style around distance 1, other styles around 3 (many more of them, as in the catalogue).
    const positive = Array.from({ length: 200 }, () => 1 + 0.3 * n());
    const negative = Array.from({ length: 5000 }, () => 3 + 0.5 * n());
    const c = fitPlatt(positive, negative);
    expect(c.a).toBeGreaterThan(0);
    expect(plattScore(1, c)).toBeGreaterThan(0.95);
    expect(plattScore(3, c)).toBeLessThan(0.05);
    // Equal class weights: the 0.5 point sits between the classes, not pushed by the 25:1 ratio.
    const midpoint = -c.b / c.a;
    expect(midpoint).toBeGreaterThan(1.6);
    expect(midpoint).toBeLessThan(2.4);
    for (let d = 0; d < 4; d += 0.25)
      expect(plattScore(d, c)).toBeGreaterThanOrEqual(plattScore(d + 0.25, c));
  });

  it("stays finite on separable data", () => {
    const c = fitPlatt([0.1, 0.2, 0.3], [5, 6, 7]);
    expect(Number.isFinite(c.a) && Number.isFinite(c.b)).toBe(true);
    expect(plattScore(0.2, c)).toBeGreaterThan(0.7);
    expect(plattScore(6, c)).toBeLessThan(0.3);
  });

  it("refuses a fit without both classes", () => {
    expect(() => fitPlatt([], [1])).toThrow();
  });
});
