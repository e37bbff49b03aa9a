import { describe, expect, it } from "vitest";
import { cctOf, mired, toLinear, type Vec3 } from "./color.ts";
import { ALL_STEPS, type ComposeSteps, compose } from "./composite.ts";
import { shadowOffset } from "./harmony.ts";
import { estimateLight } from "./light.ts";
import { depthScale } from "./place.ts";
import { figureLayer, type SceneSpec, scene } from "./test-scenes.ts";

const W = 240;
const H = 180;

async function composed(spec: SceneSpec, steps: Partial<ComposeSteps> = {}, foot = { x: 120, y: 150 }) {
  const { image, depth } = scene(spec);
  const layer = figureLayer(W, H, foot.x, foot.y, 70);
  const result = await compose(image, depth, [{ layer, anchor: foot }], { steps });
  return { env: image, depth, layer, result };
}

/** Mean linear colour of the composite where the (unscaled) figure is opaque and not near its edge. */
function meanWhere(data: Buffer, mask: (x: number, y: number) => boolean): Vec3 {
  const out: Vec3 = [0, 0, 0];
  let n = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (!mask(x, y)) continue;
      const i = (y * W + x) * 3;
      out[0] += toLinear(data[i]!);
      out[1] += toLinear(data[i + 1]!);
      out[2] += toLinear(data[i + 2]!);
      n++;
    }
  }
  return [out[0] / n, out[1] / n, out[2] / n];
}

const torso = (x: number, y: number) => Math.abs(x - 120) < 6 && y > 100 && y < 140;

describe("light estimation", () => {
  it("finds the side the light comes from and the scene's colour temperature", () => {
    for (const side of [-1, 1] as const) {
      for (const kelvin of [3000, 6500, 10_000]) {
        const light = estimateLight(scene({ lightSide: side, kelvin }).image);
        expect(Math.sign(light.direction[0])).toBe(side);
        expect(light.strength).toBeGreaterThan(0.3);
        expect(Math.abs(mired(light.cctK) - mired(kelvin))).toBeLessThan(25);
      }
    }
    const flat = estimateLight(scene({ lightSide: 0, kelvin: 5000 }).image);
    expect(flat.strength).toBeLessThan(0.15);
  });
});

