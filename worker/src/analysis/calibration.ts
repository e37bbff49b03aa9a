/**
 * Raw similarities (cosines, histogram overlaps) are not scores: their range depends on the
 * descriptor and on the project. A calibration maps them to 0..1 with two anchors measured on
 * the project's own references:
 *
 *   positive = how alike the references are to each other (median over references of the mean
 *              of their top-k similarities to the other references, leave-one-out);
 *   negative = how alike the references are to unrelated styles (mean similarity between the
 *              references and a contrast set of deliberately different pictures);
 *   score    = clamp((raw - negative) / (positive - negative), 0, 1).
 *
 * So 1 means "as close to the references as they are to each other" and 0 means "no closer than
 * an unrelated style". The plan's thresholds (0.80 style, 0.85 identity) then read as "at least
 * 80% of the way from unrelated to typical". When the references are barely more alike than the
 * contrast set (spread below MIN_SPREAD) the calibration is marked unreliable and the spread is
 * floored, so scores do not blow up on noise.
 */

export const MIN_SPREAD = 0.03;
/** Candidates are compared with their k most similar references. */
export const TOP_K = 3;

export interface Calibration {
  positive: number;
  negative: number;
  spread: number;
  reliable: boolean;
  /** How the positive anchor was measured. */
  method: "leave-one-out" | "augmented";
  references: number;
}

export function topKMean(values: readonly number[], k = TOP_K): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => b - a).slice(0, Math.max(1, k));
  return sorted.reduce((s, v) => s + v, 0) / sorted.length;
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * @param references the reference items
 * @param similarity how alike two items are (higher is more alike)
 * @param contrast unrelated items (must not be empty)
 * @param augmented for a single reference: variants of it (crops, shifts) standing in for
 *   other references of the same style
 */
export function calibrate<T>(
  references: readonly T[],
  similarity: (a: T, b: T) => number,
  contrast: readonly T[],
  augmented: readonly T[] = [],
): Calibration {
  if (references.length === 0) throw new Error("calibration needs at least one reference");
  if (contrast.length === 0) throw new Error("calibration needs a contrast set");
  let positives: number[];
  let method: Calibration["method"];
  if (references.length >= 2) {
    method = "leave-one-out";
    positives = references.map((r, i) =>
      topKMean(references.filter((_, j) => j !== i).map((o) => similarity(r, o))),
    );
  } else {
    if (augmented.length === 0) throw new Error("a single reference needs augmented variants");
    method = "augmented";
    positives = [topKMean(augmented.map((a) => similarity(references[0]!, a)))];
  }
  const negatives: number[] = [];
  for (const r of references) for (const c of contrast) negatives.push(similarity(r, c));
  const positive = medianOf(positives);
  const negative = negatives.reduce((s, v) => s + v, 0) / negatives.length;
  const spread = positive - negative;
  return {
    positive,
    negative,
    spread: Math.max(MIN_SPREAD, spread),
    reliable: spread >= MIN_SPREAD,
    method,
    references: references.length,
  };
}

export function calibratedScore(raw: number, calibration: Calibration): number {
  const v = (raw - calibration.negative) / calibration.spread;
  return Math.min(1, Math.max(0, v));
}
