import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { colourBlocks, png, scatter, strokes, svg, toneBands } from "../../test/images.ts";
import { hexToRgb, rgbToLab } from "../analysis/color.ts";
import { StyleDescriptor } from "../analysis/descriptor.ts";
import { strokeWidthForLineWeight } from "../analysis/style-scale.ts";
import { analyseImages } from "./analyse.ts";
import { styleParamsFromReport } from "./params.ts";

/**
 * Every number of the style report, read from pictures made with known properties. Tolerances:
 * palette swatches within 4 CIE76 of the drawn colours and shares within 0.03; stroke width within
 * 1.25 px (a fractional stroke is anti-aliased to whole pixels), 0.15 on the style scale; tone levels exact; warmth by sign and order; detail by order
 * and the documented ends of its scale; chroma within 3 of the drawn colours' mean.
 */

let descriptor: StyleDescriptor;
beforeAll(async () => {
  descriptor = await StyleDescriptor.create();
});
afterAll(async () => {
  await descriptor.close();
});
const analyse = (images: Buffer[]) => analyseImages({ descriptor }, images);

function labDistance(a: string, b: string): number {
  const x = rgbToLab(...hexToRgb(a));
  const y = rgbToLab(...hexToRgb(b));
  return Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2]);
}

describe("style report from pictures with known properties", () => {
  it("palette: the drawn colours as swatches with their shares", async () => {
    const drawn = [
      { hex: "#d94f3d", share: 0.5 },
      { hex: "#3d7bd9", share: 0.3 },
      { hex: "#f2d16b", share: 0.2 },
    ];
    const { report } = await analyse([await colourBlocks(drawn)]);
    expect(report.palette).toHaveLength(3);
    for (const [i, swatch] of report.palette.entries()) {
      expect(labDistance(swatch.hex, drawn[i]!.hex)).toBeLessThan(4);
      expect(Math.abs(swatch.share - drawn[i]!.share)).toBeLessThan(0.03);
    }
    // Flat colour, no ink: no lines, and the mean chroma of the three colours.
    expect(report.lineWeight.word).toBe("no ink");
    const chroma =
      drawn.reduce((s, c) => {
        const lab = rgbToLab(...hexToRgb(c.hex));
        return s + Math.hypot(lab[1], lab[2]) * c.share;
      }, 0) / 1;
    expect(Math.abs(report.colour.chroma - chroma)).toBeLessThan(3);
  });

  it("pools the palettes of several pictures, merging near-identical colours", async () => {
    const a = await colourBlocks([
      { hex: "#d94f3d", share: 0.5 },
      { hex: "#3d7bd9", share: 0.5 },
    ]);
    const b = await colourBlocks([
      { hex: "#da503e", share: 0.5 },
      { hex: "#f2d16b", share: 0.5 },
    ]);
    const { report } = await analyse([a, b]);
    expect(report.images).toBe(2);
    expect(report.palette.map((s) => s.share)).toEqual([0.5, 0.25, 0.25]);
    expect(labDistance(report.palette[0]!.hex, "#d94f3d")).toBeLessThan(2);
  });

  it("line weight: the stroke width drawn, in px at 768 and on the style scale", async () => {
    for (const lineWeight of [0.1, 0.4, 0.7, 1]) {
      const widthPx = strokeWidthForLineWeight(lineWeight, 768);
      const { report } = await analyse([await strokes(widthPx)]);
      expect(Math.abs(report.lineWeight.strokePx! - widthPx)).toBeLessThanOrEqual(1.25);
      expect(Math.abs(report.lineWeight.value - lineWeight)).toBeLessThan(0.15);
    }
    const thin = await analyse([await strokes(2)]);
    const heavy = await analyse([await strokes(9.5)]);
    expect(thin.report.lineWeight.word).toBe("hairline");
    expect(heavy.report.lineWeight.word).toBe("heavy");
  });

  it("shading: cel with the number of tone levels drawn, soft for a gradient", async () => {
    for (const lumas of [
      [70, 200],
      [60, 140, 220],
      [50, 95, 140, 185, 230],
    ]) {
      const { report } = await analyse([await toneBands(lumas)]);
      expect(report.shading.kind).toBe("cel");
      expect(report.shading.toneLevels).toBe(lumas.length);
      expect(styleParamsFromReport(report).shadingLevels).toBe(lumas.length);
    }
    const gradient = await png(
      svg(
        600,
        400,
        `<defs><linearGradient id="g"><stop offset="0" stop-color="#3a2a60"/><stop offset="1" stop-color="#f0d0a0"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>`,
      ),
    );
    const { report } = await analyse([gradient]);
    expect(report.shading.kind).toBe("soft");
    expect(report.summary.startsWith("Soft shading")).toBe(true);
    expect(styleParamsFromReport(report).shadingLevels).toBeGreaterThanOrEqual(7);
  });

  it("warmth: warm, neutral and cool palettes of equal lightness", async () => {
    const warm = await analyse([await colourBlocks([{ hex: "#e0803a", share: 1 }])]);
    const neutral = await analyse([await colourBlocks([{ hex: "#9a9a9a", share: 1 }])]);
    const cool = await analyse([await colourBlocks([{ hex: "#3a80e0", share: 1 }])]);
    expect(warm.report.warmth.word).toBe("warm");
    expect(warm.report.warmth.value).toBeGreaterThan(0.5);
    expect(neutral.report.warmth.word).toBe("neutral");
    expect(Math.abs(neutral.report.warmth.value)).toBeLessThan(0.05);
    expect(neutral.report.colour.word).toBe("monochrome");
    expect(cool.report.warmth.word).toBe("cool");
    expect(cool.report.warmth.value).toBeLessThan(-0.5);
    expect(warm.report.summary).toContain("warm colours");
  });

  it("detail: grows with the strokes drawn, from minimal to busy", async () => {
    const values: number[] = [];
    for (const count of [10, 200, 1200])
      values.push((await analyse([await scatter(count)])).report.detail.value);
    expect(values[1]!).toBeGreaterThan(values[0]!);
    expect(values[2]!).toBeGreaterThan(values[1]!);
    const sparse = await analyse([await scatter(10)]);
    const busy = await analyse([await scatter(1200)]);
    expect(sparse.report.detail.word).toBe("minimal");
    expect(busy.report.detail.word).toBe("busy");
  });

  it("marks blank pictures as unusable, and a style lock comes back from a report", async () => {
    const blank = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#ffffff" } })
      .png()
      .toBuffer();
    expect((await analyse([blank])).usable).toBe(false);
    const { report, params, usable } = await analyse([await toneBands([60, 140, 220], { tint: true })]);
    expect(usable).toBe(true);
    expect(params.shadingLevels).toBe(3);
    expect(params.palette).toEqual(report.palette.slice(0, 5).map((s) => s.hex));
    expect(params.lineWeight).toBe(report.lineWeight.value);
  });
});
