/** Small image filters on single-channel float planes (row-major, width x height). */

/**
 * Running max (or min) over a (2r+1) square window, separably along rows then columns, with the
 * van Herk / Gil-Werman scheme: three comparisons per pixel whatever the window size.
 * Pixels outside the image do not count.
 */
export function rankFilter(
  src: Float32Array,
  width: number,
  height: number,
  radius: number,
  mode: "max" | "min",
): Float32Array {
  // min(x) = -max(-x): run the max filter on negated values for a min filter.
  const sign = mode === "max" ? 1 : -1;
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  const size = Math.max(width, height);
  const line = new Float32Array(size);
  const result = new Float32Array(size);
  const prefix = new Float32Array(size + 2 * radius);
  const suffix = new Float32Array(size + 2 * radius);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) line[x] = sign * src[y * width + x]!;
    maxFilterLine(line, width, radius, prefix, suffix, result);
    for (let x = 0; x < width; x++) tmp[y * width + x] = result[x]!;
  }
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) line[y] = tmp[y * width + x]!;
    maxFilterLine(line, height, radius, prefix, suffix, result);
    for (let y = 0; y < height; y++) out[y * width + x] = sign * result[y]!;
  }
  return out;
}

/** 1-D running max of `line[0..n)` with window 2r+1 into `result`, using scratch arrays. */
function maxFilterLine(
  line: Float32Array,
  n: number,
  r: number,
  prefix: Float32Array,
  suffix: Float32Array,
  result: Float32Array,
): void {
  const w = 2 * r + 1;
  const padded = n + 2 * r;
  const at = (i: number) => (i < r || i >= n + r ? Number.NEGATIVE_INFINITY : line[i - r]!);
  for (let i = 0; i < padded; i++) prefix[i] = i % w === 0 ? at(i) : Math.max(prefix[i - 1]!, at(i));
  for (let i = padded - 1; i >= 0; i--) {
    suffix[i] = i % w === w - 1 || i === padded - 1 ? at(i) : Math.max(suffix[i + 1]!, at(i));
  }
  // Window [i, i + w - 1] in padded coordinates covers output i.
  for (let i = 0; i < n; i++) result[i] = Math.max(suffix[i]!, prefix[i + w - 1]!);
}

/** Grey-level closing (dilate then erode): fills dark structures narrower than the window. */
export function closing(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  return rankFilter(rankFilter(src, width, height, radius, "max"), width, height, radius, "min");
}

/** Sobel gradient magnitude, scaled so a hard 0 -> 255 step reads about 255. */
export function sobelMagnitude(src: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const a = src[i - width - 1]!;
      const b = src[i - width]!;
      const c = src[i - width + 1]!;
      const d = src[i - 1]!;
      const f = src[i + 1]!;
      const g = src[i + width - 1]!;
      const h = src[i + width]!;
      const k = src[i + width + 1]!;
      const gx = c + 2 * f + k - (a + 2 * d + g);
      const gy = g + 2 * h + k - (a + 2 * b + c);
      out[i] = Math.hypot(gx, gy) / 4;
    }
  }
  return out;
}

/** Binary dilation of a 0/1 mask by a square of radius r. */
export function dilateMask(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const tmp = new Uint8Array(mask.length);
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    let last = -1_000_000;
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x]) last = x;
      if (x - last <= radius) tmp[y * width + x] = 1;
    }
    last = 1_000_000;
    for (let x = width - 1; x >= 0; x--) {
      if (mask[y * width + x]) last = x;
      if (last - x <= radius) tmp[y * width + x] = 1;
    }
  }
  for (let x = 0; x < width; x++) {
    let last = -1_000_000;
    for (let y = 0; y < height; y++) {
      if (tmp[y * width + x]) last = y;
      if (y - last <= radius) out[y * width + x] = 1;
    }
    last = 1_000_000;
    for (let y = height - 1; y >= 0; y--) {
      if (tmp[y * width + x]) last = y;
      if (last - y <= radius) out[y * width + x] = 1;
    }
  }
  return out;
}

/**
 * For every set pixel of the mask, the shortest run of set pixels through it along the four
 * directions (0, 90, 45, 135 degrees), as a length in px (diagonal steps count sqrt 2).
 * Across a straight stroke the shortest run is the stroke's width, wherever the pixel sits in it.
 */
export function shortestRuns(mask: Uint8Array, width: number, height: number): Float32Array {
  const out = new Float32Array(mask.length).fill(Number.POSITIVE_INFINITY);
  const directions: [number, number, number][] = [
    [1, 0, 1],
    [0, 1, 1],
    [1, 1, Math.SQRT2],
    [1, -1, Math.SQRT2],
  ];
  const run: number[] = [];
  for (const [dx, dy, step] of directions) {
    // Start every line of this direction from the border pixels it enters through.
    const starts: [number, number][] = [];
    if (dx === 1 && dy === 0) for (let y = 0; y < height; y++) starts.push([0, y]);
    else if (dx === 0) for (let x = 0; x < width; x++) starts.push([x, 0]);
    else if (dy === 1) {
      for (let x = 0; x < width; x++) starts.push([x, 0]);
      for (let y = 1; y < height; y++) starts.push([0, y]);
    } else {
      for (let x = 0; x < width; x++) starts.push([x, height - 1]);
      for (let y = 0; y < height - 1; y++) starts.push([0, y]);
    }
    for (const [sx, sy] of starts) {
      let x = sx;
      let y = sy;
      run.length = 0;
      const flush = () => {
        const length = run.length * step;
        for (const p of run) if (length < out[p]!) out[p] = length;
        run.length = 0;
      };
      while (x >= 0 && x < width && y >= 0 && y < height) {
        const p = y * width + x;
        if (mask[p]) run.push(p);
        else if (run.length) flush();
        x += dx;
        y += dy;
      }
      if (run.length) flush();
    }
  }
  return out;
}

export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
