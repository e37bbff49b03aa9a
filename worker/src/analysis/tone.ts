import { dilateMask, sobelMagnitude } from "./filters.ts";
import { INK_LUMA_MAX } from "./style-scale.ts";

export interface ToneMeasurement {
  /** Distinct tone levels: peaks of the luma histogram of flat, non-ink pixels. */
  levels: number;
  /** Luma of each level, dark to light. */
  peaks: number[];
  /** Share of flat pixels within a few luma steps of a peak: high for cel shading, low for soft. */
  peakMass: number;
  shading: "cel" | "soft";
}

/** Pixels whose gradient is above this are edges or ramps, not a flat tone. */
const FLAT_GRADIENT_MAX = 6;
/** A peak must hold this share of the flat pixels... */
const PEAK_MIN_SHARE = 0.004;
/** ...and stand out: the valley to a neighbouring peak must fall below this share of the lower peak. */
const VALLEY_RATIO = 0.5;
/** Peaks closer than this (luma steps) are one level. */
const PEAK_MIN_SEPARATION = 8;
/** Cel shading when at least this share of flat pixels sits on the peaks. */
const CEL_PEAK_MASS = 0.7;

/**
 * Counts tone levels as peaks in the luma histogram of the picture's flat regions (ink and pixels
 * near it, near-black, edges and ramps left out), after light smoothing. A cel-shaded picture puts nearly all
 * its flat pixels on a few sharp peaks; soft shading spreads them out.
 */
export function measureTone(
  luma: Float32Array,
  ink: Uint8Array,
  width: number,
  height: number,
): ToneMeasurement {
  const nearInk = dilateMask(ink, width, height, 2);
  const gradient = sobelMagnitude(luma, width, height);
  const histogram = new Float64Array(256);
  let flat = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      // Near-black counts as ink (spot blacks), not as a tone.
      if (nearInk[i] || gradient[i]! > FLAT_GRADIENT_MAX || luma[i]! < INK_LUMA_MAX) continue;
      histogram[Math.max(0, Math.min(255, Math.round(luma[i]!)))]! += 1;
      flat++;
    }
  }
  if (flat === 0) return { levels: 0, peaks: [], peakMass: 0, shading: "soft" };
  const smooth = gaussianSmooth(histogram, 1.5);
  const minHeight = PEAK_MIN_SHARE * flat;
  let candidates: number[] = [];
  for (let v = 0; v < 256; v++) {
    const h = smooth[v]!;
    if (h < minHeight) continue;
    const left = v > 0 ? smooth[v - 1]! : -1;
    const right = v < 255 ? smooth[v + 1]! : -1;
    if (h >= left && h > right) candidates.push(v);
  }
  // Merge peaks that are too close or not separated by a real valley, keeping the taller one.
  let merged = true;
  while (merged && candidates.length > 1) {
    merged = false;
    for (let i = 0; i + 1 < candidates.length; i++) {
      const a = candidates[i]!;
      const b = candidates[i + 1]!;
      let valley = Number.POSITIVE_INFINITY;
      for (let v = a; v <= b; v++) valley = Math.min(valley, smooth[v]!);
      const lower = Math.min(smooth[a]!, smooth[b]!);
      if (b - a < PEAK_MIN_SEPARATION || valley > VALLEY_RATIO * lower) {
        candidates = candidates.filter((_, k) => k !== (smooth[a]! >= smooth[b]! ? i + 1 : i));
        merged = true;
        break;
      }
    }
  }
  let onPeaks = 0;
  for (const p of candidates)
    for (let v = Math.max(0, p - 4); v <= Math.min(255, p + 4); v++) onPeaks += histogram[v]!;
  const peakMass = onPeaks / flat;
  return {
    levels: candidates.length,
    peaks: candidates,
    peakMass,
    shading: peakMass >= CEL_PEAK_MASS ? "cel" : "soft",
  };
}

function gaussianSmooth(values: Float64Array, sigma: number): Float64Array {
  const radius = Math.ceil(sigma * 3);
  const kernel: number[] = [];
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    const w = Math.exp(-(k * k) / (2 * sigma * sigma));
    kernel.push(w);
    sum += w;
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let acc = 0;
    for (let k = -radius; k <= radius; k++) {
      const j = i + k;
      if (j >= 0 && j < values.length) acc += values[j]! * kernel[k + radius]!;
    }
    out[i] = acc / sum;
  }
  return out;
}
