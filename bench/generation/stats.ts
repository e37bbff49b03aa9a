/**
 * Wall-clock time in ms with sub-ms precision. `performance.timeOrigin` is the wall clock when the
 * process started and `performance.now()` the monotonic time since, so two processes on one
 * machine agree to well under a millisecond unless the clock is stepped between their starts
 * (the worker stamps its reports with the same expression).
 */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface Summary {
  n: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
}

/** Nearest-rank percentile of sorted samples (with n < 100, p99 is the maximum). */
function percentile(sorted: number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export function summarize(samples: number[]): Summary | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    meanMs: round(sorted.reduce((s, v) => s + v, 0) / sorted.length),
    p50Ms: round(percentile(sorted, 0.5)),
    p95Ms: round(percentile(sorted, 0.95)),
    p99Ms: round(percentile(sorted, 0.99)),
    minMs: round(sorted[0]!),
    maxMs: round(sorted.at(-1)!),
  };
}

export const mean = (xs: number[]): number => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : NaN);

/** a / b rounded to 2 places; null when either side is missing or b is 0. */
export function ratio(a: number | undefined, b: number | undefined): number | null {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0)
    return null;
  return Math.round((a / b) * 100) / 100;
}

export const fmtMs = (ms: number | undefined | null): string =>
  ms === undefined || ms === null || !Number.isFinite(ms) ? "       -" : `${ms.toFixed(1).padStart(8)}`;

export const fmtX = (x: number | null): string => (x === null ? "     -" : `${x.toFixed(2).padStart(5)}x`);
