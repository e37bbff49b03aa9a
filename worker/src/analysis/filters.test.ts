import { describe, expect, it } from "vitest";
import { closing, dilateMask, rankFilter, shortestRuns } from "./filters.ts";

function naiveRank(src: Float32Array, w: number, h: number, r: number, mode: "max" | "min"): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = mode === "max" ? -Infinity : Infinity;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
          v = mode === "max" ? Math.max(v, src[yy * w + xx]!) : Math.min(v, src[yy * w + xx]!);
        }
      }
      out[y * w + x] = v;
    }
  }
  return out;
}

describe("image filters", () => {
  it("computes running max and min exactly like a brute-force window, borders included", () => {
    const w = 37;
    const h = 23;
    let state = 3;
    const src = Float32Array.from({ length: w * h }, () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state % 256;
    });
    for (const r of [1, 3, 7]) {
      for (const mode of ["max", "min"] as const) {
        expect(Array.from(rankFilter(src, w, h, r, mode))).toEqual(Array.from(naiveRank(src, w, h, r, mode)));
      }
    }
  });

  it("closing fills a thin dark line and keeps a wide dark area", () => {
    const w = 40;
    const h = 20;
    const src = new Float32Array(w * h).fill(200);
    for (let y = 0; y < h; y++) {
      src[y * w + 5] = 20; // 1 px line
      for (let x = 25; x < 40; x++) src[y * w + x] = 20; // 15 px area
    }
    const closed = closing(src, w, h, 3);
    expect(closed[10 * w + 5]).toBe(200);
    expect(closed[10 * w + 32]).toBe(20);
  });

  it("measures the shortest run across a stroke and dilates masks by a square", () => {
    const w = 30;
    const h = 30;
    const mask = new Uint8Array(w * h);
    for (let y = 10; y < 14; y++) for (let x = 2; x < 28; x++) mask[y * w + x] = 1;
    const runs = shortestRuns(mask, w, h);
    expect(runs[12 * w + 15]).toBe(4);
    const grown = dilateMask(mask, w, h, 2);
    expect(grown[8 * w + 15]).toBe(1);
    expect(grown[7 * w + 15]).toBe(0);
  });
});
