import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { loadRgb } from "../../analysis/image.ts";
import { measureWarmth } from "../../analysis/measure.ts";
import { EngineError } from "../errors.ts";
import type { PanelDescription, ProgressEvent } from "../types.ts";
import { createSceneContext } from "./context.ts";
import { SketchEngine } from "./engine.ts";

const base: PanelDescription = {
  prompt: "two friends meet on a city street",
  width: 384,
  height: 256,
  seed: 42,
  variations: 4,
  location: { name: "city street", lighting: "day", camera: "eye", shot: "medium" },
  characters: [
    {
      id: "mina",
      name: "Mina",
      palette: ["#d04a5a", "#2f3e6e", "#2a1a14", "#f1c7a5"],
      x: 0.3,
      y: 0.9,
      scale: 0.7,
      pose: "waving",
      expression: "happy",
    },
    {
      id: "joe",
      name: "Joe",
      palette: ["#3f8f5a", "#555555", "#d9b36b"],
      x: 0.7,
      y: 0.86,
      scale: 0.6,
      pose: "pointing",
    },
  ],
  style: { lineWeight: 0.4, warmth: 0, detail: 0.5, shadingLevels: 4 },
};

const engine = new SketchEngine({ previewIntervalMs: 0 });

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

/** Variance of a 3x3 Laplacian over a greyscale version: how much fine detail a picture has. */
async function sharpness(image: Buffer): Promise<number> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  let sq = 0;
  let count = 0;
  for (let y = 1; y < info.height - 1; y++) {
    for (let x = 1; x < info.width - 1; x++) {
      const i = y * info.width + x;
      const v = 4 * data[i]! - data[i - 1]! - data[i + 1]! - data[i - info.width]! - data[i + info.width]!;
      sum += v;
      sq += v * v;
      count++;
    }
  }
  return sq / count - (sum / count) ** 2;
}

function pixelShare(image: { data: Buffer }, test: (r: number, g: number, b: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < image.data.length; i += 3)
    if (test(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!)) hits++;
  return hits / (image.data.length / 3);
}

