import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { SketchEngine } from "../engines/sketch/engine.ts";
import type { PanelDescription, ProgressEvent } from "../engines/types.ts";
import { blendThroughMask, maskCoverage } from "./mask.ts";

const W = 240;
const H = 160;

async function boxMask(
  box: { x: number; y: number; w: number; h: number } | null,
  alpha = false,
): Promise<Buffer> {
  const channels = alpha ? 4 : 1;
  const data = Buffer.alloc(W * H * channels);
  if (box) {
    for (let y = box.y; y < box.y + box.h; y++)
      for (let x = box.x; x < box.x + box.w; x++)
        data.fill(255, (y * W + x) * channels, (y * W + x + 1) * channels);
  }
  return sharp(data, { raw: { width: W, height: H, channels } })
    .png()
    .toBuffer();
}

describe("inpainting masks", () => {
  it("reads white or opaque as regenerate, feathers the edge, and refuses an empty mask", async () => {
    for (const alpha of [false, true]) {
      const { coverage, share } = await maskCoverage(
        await boxMask({ x: 100, y: 40, w: 60, h: 60 }, alpha),
        W,
        H,
        4,
      );
      expect(share).toBeCloseTo((60 * 60) / (W * H), 2);
      expect(coverage[70 * W + 130]).toBeCloseTo(1, 2);
      expect(coverage[10 * W + 10]).toBe(0);
      // The feather: part-way at the edge.
      const edge = coverage[70 * W + 100]!;
      expect(edge).toBeGreaterThan(0.2);
      expect(edge).toBeLessThan(0.8);
    }
    await expect(maskCoverage(await boxMask(null), W, H)).rejects.toMatchObject({ code: "ENGINE_BAD_INPUT" });
  });

  it("blends the fresh picture in only where the mask is", () => {
    const kept = Buffer.alloc(4 * 3, 10);
    const fresh = Buffer.alloc(4 * 3, 210);
    const out = blendThroughMask(kept, fresh, Float32Array.from([0, 0.5, 1, 0]));
    expect([...out]).toEqual([10, 10, 10, 110, 110, 110, 210, 210, 210, 10, 10, 10]);
  });
});

describe("sketch inpainting", () => {
  const description: PanelDescription = {
    prompt: "a harbour at dusk",
    width: W,
    height: H,
    seed: 3,
    variations: 4,
    location: { name: "harbour", lighting: "dusk", camera: "eye", shot: "wide" },
    characters: [],
    style: { lineWeight: 0.4, warmth: 0, detail: 0.5, shadingLevels: 4 },
  };

  it("re-renders the masked region with a new seed, keeps the rest, and reports progress", async () => {
    const engine = new SketchEngine({ previewIntervalMs: 0 });
    const image = (await engine.generate(description)).variations[0]!.png;
    const events: ProgressEvent[] = [];
    const result = await engine.inpaint(
      {
        image,
        mask: await boxMask({ x: 120, y: 10, w: 110, h: 70 }),
        prompt: "more boats",
        seed: 991,
        description,
      },
      { onProgress: (e) => events.push(e) },
    );
    expect([result.width, result.height, result.engine, result.seed]).toEqual([W, H, "sketch", 991]);
    expect(events.at(-1)).toMatchObject({ step: events.at(-1)!.totalSteps });
    const before = await sharp(image).raw().toBuffer();
    const after = await sharp(result.png).raw().toBuffer();
    const diff = (x0: number, y0: number, x1: number, y1: number) => {
      let d = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++)
          for (let c = 0; c < 3; c++)
            d += Math.abs(after[(y * W + x) * 3 + c]! - before[(y * W + x) * 3 + c]!);
      return d;
    };
    expect(diff(0, 0, 100, H)).toBe(0);
    expect(diff(0, 100, W, H)).toBe(0);
    expect(diff(130, 20, 220, 70)).toBeGreaterThan(0);
  });
});
