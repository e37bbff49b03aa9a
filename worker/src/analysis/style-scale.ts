/**
 * The one mapping between the style lock's numbers and pixels, used both ways: the sketch engine
 * draws with it and the analysis reads pictures back through it, so "line weight 0.6" means the
 * same stroke width in a render and in its measurement.
 */

/** Long side (px) the style numbers are defined at; other sizes scale linearly. */
export const REFERENCE_LONG_SIDE_PX = 768;

/** Ink stroke width at line weight 0 and 1 on a 768 px long side. */
export const MIN_STROKE_PX = 1.5;
export const MAX_STROKE_PX = 10;

export function strokeWidthForLineWeight(lineWeight: number, longSidePx: number): number {
  const w = MIN_STROKE_PX + (MAX_STROKE_PX - MIN_STROKE_PX) * clamp01(lineWeight);
  return (w * longSidePx) / REFERENCE_LONG_SIDE_PX;
}

export function lineWeightForStrokeWidth(widthPx: number, longSidePx: number): number {
  const w = (widthPx * REFERENCE_LONG_SIDE_PX) / longSidePx;
  return clamp01((w - MIN_STROKE_PX) / (MAX_STROKE_PX - MIN_STROKE_PX));
}

/** Pixels darker than this are ink (or spot blacks), not a tone level. */
export const INK_LUMA_MAX = 40;

export function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
