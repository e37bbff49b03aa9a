import type { StyleParams } from "../types.ts";

/** How far warmth 1 (or -1) pushes red up and blue down, as a channel gain. */
export const WARMTH_GAIN = 0.16;

/** Smallest luma step between two tone levels, so each level reads (and measures) as its own. */
export const MIN_LEVEL_STEP = 22;
/** The darkest a tone level gets; darker is ink or spot black. */
export const LEVEL_FLOOR = 48;
const LEVEL_CEILING = 242;

/**
 * The style's pixel pass over the packed RGB fills (no ink: that is laid over afterwards), in place:
 * 1. colour balance from warmth (red and blue gains in opposite directions);
 * 2. posterisation of tone: each pixel's luma snaps to one of `shadingLevels` levels, shifting
 *    R, G and B by the same amount so hue and chroma survive. The luma bins are cut where the
 *    picture's own pixels are (equal shares, a big flat area filling a bin alone), so every level
 *    is used; each level sits at the mean luma of its bin, pushed apart to at least
 *    MIN_LEVEL_STEP, so a night scene stays dark and a noon one bright.
 * Integer luma and lookup tables keep it fast (about 1 ms per 768x512 here) and deterministic.
 * Returns the luma of each level it used, dark to light (composition snaps relit figures to them).
 */
export function applyTone(
  data: Uint8Array,
  style: Pick<StyleParams, "warmth" | "shadingLevels" | "saturation">,
): number[] {
  const w = style.warmth;
  const rLut = gainLut(1 + WARMTH_GAIN * w);
  const gLut = gainLut(1 + 0.03 * w);
  const bLut = gainLut(1 - WARMTH_GAIN * w);
  const histogram = new Float64Array(256);
  for (let i = 0; i < data.length; i += 3) {
    histogram[(54 * rLut[data[i]!]! + 183 * gLut[data[i + 1]!]! + 19 * bLut[data[i + 2]!]!) >> 8]! += 1;
  }
  const target = toneTargets(histogram, style.shadingLevels);
  // Saturation mixes each pixel toward its own luma, which leaves the tone histogram as it is.
  const saturation = style.saturation ?? 1;
  for (let i = 0; i < data.length; i += 3) {
    let r = rLut[data[i]!]!;
    let g = gLut[data[i + 1]!]!;
    let b = bLut[data[i + 2]!]!;
    const y = (54 * r + 183 * g + 19 * b) >> 8;
    if (saturation !== 1) {
      r = clampByte(Math.round(y + (r - y) * saturation));
      g = clampByte(Math.round(y + (g - y) * saturation));
      b = clampByte(Math.round(y + (b - y) * saturation));
    }
    const d = target[y]! - y;
    data[i] = clampByte(r + d);
    data[i + 1] = clampByte(g + d);
    data[i + 2] = clampByte(b + d);
  }
  return usedLevels(histogram, target);
}

/**
 * The tone levels a picture that was not toned here (a locked location's variant) is closest to:
 * the levels the tone pass would give its pixels from luma `inkBelow` up (ink and its
 * antialiased edges are not a tone).
 */
export function toneLevelsOf(data: Uint8Array, shadingLevels: number, inkBelow: number): number[] {
  const histogram = new Float64Array(256);
  for (let i = 0; i < data.length; i += 3) {
    const y = (54 * data[i]! + 183 * data[i + 1]! + 19 * data[i + 2]!) >> 8;
    if (y >= inkBelow) histogram[y]! += 1;
  }
  return usedLevels(histogram, toneTargets(histogram, shadingLevels));
}

function usedLevels(histogram: Float64Array, target: Int16Array): number[] {
  const levels = new Set<number>();
  for (let y = 0; y < 256; y++) if (histogram[y]! > 0) levels.add(target[y]!);
  return [...levels].sort((a, b) => a - b);
}

/**
 * Target luma for every integer luma. Bins are filled greedily in luma order, each taking its
 * share of the pixels still to place, so no bin is empty while there are at least as many
 * distinct lumas as levels.
 */
export function toneTargets(histogram: Float64Array, shadingLevels: number): Int16Array {
  const count = Math.max(1, Math.round(shadingLevels));
  const binOf = new Int16Array(256);
  let remaining = 0;
  let distinct = 0;
  for (let y = 0; y < 256; y++) {
    remaining += histogram[y]!;
    if (histogram[y]! > 0) distinct++;
  }
  let bin = 0;
  let inBin = 0;
  for (let y = 0; y < 256; y++) {
    const h = histogram[y]!;
    const binsLeft = count - bin;
    const canAdvance = h > 0 && inBin > 0 && bin < count - 1;
    // Next bin once this one has its share, or when the lumas left are only enough for the rest.
    if (canAdvance && (inBin >= remaining / binsLeft - 1e-9 || distinct <= binsLeft - 1)) {
      remaining -= inBin;
      bin++;
      inBin = 0;
    }
    binOf[y] = bin;
    inBin += h;
    if (h > 0) distinct--;
  }
  const levels = binLevels(histogram, binOf, bin + 1);
  const target = new Int16Array(256);
  for (let y = 0; y < 256; y++) target[y] = Math.round(levels[binOf[y]!]!);
  return target;
}

/** Each bin's mean luma, then spread so neighbours are MIN_LEVEL_STEP apart within the range. */
function binLevels(histogram: Float64Array, binOf: Int16Array, bins: number): number[] {
  const sum = new Float64Array(bins);
  const weight = new Float64Array(bins);
  for (let y = 0; y < 256; y++) {
    sum[binOf[y]!]! += y * histogram[y]!;
    weight[binOf[y]!]! += histogram[y]!;
  }
  const levels = Array.from({ length: bins }, (_, k) => (weight[k]! > 0 ? sum[k]! / weight[k]! : 128));
  const step = Math.min(MIN_LEVEL_STEP, (LEVEL_CEILING - LEVEL_FLOOR) / Math.max(1, bins - 1));
  levels[0] = Math.max(LEVEL_FLOOR, levels[0]!);
  for (let k = 1; k < bins; k++) levels[k] = Math.max(levels[k]!, levels[k - 1]! + step);
  const overflow = levels[bins - 1]! - LEVEL_CEILING;
  if (overflow > 0) {
    levels[bins - 1] = LEVEL_CEILING;
    for (let k = bins - 2; k >= 0; k--) levels[k] = Math.min(levels[k]!, levels[k + 1]! - step);
  }
  return levels;
}

function gainLut(gain: number): Uint8Array {
  const lut = new Uint8Array(256);
  for (let i = 0; i < 256; i++) lut[i] = clampByte(Math.round(i * gain));
  return lut;
}

function clampByte(v: number): number {
  return Math.min(255, Math.max(0, v));
}
