import { describe, expect, it } from "vitest";
import { compose } from "./composite.ts";
import { snapToToneLevels } from "./posterise.ts";
import { figureLayer, scene } from "./test-scenes.ts";

const luma = (d: Buffer, i: number) => (54 * d[i]! + 183 * d[i + 1]! + 19 * d[i + 2]!) >> 8;

/** Posterises a packed RGB picture onto the given grey levels by luma bands (a stand-in for a cel style). */
function posterised(data: Buffer, levels: readonly number[]): Buffer {
  const out = Buffer.from(data);
  for (let i = 0; i < out.length; i += 3) {
    const y = luma(out, i);
    const v = levels.reduce((best, l) => (Math.abs(l - y) < Math.abs(best - y) ? l : best));
    out[i] = v;
    out[i + 1] = v;
    out[i + 2] = v;
  }
  return out;
}

describe("tone lock", () => {
  it("snaps changed pixels to the nearest level, shifting all channels alike, and leaves the rest", () => {
    const environment = Buffer.from([100, 100, 100, 200, 200, 200, 100, 100, 100, 150, 150, 150]);
    const image = Buffer.from([100, 100, 100, 180, 170, 160, 20, 20, 20, 118, 108, 98]);
    snapToToneLevels(image, environment, { levels: [200, 100], inkBelow: 34 });
    // Unchanged pixel, then a relit one (luma 170 -> 200, hue kept), ink, and one nearer 100.
    expect([...image.subarray(0, 3)]).toEqual([100, 100, 100]);
    expect(luma(image, 3)).toBeGreaterThanOrEqual(199);
    expect(image[3]! - image[5]!).toBe(20);
    expect([...image.subarray(6, 9)]).toEqual([20, 20, 20]);
    expect(luma(image, 9)).toBeGreaterThanOrEqual(99);
    expect(luma(image, 9)).toBeLessThanOrEqual(101);
  });

  it("keeps a relit, shadowed figure on a posterised environment's levels", async () => {
    const { image, depth } = scene({ lightSide: 1, kelvin: 3500 });
    const levels = [70, 120, 170, 220];
    const environment = { ...image, data: posterised(image.data, levels) };
    const layer = figureLayer(240, 180, 120, 150, 70, 140);
    const anchor = { x: 120, y: 150 };
    const free = await compose(environment, depth, [{ layer, anchor }]);
    const locked = await compose(environment, depth, [{ layer, anchor }], {
      toneLock: { levels, inkBelow: 34 },
    });
    const lumas = (d: Buffer) => {
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 3) if (luma(d, i) >= 34) seen.add(luma(d, i));
      return seen;
    };
    // Relighting and the shadow add tones without the lock...
    expect(lumas(free.image.data).size).toBeGreaterThan(levels.length + 4);
    // ...and with it every tone is one of the levels (within a step of rounding where a channel clips).
    for (const y of lumas(locked.image.data)) {
      expect(Math.min(...levels.map((l) => Math.abs(l - y)))).toBeLessThanOrEqual(2);
    }
    // The cast shadow survives the snapping: some ground pixels went a level darker.
    let darker = 0;
    for (let i = 0; i < environment.data.length; i += 3) {
      const y = Math.floor(i / 3 / 240);
      if (y > 150 && luma(locked.image.data, i) < luma(environment.data, i) - 20) darker++;
    }
    expect(darker).toBeGreaterThan(20);
    expect(locked.harmony.characters.length).toBe(1);
  });
});
