import { stripLimitsFor, WEBTOON_PRESETS } from "@comic-studio/shared";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ExportError } from "../src/export/errors.ts";
import { clearOf, cutsThrough, gutters, planSlices, type Span } from "../src/export/slicing.ts";
import { encodeSlice } from "../src/export/strip.ts";

/** Panels of the given heights stacked with a gutter above, between and below. */
function stack(heights: number[], gutter: number): { height: number; spans: Span[] } {
  const spans: Span[] = [];
  let y = gutter;
  for (const h of heights) {
    spans.push({ top: y, bottom: y + h });
    y += h + gutter;
  }
  return { height: y, spans };
}

function sliceHeights(cuts: number[]): number[] {
  return cuts.slice(1).map((c, i) => c - cuts[i]!);
}

describe("planSlices", () => {
  it("cuts only in gutters when panels fit, each slice under the limit, covering the strip", () => {
    const { height, spans } = stack([1000, 700, 400, 900, 1100], 120);
    const { cuts, throughSpans } = planSlices(height, spans, { maxSliceHeightPx: 1280 });
    expect(cuts[0]).toBe(0);
    expect(cuts.at(-1)).toBe(height);
    for (const h of sliceHeights(cuts)) expect(h).toBeGreaterThan(0);
    for (const h of sliceHeights(cuts)) expect(h).toBeLessThanOrEqual(1280);
    for (const c of cuts) expect(cutsThrough(c, spans)).toBe(false);
    expect(throughSpans).toEqual([]);
  });

  it("puts a cut in the middle of the gutter it uses", () => {
    // Panel 0..1000 (after a 100 px top gutter), gutter 1100..1220, next panel.
    const { height, spans } = stack([1000, 1000], 120);
    const { cuts } = planSlices(height, spans, { maxSliceHeightPx: 1280 });
    expect(cuts[1]).toBe(1180); // middle of [1120, 1240]
  });

  it("cuts through a panel taller than a slice, at the limit, and says so", () => {
    const { height, spans } = stack([3000], 120);
    const { cuts, throughSpans } = planSlices(height, spans, { maxSliceHeightPx: 1280 });
    expect(sliceHeights(cuts).every((h) => h <= 1280)).toBe(true);
    expect(cuts[1]).toBe(1280);
    expect(throughSpans).toContain(1280);
  });

  it("prefers a near gutter to cutting a panel, but not one far above the limit", () => {
    // Gutter at 1100..1120 (near the 1280 limit), then a 2000 px panel.
    const near = planSlices(
      3200,
      [
        { top: 0, bottom: 1100 },
        { top: 1120, bottom: 3200 },
      ],
      {
        maxSliceHeightPx: 1280,
      },
    );
    expect(near.cuts[1]).toBe(1110);
    // Gutter at 100..120, far from the limit: a 120 px slice would waste the platform's height.
    const far = planSlices(
      3200,
      [
        { top: 0, bottom: 100 },
        { top: 120, bottom: 3200 },
      ],
      {
        maxSliceHeightPx: 1280,
      },
    );
    expect(far.cuts[1]).toBe(1280);
    expect(far.throughSpans).toEqual([1280, 2560]);
  });

  it("treats touching panels as a clean place to cut", () => {
    const spans = [
      { top: 0, bottom: 1000 },
      { top: 1000, bottom: 2000 },
    ];
    const { cuts, throughSpans } = planSlices(2000, spans, { maxSliceHeightPx: 1280 });
    expect(cuts).toEqual([0, 1000, 2000]);
    expect(throughSpans).toEqual([]);
  });

  it("keeps its promises on random strips", () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 300; run++) {
      const heights = Array.from(
        { length: 1 + Math.floor(rand() * 12) },
        () => 50 + Math.floor(rand() * 2500),
      );
      const gutter = Math.floor(rand() * 200);
      const max = 400 + Math.floor(rand() * 3600);
      const { height, spans } = stack(heights, gutter);
      const { cuts, throughSpans } = planSlices(height, spans, { maxSliceHeightPx: max });
      const hs = sliceHeights(cuts);
      expect(cuts[0]).toBe(0);
      expect(cuts.at(-1)).toBe(height);
      expect(hs.every((h) => h > 0 && h <= max)).toBe(true);
      const gaps = gutters(height, spans);
      for (let i = 1; i < cuts.length - 1; i++) {
        const c = cuts[i]!;
        if (!cutsThrough(c, spans)) continue;
        // A cut through a panel only when no gutter reached into the window [c - max/2, c].
        expect(throughSpans).toContain(c);
        const windowTop = Math.max(cuts[i - 1]! + 1, c - Math.floor(max / 2));
        expect(gaps.some((g) => g.bottom >= windowTop && g.top <= c)).toBe(false);
      }
    }
  });

  it("a cut forced through a tall panel moves above a bubble's text it would split", () => {
    const { height, spans } = stack([3000], 120);
    // A bubble's text (two lines, 1210..1290) straddles the 1280 limit; another sits above.
    const text = [
      { top: 1210, bottom: 1290 },
      { top: 900, bottom: 1000 },
    ];
    const { cuts, throughSpans } = planSlices(height, spans, { maxSliceHeightPx: 1280, keepWhole: text });
    expect(cuts[1]).toBe(1210);
    for (const c of cuts) expect(cutsThrough(c, text)).toBe(false);
    expect(throughSpans).toContain(1210);
    expect(sliceHeights(cuts).every((h) => h <= 1280)).toBe(true);
  });

  it("never cuts random text lines inside tall panels when a clear row is in reach", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (let round = 0; round < 100; round++) {
      const { height, spans } = stack([2000 + Math.floor(rand() * 6000)], 80);
      const text: Span[] = [];
      for (let y = 200; y < height - 200; y += 150 + Math.floor(rand() * 400)) {
        text.push({ top: y, bottom: y + 20 + Math.floor(rand() * 60) });
      }
      const { cuts } = planSlices(height, spans, { maxSliceHeightPx: 1280, keepWhole: text });
      for (const c of cuts) expect(cutsThrough(c, text)).toBe(false);
      expect(sliceHeights(cuts).every((h) => h > 0 && h <= 1280)).toBe(true);
    }
  });

  it("clearOf gives up (keeps the limit) when text fills the whole window", () => {
    expect(clearOf(1000, 900, [{ top: 850, bottom: 1100 }])).toBe(1000);
    expect(clearOf(1000, 900, [{ top: 950, bottom: 1100 }])).toBe(950);
  });

  it("rejects a limit below one pixel", () => {
    expect(() => planSlices(100, [], { maxSliceHeightPx: 0 })).toThrow(RangeError);
  });
});

