/**
 * Linear discriminant analysis for the style matcher: a projection in which pictures of one
 * style cluster tightly and styles lie apart, learned from labelled samples (the catalogue's own
 * renders). Full covariance matters here: a scene's light shifts warmth, the palette histogram and
 * the descriptor's colour block together, and only a full within-style covariance can discount
 * such correlated shifts.
 *
 * 1. Standardise each dimension by its within-style spread (floored at a share of its total
 *    spread, so a measurement that never varies within a style still cannot weigh infinitely).
 * 2. Within-style covariance, shrunk toward the identity (Ledoit-Wolf style, fixed weight),
 *    because there are few samples per dimension.
 * 3. Whiten it, then take the leading eigenvectors of the between-style covariance of the
 *    whitened style means. Euclidean distance in the result is a Mahalanobis distance restricted
 *    to the directions that separate styles.
 */

export interface LdaOptions {
  /** Weight of the identity in the shrunk within-style correlation. Default 0.1. */
  shrinkage?: number;
  /** Floor on a dimension's within-style variance, as a share of its total variance. Default 0.02. */
  varianceFloor?: number;
  /** Most output dimensions. Default: styles - 1. */
  maxDims?: number;
}

export interface LdaProjection {
  /** Per input dimension: subtract `centre`, divide by `scale`. */
  centre: Float64Array;
  scale: Float64Array;
  /** Row-major D x K. */
  matrix: Float64Array;
  inputDims: number;
  outputDims: number;
}

export function project(p: LdaProjection, x: readonly number[]): Float64Array {
  const out = new Float64Array(p.outputDims);
  for (let j = 0; j < p.inputDims; j++) {
    const v = (x[j]! - p.centre[j]!) / p.scale[j]!;
    if (v === 0) continue;
    const row = j * p.outputDims;
    for (let k = 0; k < p.outputDims; k++) out[k]! += v * p.matrix[row + k]!;
  }
  return out;
}

export function fitLda(
  classes: readonly (readonly (readonly number[])[])[],
  options: LdaOptions = {},
): LdaProjection {
  const shrinkage = options.shrinkage ?? 0.1;
  const floorShare = options.varianceFloor ?? 0.02;
  const c = classes.length;
  const d = classes[0]![0]!.length;
  const n = classes.reduce((s, k) => s + k.length, 0);
  const means = classes.map((samples) => {
    const m = new Float64Array(d);
    for (const s of samples) for (let j = 0; j < d; j++) m[j]! += s[j]! / samples.length;
    return m;
  });
  const centre = new Float64Array(d);
  for (const m of means) for (let j = 0; j < d; j++) centre[j]! += m[j]! / c;
  // 1. Per-dimension scale.
  const within = new Float64Array(d);
  const total = new Float64Array(d);
  for (const [k, samples] of classes.entries()) {
    for (const s of samples) {
      for (let j = 0; j < d; j++) {
        within[j]! += (s[j]! - means[k]![j]!) ** 2;
        total[j]! += (s[j]! - centre[j]!) ** 2;
      }
    }
  }
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const w = within[j]! / Math.max(1, n - c);
    const t = total[j]! / Math.max(1, n - 1);
    scale[j] = Math.sqrt(Math.max(w, floorShare * t, 1e-12));
  }
  // 2. Within-style covariance of the standardised samples, shrunk.
  const sw = new Float64Array(d * d);
  const z = new Float64Array(d);
  for (const [k, samples] of classes.entries()) {
    for (const s of samples) {
      for (let j = 0; j < d; j++) z[j] = (s[j]! - means[k]![j]!) / scale[j]!;
      for (let a = 0; a < d; a++) {
        const za = z[a]!;
        if (za === 0) continue;
        const row = a * d;
        for (let b = a; b < d; b++) sw[row + b]! += za * z[b]!;
      }
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = ((1 - shrinkage) * sw[a * d + b]!) / Math.max(1, n - c) + (a === b ? shrinkage : 0);
      sw[a * d + b] = v;
      sw[b * d + a] = v;
    }
  }
  // 3. Whitening W = U diag(1/sqrt(lambda)), then the between-style eigenvectors.
  const { values, vectors } = symmetricEigen(sw, d);
  const whiten = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let k = 0; k < d; k++)
      whiten[a * d + k] = vectors[a * d + k]! / Math.sqrt(Math.max(values[k]!, 1e-9));
  }
  const whitenedMeans = means.map((m) => {
    const v = new Float64Array(d);
    for (let a = 0; a < d; a++) {
      const x = (m[a]! - centre[a]!) / scale[a]!;
      if (x === 0) continue;
      for (let k = 0; k < d; k++) v[k]! += x * whiten[a * d + k]!;
    }
    return v;
  });
  const sb = new Float64Array(d * d);
  for (const v of whitenedMeans) {
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) sb[a * d + b]! += (v[a]! * v[b]!) / c;
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) sb[a * d + b] = sb[b * d + a]!;
  const between = symmetricEigen(sb, d);
  const k = Math.min(options.maxDims ?? c - 1, d, c - 1);
  const order = Array.from({ length: d }, (_, i) => i).sort(
    (x, y) => between.values[y]! - between.values[x]!,
  );
  const matrix = new Float64Array(d * k);
  for (let a = 0; a < d; a++) {
    for (let out = 0; out < k; out++) {
      const col = order[out]!;
      let v = 0;
      for (let m = 0; m < d; m++) v += whiten[a * d + m]! * between.vectors[m * d + col]!;
      matrix[a * k + out] = v;
    }
  }
  return { centre, scale, matrix, inputDims: d, outputDims: k };
}

/**
 * Eigen-decomposition of a symmetric n x n matrix (row-major) by cyclic Jacobi rotations: slow in
 * theory, a fraction of a second for the ~200 dimensions here, and dependable. Columns of
 * `vectors` are the eigenvectors.
 */
export function symmetricEigen(
  input: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-30) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = cos * akp - sin * akq;
          a[k * n + q] = sin * akp + cos * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = cos * apk - sin * aqk;
          a[q * n + k] = sin * apk + cos * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = cos * vkp - sin * vkq;
          v[k * n + q] = sin * vkp + cos * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}
