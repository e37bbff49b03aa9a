import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { estimateDepth } from "../../compose/depth.ts";
import type { PanelDescription } from "../types.ts";
import { createSceneContext } from "./context.ts";
import { SketchEngine } from "./engine.ts";
import { characterLayer, composedPanel } from "./layers.ts";

const description: PanelDescription = {
  prompt: "two friends at dusk in the park",
  width: 384,
  height: 256,
  seed: 5,
  variations: 2,
  location: { name: "park", lighting: "dusk", camera: "eye", shot: "medium" },
  characters: [
    {
      id: "mina",
      name: "Mina",
      palette: ["#d04a5a", "#2f3e6e", "#2a1a14", "#f1c7a5"],
      x: 0.3,
      y: 0.92,
      scale: 0.6,
    },
    { id: "joe", name: "Joe", palette: ["#3f8f5a", "#555555", "#d9b36b"], x: 0.7, y: 0.75, scale: 0.6 },
  ],
  style: { lineWeight: 0.4, warmth: 0, detail: 0.4, shadingLevels: 4 },
};

describe("sketch layers", () => {
  it("draws a character alone on transparency with its feet at the anchor", async () => {
    const ctx = createSceneContext(description, 5);
    const { layer, anchor } = await characterLayer(ctx, description, description.characters[0]!, 0, 5);
    expect(layer.data[3]).toBe(0);
    let opaque = 0;
    let lowest = 0;
    for (let y = 0; y < layer.height; y++)
      for (let x = 0; x < layer.width; x++)
        if (layer.data[(y * layer.width + x) * 4 + 3]! > 128) {
          opaque++;
          lowest = Math.max(lowest, y);
        }
    expect(opaque).toBeGreaterThan(1000);
    // The shoes reach a little below the ground line the figure stands on: within 7% of its height.
    expect(Math.abs(lowest - anchor.y)).toBeLessThan(0.6 * 256 * 0.07);
  });

  it("composes panels with a location and characters and reports their harmony", async () => {
    const composed = await new SketchEngine().generate(description);
    const flat = await new SketchEngine({ composition: false }).generate(description);
    for (const v of composed.variations) {
      expect(v.harmony).toBeGreaterThanOrEqual(0.8);
      expect((await sharp(v.png).metadata()).width).toBe(384);
    }
    for (const v of flat.variations) expect(v.harmony).toBeUndefined();
    expect(composed.variations[0]!.png.equals(flat.variations[0]!.png)).toBe(false);
    const alone = await new SketchEngine().generate({ ...description, characters: [] });
    expect(alone.variations[0]!.harmony).toBeUndefined();
  });

  it("scores a composite without lighting matching and shadows lower", async () => {
    const ctx = createSceneContext(description, 9);
    const full = await composedPanel(ctx, description, description.characters, 9);
    const bare = await composedPanel(ctx, description, description.characters, 9, {
      temperature: false,
      ambient: false,
      shadow: false,
    });
    expect(full.harmony.score).toBeGreaterThan(bare.harmony.score);
    expect(bare.harmony.passes).toBe(false);
    expect(full.harmony.passes).toBe(true);
  });

  it("composes characters into a locked location's variant with its depth map, not into a plain backdrop", async () => {
    const engine = new SketchEngine();
    const empty = await engine.generate({ ...description, characters: [], variations: 1 });
    const background = empty.variations[0]!.png;
    const depth = (await estimateDepth(background)).png;
    const locked = await engine.generate({
      ...description,
      variations: 1,
      location: { ...description.location!, background, depth },
    });
    expect(locked.variations[0]!.harmony).toBeGreaterThan(0);
    const backdrop = await engine.generate({
      ...description,
      variations: 1,
      location: { ...description.location!, background },
    });
    expect(backdrop.variations[0]!.harmony).toBeUndefined();
  });
});
