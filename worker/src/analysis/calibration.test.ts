import { describe, expect, it } from "vitest";
import { calibrate, calibratedScore, MIN_SPREAD } from "./calibration.ts";

/** Items are numbers; similarity falls off with distance. */
const similarity = (a: number, b: number) => 1 - Math.abs(a - b);

describe("score calibration against the references' own spread", () => {
  it("maps 'as alike as the references' to 1 and 'as alike as unrelated styles' to 0", () => {
    const c = calibrate([0.5, 0.52, 0.54, 0.56], similarity, [0.1, 0.9]);
    expect(c.method).toBe("leave-one-out");
    // Top-3 mean similarity to the others: 0.96 for the outer two, 0.9733 for the inner two;
    // positive is their median.
    expect(c.positive).toBeCloseTo((0.96 + 0.97333) / 2, 4);
    // Mean similarity of the references to the contrast items at 0.1 and 0.9.
    expect(c.negative).toBeCloseTo(0.6, 6);
    expect(calibratedScore(c.positive, c)).toBe(1);
    expect(calibratedScore(c.negative, c)).toBe(0);
    expect(calibratedScore((c.positive + c.negative) / 2, c)).toBeCloseTo(0.5, 6);
    expect(calibratedScore(0.2, c)).toBe(0);
  });

  it("uses augmented variants for a single reference", () => {
    const c = calibrate([0.5], similarity, [0.0, 1.0], [0.45, 0.55]);
    expect(c.method).toBe("augmented");
    expect(c.positive).toBeCloseTo(0.95, 6);
    expect(c.negative).toBeCloseTo(0.5, 6);
    expect(() => calibrate([0.5], similarity, [0.0])).toThrow(/augmented/);
  });

  it("floors the spread and says so when references are no more alike than the contrast set", () => {
    const c = calibrate([0.1, 0.9], similarity, [0.5]);
    expect(c.reliable).toBe(false);
    expect(c.spread).toBe(MIN_SPREAD);
  });
});
