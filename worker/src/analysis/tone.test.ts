import { describe, expect, it } from "vitest";
import { ramp, toneBands } from "../../test/images.ts";
import { measureStyle } from "./measure.ts";

describe("tone levels (luma histogram peaks of flat, non-ink pixels)", () => {
  const sets: number[][] = [
    [70, 200],
    [60, 140, 220],
    [55, 110, 165, 225],
    [50, 95, 140, 185, 230],
    [50, 88, 126, 164, 202, 240],
  ];

  it("counts a known number of grey levels exactly, ignoring the ink between them", async () => {
    for (const lumas of sets) {
      const m = await measureStyle(await toneBands(lumas));
      expect(m.toneLevels).toBe(lumas.length);
      expect(m.shading).toBe("cel");
      for (const [i, peak] of m.tonePeaks.entries())
        expect(Math.abs(peak - lumas[i]!)).toBeLessThanOrEqual(3);
    }
  });

  it("counts tinted levels of the same lumas the same way", async () => {
    const m = await measureStyle(await toneBands([95, 140, 185, 230], { tint: true }));
    expect(m.toneLevels).toBe(4);
  });

  it("calls a smooth ramp soft shading", async () => {
    const m = await measureStyle(await ramp());
    expect(m.shading).toBe("soft");
  });
});
