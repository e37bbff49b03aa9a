import type { RgbImage } from "../analysis/image.ts";
import { blackbodyRgb, toByte } from "./color.ts";
import { type DepthMap, groundDepthAt } from "./depth.ts";
import type { RgbaImage } from "./layer.ts";

/** Test scenes with a known light: side (-1 left, 1 right, 0 none) and colour temperature. */
export interface SceneSpec {
  width?: number;
  height?: number;
  /** Horizon as a share of the height. */
  horizon?: number;
  lightSide: -1 | 0 | 1;
  kelvin: number;
  /** Overall exposure, 0..1 linear reflectance scale. */
  exposure?: number;
  /** A near pillar standing on the ground: its x range (share of width) and foot (share of height). */
  pillar?: { x0: number; x1: number; foot: number };
}

/** Sky and ground lit by a blackbody at `kelvin`, brighter toward the light, with a sun on that side. */
export function scene(spec: SceneSpec): { image: RgbImage; depth: DepthMap } {
  const W = spec.width ?? 240;
  const H = spec.height ?? 180;
  const horizonY = H * (spec.horizon ?? 0.45);
  const light = blackbodyRgb(spec.kelvin);
  const exposure = spec.exposure ?? 0.55;
  const data = Buffer.alloc(W * H * 3);
  const depth = new Float32Array(W * H);
  const sunX = spec.lightSide < 0 ? W * 0.15 : W * 0.85;
  const sunY = horizonY * 0.35;
  const sunR = H * 0.06;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const u = x / (W - 1);
      const ramp = spec.lightSide === 0 ? 1 : 0.55 + 0.45 * (spec.lightSide < 0 ? 1 - u : u);
      let albedo = y < horizonY ? 0.8 : 0.55 + 0.05 * Math.sin(x * 0.7) * Math.sin(y * 0.9);
      let d = groundDepthAt(y, horizonY, H);
      const p = spec.pillar;
      if (p && u >= p.x0 && u <= p.x1 && y <= H * p.foot && y >= H * 0.15) {
        albedo = 0.35;
        d = groundDepthAt(H * p.foot, horizonY, H);
      }
      let k = albedo * ramp * exposure;
      if (spec.lightSide !== 0 && Math.hypot(x - sunX, y - sunY) < sunR) k = 1;
      data[i * 3] = toByte(Math.min(1, k * light[0]));
      data[i * 3 + 1] = toByte(Math.min(1, k * light[1]));
      data[i * 3 + 2] = toByte(Math.min(1, k * light[2]));
      depth[i] = d;
    }
  }
  return {
    image: { data, width: W, height: H },
    depth: { data: depth, width: W, height: H, horizonY, png: Buffer.alloc(0) },
  };
}

/** A neutral grey figure (body and head) on a transparent panel-sized layer, feet at (fx, fy). */
export function figureLayer(
  W: number,
  H: number,
  fx: number,
  fy: number,
  heightPx: number,
  grey = 150,
): RgbaImage {
  const data = Buffer.alloc(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const t = fy - y;
      const inBody = t >= 0 && t <= heightPx * 0.8 && Math.abs(x - fx) <= heightPx * 0.14;
      const inHead = Math.hypot(x - fx, y - (fy - heightPx * 0.9)) <= heightPx * 0.1;
      if (!inBody && !inHead) continue;
      const i = (y * W + x) * 4;
      data[i] = grey;
      data[i + 1] = grey;
      data[i + 2] = grey;
      data[i + 3] = 255;
    }
  }
  return { data, width: W, height: H };
}