describe("platform limits", () => {
  it("knows the presets the issue names", () => {
    expect(WEBTOON_PRESETS["webtoon-canvas"]).toMatchObject({
      widthPx: 800,
      maxSliceHeightPx: 1280,
      maxSliceBytes: 2 * 1024 * 1024,
      maxTotalBytes: 20 * 1024 * 1024,
    });
    expect(WEBTOON_PRESETS.tapas).toMatchObject({ widthPx: 940, maxSliceHeightPx: 4000 });
    expect(
      stripLimitsFor("custom", {
        widthPx: 600,
        maxSliceHeightPx: 900,
        maxSliceBytes: null,
        maxTotalBytes: null,
      }),
    ).toMatchObject({ widthPx: 600, maxSliceHeightPx: 900 });
  });

  it("lowers JPEG quality to fit a byte limit, and says so when it cannot", async () => {
    // Noise does not compress: 800 x 1280 of it is far above 100 kB at any quality.
    const noise = Buffer.alloc(800 * 1280 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2_654_435_761) >>> 24;
    const pixels = sharp(noise, { raw: { width: 800, height: 1280, channels: 3 } });
    const fits = await encodeSlice(pixels, 2 * 1024 * 1024, 0, "WEBTOON Canvas");
    expect(fits.data.length).toBeLessThanOrEqual(2 * 1024 * 1024);
    const error = await encodeSlice(pixels, 100_000, 4, "WEBTOON Canvas").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).code).toBe("STRIP_LIMITS");
    expect((error as ExportError).message).toMatch(
      /Slice 5 is .* MB .* WEBTOON Canvas allows 0\.10 MB per image/,
    );
  });
});
