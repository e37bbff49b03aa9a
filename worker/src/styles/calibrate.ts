/**
 * Platt scaling: a logistic map from a raw match distance to the probability that the candidate
 * really is the picture's style, fitted on labelled pairs (same style / different style) from the
 * catalogue's own renders. Classes are weighted to equal total mass, so 0.5 reads as "as likely
 * the same style as not" whatever the ratio of negatives to positives in the fitting set.
 */

export interface PlattCalibration {
  /** score = 1 / (1 + exp(a * x + b)), x the raw distance (a > 0: farther is less likely). */
  a: number;
  b: number;
  positives: number;
  negatives: number;
}

export function plattScore(x: number, c: PlattCalibration): number {
  return 1 / (1 + Math.exp(c.a * x + c.b));
}

/**
 * Fits a and b by Newton's method on the weighted log loss (Platt 1999, with his smoothed targets
 * so separable data does not send a to infinity).
 */
export function fitPlatt(positive: readonly number[], negative: readonly number[]): PlattCalibration {
  if (positive.length === 0 || negative.length === 0) throw new Error("calibration needs both classes");
  const np = positive.length;
  const nn = negative.length;
  const tPos = (np + 1) / (np + 2);
  const tNeg = 1 / (nn + 2);
  const xs = [...positive, ...negative];
  const ts = [...positive.map(() => tPos), ...negative.map(() => tNeg)];
  const ws = [...positive.map(() => 0.5 / np), ...negative.map(() => 0.5 / nn)];
  // Start from the line through the class means: a sensible slope and midpoint.
  const meanP = positive.reduce((s, v) => s + v, 0) / np;
  const meanN = negative.reduce((s, v) => s + v, 0) / nn;
  let a = 4 / Math.max(1e-6, meanN - meanP);
  let b = -a * ((meanP + meanN) / 2);
  for (let iteration = 0; iteration < 100; iteration++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 1e-9;
    let h01 = 0;
    let h11 = 1e-9;
    for (let i = 0; i < xs.length; i++) {
      const p = 1 / (1 + Math.exp(a * xs[i]! + b));
      // d(loss)/d(a x + b) for target t with p = sigma(-(a x + b)).
      const d = ws[i]! * (ts[i]! - p);
      const h = ws[i]! * p * (1 - p);
      g0 += d * xs[i]!;
      g1 += d;
      h00 += h * xs[i]! * xs[i]!;
      h01 += h * xs[i]!;
      h11 += h;
    }
    const det = h00 * h11 - h01 * h01;
    if (Math.abs(det) < 1e-18) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  return { a, b, positives: np, negatives: nn };
}
