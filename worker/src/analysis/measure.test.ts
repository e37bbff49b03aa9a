import { describe, expect, it } from "vitest";
import { colourBlocks, scatter } from "../../test/images.ts";
import { SketchEngine } from "../engines/sketch/engine.ts";
import type { PanelDescription } from "../engines/types.ts";
import { loadRgb } from "./image.ts";
import { describeStyle, measureStyle, measureWarmth, styleParamsFromMeasurements } from "./measure.ts";

describe("colour warmth", () => {
  it("orders warm, neutral and cool pictures", async () => {
    const warm = measureWarmth(
      await loadRgb(
        await colourBlocks([
          { hex: "#e0703a", share: 0.5 },
          { hex: "#f2c84b", share: 0.5 },
        ]),
      ),
    );
    const neutral = measureWarmth(
      await loadRgb(
        await colourBlocks([
          { hex: "#808080", share: 0.5 },
          { hex: "#d0d0d0", share: 0.5 },
        ]),
      ),
    );
    const cool = measureWarmth(
      await loadRgb(
        await colourBlocks([
          { hex: "#3a70e0", share: 0.5 },
          { hex: "#4bc8f2", share: 0.5 },
        ]),
      ),
    );
    expect(warm).toBeGreaterThan(0.3);
    expect(Math.abs(neutral)).toBeLessThan(0.05);
    expect(cool).toBeLessThan(-0.3);
  });
});

describe("detail (edge density)", () => {
  it("grows with the number of strokes", async () => {
    const few = await measureStyle(await scatter(20));
    const some = await measureStyle(await scatter(150));
    const many = await measureStyle(await scatter(600));
    expect(some.edgeDensity).toBeGreaterThan(few.edgeDensity);
    expect(many.edgeDensity).toBeGreaterThan(some.edgeDensity);
    expect(many.detail).toBeGreaterThan(few.detail);
  });
});

describe("the taxonomy read back from sketch renders", () => {
  const engine = new SketchEngine();
  const scenes = [
    { name: "city street", lighting: "day" },
    { name: "forest", lighting: "dusk" },
    { name: "bedroom", lighting: "night" },
  ] as const;
  const render = async (style: PanelDescription["style"], scene: (typeof scenes)[number], seed = 3) => {
    const r = await engine.generate({
      prompt: "a walk",
      width: 768,
      height: 512,
      seed,
      variations: 1,
      characters: [
        { id: "c", name: "C", palette: ["#3366aa", "#222244", "#aa5522"], x: 0.5, y: 0.9, scale: 0.6 },
      ],
      location: { ...scene, camera: "eye", shot: "medium" },
      style,
    });
    return measureStyle(r.variations[0]!.png);
  };

  it("line weight: within 0.15 of the style lock, and ordered", async () => {
    for (const scene of scenes) {
      const measured: number[] = [];
      for (const lineWeight of [0.1, 0.5, 0.9]) {
        const m = await render({ lineWeight, warmth: 0, detail: 0.4, shadingLevels: 4 }, scene);
        expect(Math.abs(m.lineWeight - lineWeight)).toBeLessThan(0.15);
        measured.push(m.lineWeight);
      }
      expect(measured[1]!).toBeGreaterThan(measured[0]!);
      expect(measured[2]!).toBeGreaterThan(measured[1]!);
    }
  });

  it("shading levels: within one of the style lock, exact in most renders", async () => {
    let exact = 0;
    let total = 0;
    for (const scene of scenes) {
      for (const shadingLevels of [2, 3, 4, 5, 6]) {
        const m = await render({ lineWeight: 0.4, warmth: 0, detail: 0.4, shadingLevels }, scene);
        expect(Math.abs(m.toneLevels - shadingLevels)).toBeLessThanOrEqual(1);
        if (m.toneLevels === shadingLevels) exact++;
        total++;
      }
    }
    expect(exact / total).toBeGreaterThanOrEqual(0.8);
  });

  it("warmth and detail follow the style lock within a scene", async () => {
    for (const scene of scenes) {
      const cool = await render({ lineWeight: 0.4, warmth: -0.8, detail: 0, shadingLevels: 4 }, scene);
      const warm = await render({ lineWeight: 0.4, warmth: 0.8, detail: 1, shadingLevels: 4 }, scene);
      expect(warm.warmth).toBeGreaterThan(cool.warmth + 0.2);
      expect(warm.edgeDensity).toBeGreaterThan(cool.edgeDensity);
    }
  });

  it("turns measurements into words and back into a style lock", async () => {
    const m = await render({ lineWeight: 0.9, warmth: 0.8, detail: 1, shadingLevels: 3 }, scenes[0]);
    const words = describeStyle(m);
    expect(words.lines).toMatch(/bold|heavy/);
    expect(words.warmth).toBe("warm");
    expect(words.shading).toBe("cel shading, 3 tones");
    const lock = styleParamsFromMeasurements(m);
    expect(lock.shadingLevels).toBe(3);
    expect(Math.abs(lock.lineWeight - 0.9)).toBeLessThan(0.15);
    expect(lock.palette!.length).toBeGreaterThan(0);
  });
});
