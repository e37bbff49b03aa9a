import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { colourBlocks } from "../../test/images.ts";
import { deltaE, hexToRgb, rgbToLab } from "./color.ts";
import { loadRgb } from "./image.ts";
import { extractPalette } from "./palette.ts";

const known = [
  { hex: "#d04a5a", share: 0.4 },
  { hex: "#2f3e6e", share: 0.3 },
  { hex: "#f2c84b", share: 0.2 },
  { hex: "#3f8f5a", share: 0.1 },
];

const lab = (hex: string) => {
  const [r, g, b] = hexToRgb(hex);
  return rgbToLab(r, g, b);
};

describe("dominant palette (k-means in Lab)", () => {
  it("recovers a known palette and its proportions", async () => {
    const palette = extractPalette(await loadRgb(await colourBlocks(known)));
    expect(palette).toHaveLength(4);
    for (const [i, colour] of palette.entries()) {
      // Heaviest first; every colour within 1 deltaE (the JND is ~2.3), every share within 2 points.
      expect(deltaE(colour.lab, lab(known[i]!.hex))).toBeLessThan(1);
      expect(Math.abs(colour.weight - known[i]!.share)).toBeLessThan(0.02);
    }
  });

  it("still finds it under noise, and gives the same answer every time", async () => {
    const clean = await colourBlocks(known);
    const { data, info } = await sharp(clean).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let state = 7;
    for (let i = 0; i < data.length; i++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      data[i] = Math.max(0, Math.min(255, data[i]! + ((state >> 16) % 9) - 4));
    }
    const image = { data, width: info.width, height: info.height };
    const palette = extractPalette(image);
    expect(palette.slice(0, 4).map((c) => c.hex)).toEqual(
      extractPalette(image)
        .slice(0, 4)
        .map((c) => c.hex),
    );
    for (const [i, colour] of palette.slice(0, 4).entries()) {
      expect(deltaE(colour.lab, lab(known[i]!.hex))).toBeLessThan(3);
    }
  });

  it("honours a mask and the colour limit", async () => {
    const image = await loadRgb(await colourBlocks(known));
    const mask = new Uint8Array(image.width * image.height);
    // Only the right half: the yellow and green blocks and part of the blue one.
    for (let y = 0; y < image.height; y++)
      for (let x = image.width / 2; x < image.width; x++) mask[y * image.width + x] = 1;
    const masked = extractPalette(image, { mask });
    expect(masked.map((c) => c.hex)).not.toContain(extractPalette(image)[0]!.hex);
    expect(extractPalette(image, { maxColours: 2 })).toHaveLength(2);
  });
});
