import type { StyleMeasurements } from "../analysis/measure.ts";

/**
 * The vector the matcher compares: the style descriptor (onnxruntime, built-in graph or a CLIP-class
 * model) followed by the interpretable measurements, so the match sees both the "general style
 * vector" and the taxonomy the plan asks for (line weight, colouring, shading):
 *
 *   [descriptor (D) | lineWeight, warmth, detail, inkCoverage*10, toneLevels/8, cel, chroma/40 | palette (27)]
 *
 * The palette block is a soft histogram of the swatches over a fixed 3x3x3 grid in CIELAB, square-
 * rooted (Hellinger), so two palettes compare by how much colour mass they share. The blocks are
 * on different scales on purpose: the matcher learns per-dimension weights on the catalogue.
 */

/** Bumped whenever the layout or meaning of the vector changes (part of every cache key). */
export const FEATURE_VERSION = "f2";

const GRID_L = [35, 60, 85] as const;
const GRID_AB = [-35, 0, 35] as const;
/** Width of a palette bin's Gaussian in Lab units: a colour spreads over neighbouring bins. */
const BIN_SIGMA = 22;
export const TAXONOMY_DIMS = 7;
export const PALETTE_DIMS = GRID_L.length * GRID_AB.length * GRID_AB.length;

export function featureVector(descriptor: ArrayLike<number>, m: StyleMeasurements): number[] {
  const out = Array.from(descriptor);
  out.push(
    m.lineWeight,
    m.warmth,
    m.detail,
    Math.min(1, m.inkCoverage * 10),
    Math.min(8, m.toneLevels) / 8,
    m.shading === "cel" ? 1 : 0,
    // Rows cached before chroma was measured have none; FEATURE_VERSION keeps them out anyway.
    Math.min(2, (m.chroma ?? 0) / 40),
  );
  out.push(...paletteHistogram(m));
  return out;
}

function paletteHistogram(m: StyleMeasurements): number[] {
  const bins = new Array<number>(PALETTE_DIMS).fill(0);
  for (const c of m.palette) {
    const responses: number[] = [];
    let total = 0;
    for (const l of GRID_L)
      for (const a of GRID_AB)
        for (const b of GRID_AB) {
          const d2 = (c.lab[0] - l) ** 2 + (c.lab[1] - a) ** 2 + (c.lab[2] - b) ** 2;
          const r = Math.exp(-d2 / (2 * BIN_SIGMA * BIN_SIGMA));
          responses.push(r);
          total += r;
        }
    for (let i = 0; i < bins.length; i++) bins[i]! += (c.weight * responses[i]!) / (total || 1);
  }
  return bins.map((v) => Math.sqrt(v));
}

/** Element-wise mean of several vectors of one length. */
export function meanVector(vectors: readonly (readonly number[])[]): number[] {
  if (vectors.length === 0) throw new Error("mean of no vectors");
  const out = new Array<number>(vectors[0]!.length).fill(0);
  for (const v of vectors) {
    if (v.length !== out.length) throw new Error("vectors of different lengths");
    for (let i = 0; i < v.length; i++) out[i]! += v[i]! / vectors.length;
  }
  return out;
}
