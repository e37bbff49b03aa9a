import { closing, median, shortestRuns } from "./filters.ts";

/**
 * Ink: thin dark structures. A grey-level closing wipes out dark things narrower than its window
 * (lines) but leaves wide dark areas (a night sky, a dark coat) alone, so `closing - luma` (the
 * black top-hat) is high on lines only. The window is sized for the thickest stroke the style
 * scale allows.
 */
export const INK_TOPHAT_MIN = 30;
export const INK_LUMA_CEILING = 150;

export function inkRadius(longSide: number): number {
  return Math.max(3, Math.ceil((7 * longSide) / 768));
}

export function inkMask(luma: Float32Array, width: number, height: number): Uint8Array {
  const closed = closing(luma, width, height, inkRadius(Math.max(width, height)));
  const mask = new Uint8Array(luma.length);
  for (let i = 0; i < luma.length; i++) {
    const y = luma[i]!;
    if (y < INK_LUMA_CEILING && closed[i]! - y > INK_TOPHAT_MIN) mask[i] = 1;
  }
  return mask;
}

export interface LineMeasurement {
  /** Median stroke width of the ink, px at the analysed size; NaN when there is no ink. */
  widthPx: number;
  /** Share of pixels that are ink. */
  coverage: number;
}

/**
 * Stroke width as the median, over ink pixels, of the shortest run of ink through the pixel in
 * four directions: across a straight stroke that run is the stroke's width wherever the pixel is.
 * Anti-aliased edges are split at the ink threshold, so the estimate is within about 1 px.
 */
export function measureLines(mask: Uint8Array, width: number, height: number): LineMeasurement {
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i]!;
  if (count === 0) return { widthPx: Number.NaN, coverage: 0 };
  const runs = shortestRuns(mask, width, height);
  const values = new Float32Array(count);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) values[k++] = runs[i]!;
  return { widthPx: median(values), coverage: count / mask.length };
}
