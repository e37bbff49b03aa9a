import type { RgbImage } from "../analysis/image.ts";
import { cctOf, luminance, toLinear, type Vec3 } from "./color.ts";

/** What composition needs to know about an environment's light. */
export interface LightEstimate {
  /** Unit vector in image coordinates pointing from the scene toward the light (x right, y down). */
  direction: [number, number];
  /** 0 = flat, diffuse light (no usable direction) .. 1 = strongly directional. */
  strength: number;
  /** Illuminant colour, linear sRGB normalised to luminance 1. */
  illuminant: Vec3;
  /** Correlated colour temperature of the illuminant, K. */
  cctK: number;
  /** Mean linear luminance of the environment, 0..1 (its ambient level). */
  ambient: number;
}

/** Minkowski norm of the "shades of grey" illuminant estimate: between grey-world (1) and max-RGB (inf). */
const ILLUMINANT_NORM_P = 6;
/** Pixels darker than this linear luminance are ink or deep shadow and say nothing about the light. */
const DARK_LUMINANCE = 0.02;
/** Share of the brightest pixels taken as the light source (sun, moon, window, lamp). */
const SOURCE_SHARE = 0.01;

/**
 * Estimates the light of an environment render:
 * - colour: the "shades of grey" illuminant (Finlayson and Trezzi 2004), the p-norm of each linear
 *   channel over the picture, which leans on the bright surfaces that reflect the light most;
 * - direction: the sum of two cues, each a vector from the frame's centre: where the brightest,
 *   warmest 1% of pixels sit (a visible light source, or the lit patch it throws), and the luminance
 *   gradient across the frame (the lit side of a scene is brighter on average). Their agreement
 *   makes `strength`; when the cues cancel the light counts as diffuse.
 */
export function estimateLight(image: RgbImage): LightEstimate {
  const { width: w, height: h, data } = image;
  const count = w * h;
  const lum = new Float32Array(count);
  // Emitters in pictures (sun, moon, lamps, lit windows) are bright and warm; white surfaces that
  // merely reflect (clouds, walls) are bright and neutral. The source cue ranks by both.
  const glow = new Float32Array(count);
  const sums: Vec3 = [0, 0, 0];
  let used = 0;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const r = toLinear(data[i * 3]!);
    const g = toLinear(data[i * 3 + 1]!);
    const b = toLinear(data[i * 3 + 2]!);
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    lum[i] = y;
    glow[i] = y * (1 + Math.max(0, (r + g) / 2 - b) * 4);
    total += y;
    // Clipped highlights have lost their colour (a 3000 K sun clips to near white).
    if (y < DARK_LUMINANCE || data[i * 3]! >= 254 || data[i * 3 + 1]! >= 254 || data[i * 3 + 2]! >= 254)
      continue;
    sums[0] += r ** ILLUMINANT_NORM_P;
    sums[1] += g ** ILLUMINANT_NORM_P;
    sums[2] += b ** ILLUMINANT_NORM_P;
    used++;
  }
  const raw: Vec3 =
    used > 0
      ? [
          (sums[0] / used) ** (1 / ILLUMINANT_NORM_P),
          (sums[1] / used) ** (1 / ILLUMINANT_NORM_P),
          (sums[2] / used) ** (1 / ILLUMINANT_NORM_P),
        ]
      : [1, 1, 1];
  const l = luminance(raw) || 1;
  const illuminant: Vec3 = [raw[0] / l, raw[1] / l, raw[2] / l];

  // Cue 1: the brightest pixels' centroid.
  const sorted = Float32Array.from(glow).sort();
  const threshold = sorted[Math.min(count - 1, Math.floor(count * (1 - SOURCE_SHARE)))]!;
  const median = sorted[Math.floor(count / 2)]!;
  let sx = 0;
  let sy = 0;
  let sw = 0;
  // Cue 2: luminance-weighted centroid of the whole frame (the brightness distribution).
  let gx = 0;
  let gy = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = lum[y * w + x]!;
      const q = glow[y * w + x]!;
      const nx = (x + 0.5) / w - 0.5;
      const ny = (y + 0.5) / h - 0.5;
      gx += v * nx;
      gy += v * ny;
      if (q >= threshold && q > median * 1.2) {
        const k = q - median;
        sx += k * nx;
        sy += k * ny;
        sw += k;
      }
    }
  }
  const mean = total / count || 1;
  // The gradient cue is the centroid's offset in units of the frame (a uniform frame gives 0);
  // scaled so that a left-to-right ramp from half to full brightness reads as about 0.5.
  const gradient: [number, number] = [(gx / count / mean) * 6, (gy / count / mean) * 6];
  const source: [number, number] = sw > 0 ? [(sx / sw) * 2, (sy / sw) * 2] : [0, 0];
  let dx = source[0] + gradient[0];
  let dy = source[1] + gradient[1];
  // Light comes from above unless the picture says otherwise: a sky-lit scene has its source high.
  dy -= 0.15;
  const magnitude = Math.hypot(dx, dy);
  const horizontal = Math.abs(dx);
  const strength = Math.max(0, Math.min(1, horizontal * 1.5));
  if (magnitude > 1e-6) {
    dx /= magnitude;
    dy /= magnitude;
  } else {
    dx = 0;
    dy = -1;
  }
  return { direction: [dx, dy], strength, illuminant, cctK: cctOf(illuminant), ambient: mean };
}