describe("composition steps", () => {
  it("casts the shadow away from the light", async () => {
    for (const side of [-1, 1] as const) {
      const { env, result } = await composed({ lightSide: side, kelvin: 5000 });
      const without = await composed({ lightSide: side, kelvin: 5000 }, { shadow: false });
      const placed = {
        layer: without.layer,
        left: 0,
        top: 0,
        placement: { footX: 120, footY: 150, scale: 1, depth: 0 },
      };
      const withShadow = shadowOffset(env, result.image, { ...placed, top: 80 });
      const noShadow = shadowOffset(env, without.result.image, { ...placed, top: 80 });
      expect(withShadow.mass).toBeGreaterThan(0.01);
      expect(noShadow.mass).toBeLessThan(0.002);
      // Light from the left (-1) throws the shadow to the right (+), and the other way round.
      expect(Math.sign(withShadow.offset)).toBe(-side);
      expect(Math.abs(withShadow.offset)).toBeGreaterThan(0.1);
    }
  });

  it("moves a neutral figure's colour temperature toward the scene's", async () => {
    for (const kelvin of [2800, 4000, 9000]) {
      const off = await composed({ lightSide: 1, kelvin }, { temperature: false, ambient: false });
      const on = await composed({ lightSide: 1, kelvin }, { ambient: false });
      const before = Math.abs(mired(cctOf(meanWhere(off.result.image.data, torso))) - mired(kelvin));
      const after = Math.abs(mired(cctOf(meanWhere(on.result.image.data, torso))) - mired(kelvin));
      expect(after).toBeLessThan(before * 0.45);
    }
  });

  it("dims a figure in a dark scene (ambient) and brightens the side facing the light", async () => {
    const night = await composed({ lightSide: -1, kelvin: 6500, exposure: 0.12 }, { temperature: false });
    const off = await composed(
      { lightSide: -1, kelvin: 6500, exposure: 0.12 },
      { temperature: false, ambient: false },
    );
    const lum = (v: Vec3) => 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    expect(lum(meanWhere(night.result.image.data, torso))).toBeLessThan(
      lum(meanWhere(off.result.image.data, torso)) * 0.8,
    );
    const leftSide = lum(
      meanWhere(night.result.image.data, (x, y) => x >= 104 && x < 110 && y > 100 && y < 140),
    );
    const rightSide = lum(
      meanWhere(night.result.image.data, (x, y) => x > 130 && x <= 136 && y > 100 && y < 140),
    );
    expect(leftSide).toBeGreaterThan(rightSide);
  });

  it("hides the part of a figure behind a nearer object", async () => {
    // The pillar stands nearer (its foot at 0.95 of the height) than the figure (feet at 125 px).
    const spec: SceneSpec = { lightSide: 1, kelvin: 5500, pillar: { x0: 0.5, x1: 0.56, foot: 0.95 } };
    const foot = { x: 120, y: 125 };
    const hidden = await composed(spec, {}, foot);
    const shown = await composed(spec, { occlusion: false }, foot);
    const inPillar = (x: number, y: number) => x >= 122 && x <= 133 && y > 90 && y < 120;
    const env = meanWhere(hidden.env.data, inPillar);
    expect(meanWhere(hidden.result.image.data, inPillar)).toEqual(env);
    expect(meanWhere(shown.result.image.data, inPillar)).not.toEqual(env);
    // The unoccluded half of the figure is still drawn.
    const leftHalf = (x: number, y: number) => x >= 108 && x <= 116 && y > 90 && y < 120;
    expect(meanWhere(hidden.result.image.data, leftHalf)).not.toEqual(meanWhere(hidden.env.data, leftHalf));
  });

  it("scales a figure up as its feet come down the frame (nearer on the ground plane)", async () => {
    const { depth } = scene({ lightSide: 1, kelvin: 5500 });
    const scales = [100, 120, 140, 160, 175].map((y) => depthScale(depth, 120, y));
    for (let i = 1; i < scales.length; i++) expect(scales[i]!).toBeGreaterThan(scales[i - 1]!);
    const far = await composed({ lightSide: 1, kelvin: 5500 }, { shadow: false }, { x: 120, y: 110 });
    const near = await composed({ lightSide: 1, kelvin: 5500 }, { shadow: false }, { x: 120, y: 170 });
    const heightOf = (r: typeof far) => {
      let top = H;
      for (let y = 0; y < H; y++)
        for (let x = 100; x < 140; x++) {
          const i = (y * W + x) * 3;
          if (r.result.image.data[i] !== r.env.data[i] && y < top) top = y;
        }
      return top;
    };
    expect(170 - heightOf(near)).toBeGreaterThan((110 - heightOf(far)) * 1.8);
    const flat = await composed(
      { lightSide: 1, kelvin: 5500 },
      { depthScale: false, shadow: false },
      { x: 120, y: 110 },
    );
    expect(110 - heightOf(flat)).toBeGreaterThan(110 - heightOf(far));
  });

  it("switching one step off changes only that step's pixels", async () => {
    const spec: SceneSpec = { lightSide: -1, kelvin: 3200, pillar: { x0: 0.5, x1: 0.56, foot: 0.95 } };
    // Feet at the reference depth (0.9 of the height): the figure keeps its drawn size, so the
    // unscaled layer is an exact mask of it.
    const foot = { x: 120, y: 162 };
    const full = await composed(spec, {}, foot);
    const figure = (x: number, y: number) => full.layer.data[(y * W + x) * 4 + 3]! > 0;
    const differing = async (steps: Partial<ComposeSteps>) => {
      const other = await composed(spec, steps, foot);
      const out: [number, number][] = [];
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          const i = (y * W + x) * 3;
          const a = full.result.image.data;
          const b = other.result.image.data;
          if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) out.push([x, y]);
        }
      return out;
    };
    const shadowDiff = await differing({ shadow: false });
    expect(shadowDiff.length).toBeGreaterThan(50);
    // Only ground outside the figure (and its anti-aliased edge) and near the feet.
    expect(shadowDiff.every(([x, y]) => !figure(x, y) && y > 130)).toBe(true);
    for (const step of ["temperature", "ambient"] as const) {
      const diff = await differing({ [step]: false });
      expect(diff.length).toBeGreaterThan(50);
      expect(diff.every(([x, y]) => figure(x, y))).toBe(true);
    }
    const occlusionDiff = await differing({ occlusion: false });
    expect(occlusionDiff.length).toBeGreaterThan(20);
    expect(occlusionDiff.every(([x]) => x >= 119 && x <= 135)).toBe(true);
    expect(await differing({ depthScale: false })).toEqual([]);
    // Away from the reference depth, the depth scale changes the figure's size and nothing else does.
    const at150 = await composed(spec, {}, { x: 120, y: 150 });
    const unscaled = await composed(spec, { depthScale: false }, { x: 120, y: 150 });
    expect(at150.result.image.data.equals(unscaled.result.image.data)).toBe(false);
  });
});

describe("lighting-harmony score", () => {
  it("scores a matched composite above the plan's threshold and an unmatched paste below it", async () => {
    const none: ComposeSteps = {
      depthScale: false,
      occlusion: false,
      temperature: false,
      ambient: false,
      shadow: false,
    };
    for (const spec of [
      { lightSide: -1, kelvin: 2800 },
      { lightSide: 1, kelvin: 10_000 },
      { lightSide: 1, kelvin: 4000, exposure: 0.15 },
    ] satisfies SceneSpec[]) {
      const matched = await composed(spec, ALL_STEPS);
      const pasted = await composed(spec, none);
      expect(matched.result.harmony.score).toBeGreaterThan(pasted.result.harmony.score);
      expect(matched.result.harmony.passes).toBe(true);
      expect(pasted.result.harmony.passes).toBe(false);
    }
  });

  it("lowers the score for each missing step", async () => {
    const spec: SceneSpec = { lightSide: -1, kelvin: 3000 };
    const full = (await composed(spec)).result.harmony.score;
    for (const step of ["temperature", "shadow", "depthScale"] as const) {
      const without = (await composed(spec, { [step]: false })).result.harmony.score;
      expect(without).toBeLessThan(full);
    }
  });
});
