import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { depthFromPng, estimateDepth, groundDepthAt } from "./depth.ts";

const W = 320;
const H = 240;
const HORIZON = 110;

/** Sky over ground, ink horizon line, and a grey pillar standing on the ground with its foot at `foot`. */
async function pictureWithPillar(foot: number): Promise<Buffer> {
  const data = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      let rgb: [number, number, number] =
        y < HORIZON ? [120 + (y * 80) / HORIZON, 170 + (y * 50) / HORIZON, 230] : [110, 150, 80];
      if (Math.abs(y - HORIZON) < 1.5) rgb = [22, 21, 19];
      if (x >= 200 && x < 240 && y >= 40 && y <= foot) rgb = [160, 150, 140];
      if ((x === 200 || x === 239) && y >= 40 && y <= foot) rgb = [22, 21, 19];
      data[i] = rgb[0];
      data[i + 1] = rgb[1];
      data[i + 2] = rgb[2];
    }
  }
  return sharp(data, { raw: { width: W, height: H, channels: 3 } })
    .png()
    .toBuffer();
}

describe("estimateDepth", () => {
  it("finds the horizon, puts the sky far and the ground nearer toward the bottom", async () => {
    const depth = await estimateDepth(await pictureWithPillar(200));
    expect(depth.width).toBe(W);
    expect(depth.height).toBe(H);
    expect(depth.data.length).toBe(W * H);
    expect(Math.abs(depth.horizonY - HORIZON)).toBeLessThan(6);
    const at = (x: number, y: number) => depth.data[y * W + x]!;
    expect(at(40, 20)).toBeGreaterThan(0.97);
    let previous = 1;
    for (const y of [130, 160, 190, 220, 238]) {
      expect(at(60, y)).toBeLessThan(previous);
      expect(Math.abs(at(60, y) - groundDepthAt(y, depth.horizonY, H))).toBeLessThan(0.06);
      previous = at(60, y);
    }
  });

  it("gives an upright object the ground's depth at its foot, over its whole height", async () => {
    const depth = await estimateDepth(await pictureWithPillar(200));
    const at = (x: number, y: number) => depth.data[y * W + x]!;
    const footDepth = groundDepthAt(200, depth.horizonY, H);
    for (const y of [50, 90, 150, 195]) expect(Math.abs(at(220, y) - footDepth)).toBeLessThan(0.06);
    // Nearer than the ground just above its foot, farther than the ground in front of it.
    expect(at(220, 150)).toBeLessThan(at(100, 150));
    expect(at(220, 150)).toBeGreaterThan(at(100, 230));
  });

  it("draws a grey PNG of the input's size, near bright", async () => {
    const depth = await estimateDepth(await pictureWithPillar(200));
    const { data, info } = await sharp(depth.png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([W, H]);
    expect(data[(20 * W + 40) * info.channels]!).toBeLessThan(10);
    expect(data[(235 * W + 40) * info.channels]!).toBeGreaterThan(230);
  });
});

describe("depthFromPng", () => {
  it("reads a stored map back within one grey level and finds its horizon", async () => {
    const estimated = await estimateDepth(await pictureWithPillar(200));
    const read = await depthFromPng(estimated.png, W, H);
    let worst = 0;
    for (let i = 0; i < read.data.length; i++)
      worst = Math.max(worst, Math.abs(read.data[i]! - estimated.data[i]!));
    expect(worst).toBeLessThanOrEqual(1 / 255 + 1e-6);
    expect(Math.abs(read.horizonY - estimated.horizonY)).toBeLessThanOrEqual(4);
  });
});
