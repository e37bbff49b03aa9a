import { deltaE, type Lab, labToRgb, type Rgb, rgbToHex, rgbToLab } from "./color.ts";
import type { RgbImage } from "./image.ts";

export interface PaletteColour {
  hex: string;
  rgb: Rgb;
  lab: Lab;
  /** Share of the (sampled) pixels closest to this colour, 0..1; the palette's weights sum to 1. */
  weight: number;
}

export interface PaletteOptions {
  /** Most colours returned. Default 6. */
  maxColours?: number;
  /** Pixels sampled (evenly strided) for clustering. Default 8192. */
  sampleLimit?: number;
  /** Clusters closer than this CIE76 distance are merged. Default 10. */
  mergeDeltaE?: number;
  /** Colours holding less than this share are dropped. Default 0.01. */
  minWeight?: number;
  /** Only pixels where the mask is non-zero count (same size as the image). */
  mask?: Uint8Array;
}

/**
 * Dominant colours by k-means in CIELAB (perceptual distances), k-means++ seeding with a fixed
 * seed so the same image always gives the same palette. Seeding stops early when every sample
 * already sits on a centre, so an image of 3 flat colours yields exactly those 3.
 */
const MAX_ITERATIONS = 24;

export function extractPalette(image: RgbImage, options: PaletteOptions = {}): PaletteColour[] {
  const k = options.maxColours ?? 6;
  const sampleLimit = options.sampleLimit ?? 8192;
  const mergeDistance = options.mergeDeltaE ?? 10;
  const minWeight = options.minWeight ?? 0.01;
  const samples = sampleLab(image, sampleLimit, options.mask);
  if (samples.length === 0) return [];
  const centres = seedCentres(samples, k);
  const assignment = new Int32Array(samples.length);
  // Lloyd iterations until no sample changes cluster (k-means converges in a handful here).
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let changed = 0;
    for (let i = 0; i < samples.length; i++) {
      const nearest = nearestIndex(samples[i]!, centres);
      if (nearest !== assignment[i]) {
        assignment[i] = nearest;
        changed++;
      }
    }
    const sums = centres.map(() => [0, 0, 0, 0]);
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      const acc = sums[assignment[i]!]!;
      acc[0]! += s[0];
      acc[1]! += s[1];
      acc[2]! += s[2];
      acc[3]! += 1;
    }
    for (let c = 0; c < centres.length; c++) {
      const acc = sums[c]!;
      if (acc[3]! > 0) centres[c] = [acc[0]! / acc[3]!, acc[1]! / acc[3]!, acc[2]! / acc[3]!];
    }
    if (changed === 0 && iteration > 0) break;
  }
  const counts = new Float64Array(centres.length);
  for (let i = 0; i < samples.length; i++) counts[assignment[i]!]! += 1;
  let clusters = centres.map((lab, i) => ({ lab, weight: counts[i]! / samples.length }));
  clusters = mergeClose(clusters, mergeDistance).filter((c) => c.weight >= minWeight);
  const total = clusters.reduce((sum, c) => sum + c.weight, 0) || 1;
  return clusters
    .map(({ lab, weight }) => {
      const rgb = labToRgb(lab[0], lab[1], lab[2]);
      const rounded: Rgb = [Math.round(rgb[0]), Math.round(rgb[1]), Math.round(rgb[2])];
      return { hex: rgbToHex(rounded), rgb: rounded, lab, weight: weight / total };
    })
    .sort((a, b) => b.weight - a.weight || a.hex.localeCompare(b.hex));
}

function sampleLab(image: RgbImage, limit: number, mask: Uint8Array | undefined): Lab[] {
  const pixels = image.width * image.height;
  let eligible = pixels;
  if (mask) {
    eligible = 0;
    for (let p = 0; p < pixels; p++) if (mask[p]) eligible++;
  }
  const stride = Math.max(1, Math.floor(eligible / limit));
  const cache = new Map<number, Lab>();
  const out: Lab[] = [];
  let seen = 0;
  for (let p = 0; p < pixels; p++) {
    if (mask && !mask[p]) continue;
    if (seen++ % stride !== 0) continue;
    const i = p * 3;
    const key = (image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!;
    let lab = cache.get(key);
    if (!lab) {
      lab = rgbToLab(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!);
      cache.set(key, lab);
    }
    out.push(lab);
  }
  return out;
}

function distance2(a: Lab, b: Lab): number {
  const d0 = a[0] - b[0];
  const d1 = a[1] - b[1];
  const d2 = a[2] - b[2];
  return d0 * d0 + d1 * d1 + d2 * d2;
}

function nearestIndex(sample: Lab, centres: Lab[]): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let c = 0; c < centres.length; c++) {
    const d = distance2(sample, centres[c]!);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** k-means++ with a fixed-seed generator (deterministic). */
function seedCentres(samples: Lab[], k: number): Lab[] {
  let state = 0x2545f491;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const centres: Lab[] = [samples[Math.floor(random() * samples.length)]!];
  const d2 = samples.map((s) => distance2(s, centres[0]!));
  while (centres.length < k) {
    let total = 0;
    for (const d of d2) total += d;
    if (total <= 1e-9) break;
    let target = random() * total;
    let chosen = d2.length - 1;
    for (let i = 0; i < d2.length; i++) {
      target -= d2[i]!;
      if (target <= 0) {
        chosen = i;
        break;
      }
    }
    const centre = samples[chosen]!;
    centres.push(centre);
    for (let i = 0; i < samples.length; i++) d2[i] = Math.min(d2[i]!, distance2(samples[i]!, centre));
  }
  return centres;
}

function mergeClose(
  clusters: { lab: Lab; weight: number }[],
  distance: number,
): { lab: Lab; weight: number }[] {
  const out = clusters.filter((c) => c.weight > 0).sort((a, b) => b.weight - a.weight);
  let merged = true;
  while (merged) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length && !merged; j++) {
        if (deltaE(out[i]!.lab, out[j]!.lab) < distance) {
          const a = out[i]!;
          const b = out[j]!;
          const w = a.weight + b.weight;
          out[i] = {
            lab: [
              (a.lab[0] * a.weight + b.lab[0] * b.weight) / w,
              (a.lab[1] * a.weight + b.lab[1] * b.weight) / w,
              (a.lab[2] * a.weight + b.lab[2] * b.weight) / w,
            ],
            weight: w,
          };
          out.splice(j, 1);
          merged = true;
        }
      }
    }
  }
  return out;
}
