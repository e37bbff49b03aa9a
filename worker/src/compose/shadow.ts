import sharp from "sharp";
import { type DepthMap, groundDepthAt } from "./depth.ts";
import type { RgbaImage } from "./layer.ts";
import type { LightEstimate } from "./light.ts";

/** Darkest a cast shadow makes the ground (share of light removed) under fully directional light. */
export const SHADOW_OPACITY = 0.5;
/** Cast shadow length per unit of figure height, at full light strength. */
export const SHADOW_LENGTH = 0.9;
/** Ground foreshortening: a shadow lying on the ground is squashed to this share of its length in y. */
export const SHADOW_SQUASH = 0.22;
/** Darkness of the contact (ambient-occlusion) patch under the feet, whatever the light. */
export const CONTACT_OPACITY = 0.45;
/** A shadow does not fall on what is nearer than the character by more than this depth. */
const SHADOW_DEPTH_TOLERANCE = 0.03;

/**
 * The shadow a placed character throws on the ground, as a panel-sized coverage map 0..1: the
 * silhouette sheared along the ground away from the light (longer and darker the more directional
 * the light is), squashed by the ground's foreshortening, blurred, plus a soft contact patch under
 * the feet so the figure stands rather than floats.
 */
export async function castShadow(
  layer: RgbaImage,
  left: number,
  top: number,
  footX: number,
  footY: number,
  light: LightEstimate,
  panel: { width: number; height: number },
): Promise<Float32Array> {
  const { width: W, height: H } = panel;
  const grey = Buffer.alloc(W * H);
  const figureHeight = Math.max(1, footY - top);
  // Along the ground, away from the light: -x of the light's direction; y goes a little toward
  // the viewer when the light is high behind the scene (it always is for a sky or ceiling light).
  const away = -Math.sign(light.direction[0]) * Math.min(1, Math.abs(light.direction[0]) + 0.2);
  const length = SHADOW_LENGTH * light.strength;
  const strength = Math.round(255 * Math.min(1, 0.25 + 0.75 * light.strength));
  for (let y = 0; y < layer.height; y++) {
    const t = footY - (top + y);
    if (t < 0) continue;
    for (let x = 0; x < layer.width; x++) {
      const a = layer.data[(y * layer.width + x) * 4 + 3]!;
      if (a < 64) continue;
      const px = left + x;
      const sx = Math.round(px + away * t * length);
      const sy = Math.round(footY + t * length * SHADOW_SQUASH);
      if (sx < 0 || sx >= W || sy < 0 || sy >= H) continue;
      const j = sy * W + sx;
      if (grey[j]! < strength) grey[j] = strength;
    }
  }
  // Contact patch: an ellipse under the feet, a third of the figure wide.
  const rx = figureHeight * 0.17;
  const ry = figureHeight * 0.035 + 1;
  for (let y = Math.max(0, Math.floor(footY - ry)); y <= Math.min(H - 1, Math.ceil(footY + ry)); y++) {
    for (let x = Math.max(0, Math.floor(footX - rx)); x <= Math.min(W - 1, Math.ceil(footX + rx)); x++) {
      const d = ((x - footX) / rx) ** 2 + ((y - footY) / ry) ** 2;
      if (d > 1) continue;
      const v = Math.round(255 * CONTACT_OPACITY * (1 - d) ** 0.5);
      const j = y * W + x;
      if (grey[j]! < v) grey[j] = v;
    }
  }
  const sigma = Math.max(0.6, figureHeight * 0.015);
  const blurred = await sharp(grey, { raw: { width: W, height: H, channels: 1 } })
    .blur(sigma)
    .extractChannel(0)
    .raw()
    .toBuffer();
  const out = new Float32Array(W * H);
  for (let i = 0; i < out.length; i++) out[i] = blurred[i]! / 255;
  return out;
}

/** Darkens the environment (packed RGB, in place) by a shadow map, only on what lies at or behind `depth`. */
export function applyShadow(env: Buffer, shadow: Float32Array, depthMap: DepthMap, depth: number): void {
  const { width: W, height: H, horizonY } = depthMap;
  for (let i = 0; i < shadow.length; i++) {
    const s = shadow[i]!;
    if (s <= 0) continue;
    const d = depthMap.data[i]!;
    // Not on the sky, and not on things standing in front of the character (nearer than it and
    // nearer than the ground at that row, i.e. upright); the ground in front of the feet is fine.
    const ground = groundDepthAt(Math.floor(i / W), horizonY, H);
    if (d >= 0.995 || d < Math.min(depth, ground) - SHADOW_DEPTH_TOLERANCE) continue;
    const k = 1 - SHADOW_OPACITY * s;
    env[i * 3] = Math.round(env[i * 3]! * k);
    env[i * 3 + 1] = Math.round(env[i * 3 + 1]! * k);
    env[i * 3 + 2] = Math.round(env[i * 3 + 2]! * k);
  }
}