describe("sketch engine", () => {
  it("draws 4 PNG variations of the requested size, byte-identical for the same input and seed", async () => {
    const first = await engine.generate(base);
    const second = await engine.generate(base);
    expect(first.engine).toBe("sketch");
    expect(first.variations).toHaveLength(4);
    for (const [i, v] of first.variations.entries()) {
      const meta = await sharp(v.png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", 384, 256]);
      expect(v.batchIndex).toBe(i);
      expect(v.png.equals(second.variations[i]!.png)).toBe(true);
      expect(v.seed).toBe(second.variations[i]!.seed);
    }
    expect(new Set(first.variations.map((v) => v.seed)).size).toBe(4);
    // Different seeds vary the composition: no two variations are the same picture.
    const hashes = new Set(first.variations.map((v) => v.png.toString("base64")));
    expect(hashes.size).toBe(4);
    const other = await engine.generate({ ...base, seed: 43, variations: 1 });
    expect(other.variations[0]!.png.equals(first.variations[0]!.png)).toBe(false);
  });

  it("reports 20 sampler-like steps with previews that start blurred and end sharp", async () => {
    const events: ProgressEvent[] = [];
    await engine.generate(base, { onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(events.every((e) => e.totalSteps === 20 && e.previewType === "image/jpeg")).toBe(true);
    const first = events[0]!.preview!;
    const last = events.at(-1)!.preview!;
    const meta = await sharp(last).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 384, 256]);
    // The first variation's tile (top left of the 2x2 grid) right after each of its stages: the
    // preview gets sharper stage by stage (blur 6 -> 0 px), like a sampler converging.
    const tile = (preview: Buffer) =>
      sharp(preview).extract({ left: 0, top: 0, width: 192, height: 128 }).png().toBuffer();
    const byStage = await Promise.all(
      [0, 4, 8, 12, 16].map(async (i) => sharpness(await tile(events[i]!.preview!))),
    );
    for (let i = 1; i < byStage.length; i++) expect(byStage[i]!).toBeGreaterThan(byStage[i - 1]!);
    expect(byStage[4]!).toBeGreaterThan(5 * byStage[0]!);
    // Before a variation has been drawn at all its tile is noise, as a sampler starts from.
    expect(
      await sharpness(
        await sharp(first).extract({ left: 192, top: 0, width: 192, height: 128 }).png().toBuffer(),
      ),
    ).toBeGreaterThan(byStage[0]!);
  });

  it("stops promptly when aborted mid-run and when aborted before it starts", async () => {
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    const error = await rejection(
      engine.generate(base, {
        signal: controller.signal,
        onProgress: (e) => {
          events.push(e);
          if (e.step === 3) controller.abort(new Error("user cancelled"));
        },
      }),
    );
    expect(error.code).toBe("ENGINE_ABORTED");
    expect(events.map((e) => e.step)).toEqual([1, 2, 3]);

    const before = await rejection(engine.generate(base, { signal: AbortSignal.abort() }));
    expect(before.code).toBe("ENGINE_ABORTED");
  });

  it("aborts during a paced step without waiting it out", async () => {
    const slow = new SketchEngine({ minStepMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await rejection(slow.generate({ ...base, variations: 1 }, { signal: controller.signal }));
    expect(error.code).toBe("ENGINE_ABORTED");
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("rejects a bad description with ENGINE_BAD_INPUT naming every field at fault", async () => {
    const error = await rejection(
      engine.generate({
        ...base,
        width: 10,
        characters: [{ ...base.characters[0]!, palette: ["red"] }],
        style: { ...base.style, shadingLevels: 1 },
      }),
    );
    expect(error.code).toBe("ENGINE_BAD_INPUT");
    expect(error.retryable).toBe(false);
    const paths = (error.details!.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["width", "characters.0.palette.0", "style.shadingLevels"]));
  });

  it("frames by camera: a low camera shows more sky, a high camera more ground", async () => {
    const skyShare = async (camera: "low" | "eye" | "high") => {
      const r = await engine.generate({
        ...base,
        characters: [],
        variations: 1,
        location: { name: "city street", lighting: "day", camera, shot: "medium" },
        style: { ...base.style, palette: ["#b04a3a", "#a0603a"] },
      });
      return pixelShare(await loadRgb(r.variations[0]!.png), (r, g, b) => b > r + 30 && b > g);
    };
    const [low, eye, high] = [await skyShare("low"), await skyShare("eye"), await skyShare("high")];
    expect(low).toBeGreaterThan(eye);
    expect(eye).toBeGreaterThan(high);
    expect(
      createSceneContext({ ...base, location: { ...base.location!, camera: "low" } }, 1).horizonY,
    ).toBeGreaterThan(
      createSceneContext({ ...base, location: { ...base.location!, camera: "high" } }, 1).horizonY,
    );
  });

  it("lights by time of day and balances colour by warmth", async () => {
    const render = async (lighting: "day" | "night", warmth: number) => {
      const r = await engine.generate({
        ...base,
        variations: 1,
        location: { name: "city street", lighting, camera: "eye", shot: "medium" },
        style: { ...base.style, warmth },
      });
      return loadRgb(r.variations[0]!.png);
    };
    const meanLuma = (img: { data: Buffer }) => {
      let s = 0;
      for (let i = 0; i < img.data.length; i += 3)
        s += 0.2126 * img.data[i]! + 0.7152 * img.data[i + 1]! + 0.0722 * img.data[i + 2]!;
      return s / (img.data.length / 3);
    };
    expect(meanLuma(await render("night", 0))).toBeLessThan(meanLuma(await render("day", 0)) - 20);
    const warm = measureWarmth(await render("day", 0.9));
    const neutral = measureWarmth(await render("day", 0));
    const cool = measureWarmth(await render("day", -0.9));
    expect(warm).toBeGreaterThan(neutral + 0.1);
    expect(neutral).toBeGreaterThan(cool + 0.1);
  });

  it("draws each character in its own palette at its own place", async () => {
    const redLeft = await engine.generate({
      ...base,
      variations: 1,
      characters: [
        {
          id: "a",
          name: "A",
          palette: ["#e02020", "#e02020", "#e02020", "#e02020"],
          x: 0.2,
          y: 0.95,
          scale: 0.8,
        },
      ],
    });
    const image = await loadRgb(redLeft.variations[0]!.png);
    const red = (r: number, g: number, b: number) => r > 150 && r > g + 80 && r > b + 80;
    const half = (from: number, to: number) => {
      let hits = 0;
      for (let y = 0; y < image.height; y++) {
        for (let x = Math.floor(image.width * from); x < image.width * to; x++) {
          const i = (y * image.width + x) * 3;
          if (red(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!)) hits++;
        }
      }
      return hits;
    };
    expect(half(0, 0.4)).toBeGreaterThan(500);
    expect(half(0.6, 1)).toBeLessThan(half(0, 0.4) / 10);
  });

  it("borrows a palette from the anchor when the character has none", async () => {
    const anchor = await sharp({ create: { width: 120, height: 160, channels: 3, background: "#2060e0" } })
      .png()
      .toBuffer();
    const r = await engine.generate({
      ...base,
      variations: 1,
      characters: [{ id: "b", name: "B", palette: [], x: 0.5, y: 0.95, scale: 0.8, anchor }],
    });
    const image = await loadRgb(r.variations[0]!.png);
    const blue = pixelShare(image, (r, g, b) => b > 150 && b > r + 80 && b > g + 40);
    const without = await loadRgb(
      (
        await engine.generate({
          ...base,
          variations: 1,
          characters: [{ id: "b", name: "B", palette: [], x: 0.5, y: 0.95, scale: 0.8 }],
        })
      ).variations[0]!.png,
    );
    expect(blue).toBeGreaterThan(
      pixelShare(without, (r, g, b) => b > 150 && b > r + 80 && b > g + 40) + 0.02,
    );
  });
});
