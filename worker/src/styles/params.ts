import type { StyleParams } from "../engines/types.ts";
import type { StyleReport } from "./report.ts";

/** Tone levels an engine is given for a soft-shaded style (the engines posterise to 2..8 levels). */
export const SOFT_SHADING_LEVELS = 7;
const PALETTE_COLOURS = 5;
/**
 * Chroma a sketch render at saturation 1 measures on average (the catalogue's saturation-1 styles
 * across its sample scenes measure 25-40): measured chroma over this is the saturation to draw with.
 */
export const CHROMA_AT_SATURATION_1 = 30;

/**
 * The style lock an extracted or imported style drives generation with. The style scale is shared
 * by the sketch engine and the measurements (analysis/style-scale.ts), so a report read from a
 * render maps back to the numbers it was drawn with; soft shading becomes many levels.
 */
export function styleParamsFromReport(report: StyleReport): StyleParams {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const shadingLevels =
    report.shading.kind === "soft"
      ? Math.max(SOFT_SHADING_LEVELS, clamp(report.shading.toneLevels, 2, 8))
      : clamp(Math.round(report.shading.toneLevels) || 4, 2, 8);
  return {
    lineWeight: clamp(report.lineWeight.value, 0, 1),
    warmth: clamp(report.warmth.value, -1, 1),
    detail: clamp(report.detail.value, 0, 1),
    shadingLevels,
    palette: report.palette.slice(0, PALETTE_COLOURS).map((s) => s.hex),
    saturation: Math.round(clamp(report.colour.chroma / CHROMA_AT_SATURATION_1, 0, 1.5) * 100) / 100,
  };
}
