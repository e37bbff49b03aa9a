// Where a tall webtoon strip is cut into the images a platform accepts. Pure: unit-tested.

/** A vertical span that should stay in one slice (a panel), [top, bottom) in strip pixels. */
export interface Span {
  top: number;
  bottom: number;
}

export interface SlicePlan {
  /** Slice boundaries from 0 to the strip height: slice i is [cuts[i], cuts[i + 1]). */
  cuts: number[];
  /** Cuts that had to go through a span (a panel taller than the window could hold). */
  throughSpans: number[];
}

export interface SliceOptions {
  /** Tallest slice, px. */
  maxSliceHeightPx: number;
  /**
   * How far above the tallest possible cut a gutter still counts as near, px: a gutter within
   * this window is used instead of cutting through a panel. Default half the slice height.
   */
  nearPx?: number;
  /**
   * Spans a forced cut (through a panel) must still avoid when it can: the lines of a bubble's
   * text. The cut moves up to the nearest place between them within the window.
   */
  keepWhole?: Span[];
}

/** The gaps between spans (and above the first, below the last) inside [0, height]. */
export function gutters(height: number, spans: Span[]): Span[] {
  const sorted = [...spans]
    .map((s) => ({ top: Math.max(0, s.top), bottom: Math.min(height, s.bottom) }))
    .filter((s) => s.bottom > s.top)
    .sort((a, b) => a.top - b.top);
  const out: Span[] = [];
  let y = 0;
  // Spans that touch leave a zero-height gutter: still a clean place to cut.
  for (const s of sorted) {
    if (s.top >= y) out.push({ top: y, bottom: s.top });
    y = Math.max(y, s.bottom);
  }
  if (height >= y) out.push({ top: y, bottom: height });
  return out;
}

/** True when a cut at `y` passes through the inside of a span. */
export function cutsThrough(y: number, spans: Span[]): boolean {
  return spans.some((s) => s.top < y && y < s.bottom);
}

/**
 * The lowest y in [low, y] that cuts through none of `keep` (text lines), or `y` when every
 * place in reach cuts one (a text block taller than a slice).
 */
export function clearOf(y: number, low: number, keep: Span[]): number {
  let cut = y;
  // Each step moves the cut above one span it hit; spans only ever push it upwards.
  for (let guard = 0; guard <= keep.length; guard++) {
    const hit = keep.find((s) => s.top < cut && cut < s.bottom);
    if (!hit) return cut;
    cut = Math.floor(hit.top);
    if (cut < low) return y;
  }
  return y;
}

/**
 * Cuts a strip of `height` px into slices no taller than the limit. Each cut goes in the middle
 * of the lowest gutter within reach (so slices are as tall as the platform allows and panels
 * stay whole); only where no gutter is near does a cut go through a panel, at the limit.
 */
export function planSlices(height: number, spans: Span[], options: SliceOptions): SlicePlan {
  const max = Math.floor(options.maxSliceHeightPx);
  if (!(max >= 1)) throw new RangeError("maxSliceHeightPx must be at least 1");
  const near = Math.max(0, Math.min(max - 1, Math.floor(options.nearPx ?? max / 2)));
  const gaps = gutters(height, spans);
  const cuts = [0];
  const throughSpans: number[] = [];
  let start = 0;
  while (height - start > max) {
    const limit = start + max;
    const windowTop = Math.max(start + 1, limit - near);
    let cut: number | null = null;
    for (const g of gaps) {
      const lo = Math.max(g.top, windowTop);
      const hi = Math.min(g.bottom, limit);
      if (lo > hi) continue;
      const mid = Math.round((g.top + g.bottom) / 2);
      const candidate = Math.min(hi, Math.max(lo, mid));
      if (cut === null || candidate > cut) cut = candidate;
    }
    if (cut === null) {
      cut = clearOf(limit, Math.max(start + 1, limit - (max - 1)), options.keepWhole ?? []);
      if (cutsThrough(cut, spans)) throughSpans.push(cut);
    }
    cuts.push(cut);
    start = cut;
  }
  if (height > 0) cuts.push(height);
  return { cuts, throughSpans };
}
