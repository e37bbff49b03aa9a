import { describe, expect, it } from "vitest";
import { strokes } from "../../test/images.ts";
import { measureStyle } from "./measure.ts";
import { lineWeightForStrokeWidth, strokeWidthForLineWeight } from "./style-scale.ts";

/** Measured stroke widths are within this many px of the drawn width. */
const TOLERANCE_PX = 1;

describe("line weight (stroke width of the ink)", () => {
  const widths = [2, 4, 6, 8, 10];

  it(`measures known stroke widths within ${TOLERANCE_PX} px, in order`, async () => {
    const measured: number[] = [];
    for (const w of widths) {
      const m = await measureStyle(await strokes(w));
      expect(Math.abs(m.lineWidthPx - w)).toBeLessThanOrEqual(TOLERANCE_PX);
      measured.push(m.lineWidthPx);
    }
    for (let i = 1; i < measured.length; i++) expect(measured[i]!).toBeGreaterThan(measured[i - 1]!);
  });

  it("reads the same widths on a dark-ish coloured page and maps them onto the style scale", async () => {
    for (const w of [3, 7]) {
      const m = await measureStyle(await strokes(w, { background: "#7a9ac0" }));
      expect(Math.abs(m.lineWidthPx - w)).toBeLessThanOrEqual(TOLERANCE_PX);
      expect(Math.abs(m.lineWeight - lineWeightForStrokeWidth(w, 768))).toBeLessThan(0.12);
    }
  });

  it("scales with the picture: the same drawing at half size reads as the same line weight", async () => {
    const full = await measureStyle(await strokes(8));
    const half = await measureStyle(await strokes(4, { size: [384, 256] }));
    expect(Math.abs(full.lineWeight - half.lineWeight)).toBeLessThan(0.12);
  });

  it("round-trips the style scale", () => {
    for (const lw of [0, 0.25, 0.5, 1]) {
      expect(lineWeightForStrokeWidth(strokeWidthForLineWeight(lw, 1000), 1000)).toBeCloseTo(lw, 6);
    }
  });
});
