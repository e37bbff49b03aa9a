import { deltaE, type Lab, labToRgb, rgbToHex } from "../analysis/color.ts";
import type { StyleMeasurements } from "../analysis/measure.ts";
import { REFERENCE_LONG_SIDE_PX } from "../analysis/style-scale.ts";

/**
 * The style card a creator sees: the interpretable measurements (analysis/measure.ts) of one or
 * several pictures, in numbers and words.
 */

export interface PaletteSwatch {
  hex: string;
  /** Share of the non-ink pixels nearest this colour, 0..1 (the swatches sum to 1). */
  share: number;
}

export type WarmthWord = "warm" | "neutral" | "cool";
export type LineWord = "no ink" | "hairline" | "fine" | "medium" | "bold" | "heavy";
export type DetailWord = "minimal" | "moderate" | "busy";
export type ColourWord = "monochrome" | "muted" | "natural" | "vivid";

export interface StyleReport {
  /** How many pictures the report combines. */
  images: number;
  /** Dominant colours, heaviest first (at most 6). */
  palette: PaletteSwatch[];
  /** -1 cool .. 1 warm. */
  warmth: { value: number; word: WarmthWord };
  /** Mean CIELAB chroma of the non-ink pixels (0 greyscale, ~30 everyday colour, 45+ vivid). */
  colour: { chroma: number; word: ColourWord };
  /**
   * Ink: `value` on the style scale 0..1; `strokePx` the median stroke width in px as if the
   * picture were 768 px on its long side (null without ink); `coverage` the share of ink pixels.
   */
  lineWeight: { value: number; strokePx: number | null; coverage: number; word: LineWord };
  /** Cel (a few flat tones) or soft (gradients); `toneLevels` the distinct flat tones counted. */
  shading: { kind: "cel" | "soft"; toneLevels: number; word: string };
  /** 0 sparse .. 1 busy (edge density on the style scale). */
  detail: { value: number; edgeDensity: number; word: DetailWord };
  /** One line, e.g. "Soft shading, natural warm colours, fine lines, detailed". */
  summary: string;
}

/** Warmth beyond ±this reads as warm/cool. */
export const WARMTH_WORD_AT = 0.15;
/** Less ink than this share of pixels reads as "no ink". */
export const NO_INK_COVERAGE = 0.002;
/** Palette colours closer than this (CIE76) are one swatch when reports are combined. */
const SWATCH_MERGE_DELTA_E = 10;
const MAX_SWATCHES = 6;

export function warmthWord(value: number): WarmthWord {
  return value > WARMTH_WORD_AT ? "warm" : value < -WARMTH_WORD_AT ? "cool" : "neutral";
}

export function lineWord(lineWeight: number, coverage: number): LineWord {
  if (coverage < NO_INK_COVERAGE) return "no ink";
  if (lineWeight < 0.1) return "hairline";
  if (lineWeight < 0.35) return "fine";
  if (lineWeight < 0.6) return "medium";
  if (lineWeight < 0.85) return "bold";
  return "heavy";
}

/** Chroma below these reads as monochrome / muted / natural; above the last, vivid. */
export const CHROMA_WORDS_AT = { monochrome: 6, muted: 20, natural: 40 } as const;

export function colourWord(chroma: number): ColourWord {
  if (chroma < CHROMA_WORDS_AT.monochrome) return "monochrome";
  if (chroma < CHROMA_WORDS_AT.muted) return "muted";
  if (chroma < CHROMA_WORDS_AT.natural) return "natural";
  return "vivid";
}

export function detailWord(detail: number): DetailWord {
  return detail < 0.33 ? "minimal" : detail < 0.66 ? "moderate" : "busy";
}

const DETAIL_PHRASE: Record<DetailWord, string> = {
  minimal: "sparse",
  moderate: "moderately detailed",
  busy: "detailed",
};

function shadingWord(kind: "cel" | "soft", levels: number): string {
  return kind === "cel" ? `cel shading, ${levels} tone${levels === 1 ? "" : "s"}` : "soft shading";
}

function summarise(r: Omit<StyleReport, "summary">): string {
  const shading = r.shading.kind === "cel" ? `Cel shading (${r.shading.toneLevels} tones)` : "Soft shading";
  const lines = r.lineWeight.word === "no ink" ? "no ink lines" : `${r.lineWeight.word} lines`;
  const colours = r.colour.word === "monochrome" ? "monochrome" : `${r.colour.word} ${r.warmth.word} colours`;
  return `${shading}, ${colours}, ${lines}, ${DETAIL_PHRASE[r.detail.word]}`;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** The report of one picture. */
export function styleReport(m: StyleMeasurements): StyleReport {
  return combineReports([m]);
}

/**
 * The report of several pictures of one style: numbers are means, the tone count the median of
 * the cel-shaded pictures, the shading kind the majority (cel on a tie: flat tones are the more
 * deliberate choice), the palette the pooled swatches, near-duplicates merged.
 */
export function combineReports(all: readonly StyleMeasurements[]): StyleReport {
  if (all.length === 0) throw new Error("a style report needs at least one picture");
  const mean = (f: (m: StyleMeasurements) => number) => all.reduce((s, m) => s + f(m), 0) / all.length;
  const cel = all.filter((m) => m.shading === "cel");
  const kind: "cel" | "soft" = cel.length * 2 >= all.length ? "cel" : "soft";
  const levels = median((kind === "cel" ? cel : all).map((m) => m.toneLevels));
  const withInk = all.filter((m) => !Number.isNaN(m.lineWidthPx));
  const strokePx = withInk.length
    ? round(
        withInk.reduce(
          (s, m) => s + (m.lineWidthPx * REFERENCE_LONG_SIDE_PX) / Math.max(m.width, m.height),
          0,
        ) / withInk.length,
        1,
      )
    : null;
  const warmth = mean((m) => m.warmth);
  const lineWeight = mean((m) => m.lineWeight);
  const coverage = mean((m) => m.inkCoverage);
  const detail = mean((m) => m.detail);
  const chroma = mean((m) => m.chroma ?? 0);
  const base: Omit<StyleReport, "summary"> = {
    images: all.length,
    palette: poolPalettes(all),
    warmth: { value: round(warmth), word: warmthWord(warmth) },
    colour: { chroma: round(chroma, 1), word: colourWord(chroma) },
    lineWeight: {
      value: round(lineWeight),
      strokePx,
      coverage: round(coverage, 4),
      word: lineWord(lineWeight, coverage),
    },
    shading: { kind, toneLevels: levels, word: shadingWord(kind, levels) },
    detail: {
      value: round(detail),
      edgeDensity: round(
        mean((m) => m.edgeDensity),
        4,
      ),
      word: detailWord(detail),
    },
  };
  return { ...base, summary: summarise(base) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

function poolPalettes(all: readonly StyleMeasurements[]): PaletteSwatch[] {
  let pool: { lab: Lab; weight: number }[] = [];
  for (const m of all) for (const c of m.palette) pool.push({ lab: c.lab, weight: c.weight / all.length });
  pool.sort((a, b) => b.weight - a.weight);
  // Greedy merge into the heavier swatch (weighted mean in Lab), heaviest first.
  const merged: { lab: Lab; weight: number }[] = [];
  for (const c of pool) {
    const near = merged.find((m) => deltaE(m.lab, c.lab) < SWATCH_MERGE_DELTA_E);
    if (!near) {
      merged.push({ ...c });
      continue;
    }
    const w = near.weight + c.weight;
    near.lab = [
      (near.lab[0] * near.weight + c.lab[0] * c.weight) / w,
      (near.lab[1] * near.weight + c.lab[1] * c.weight) / w,
      (near.lab[2] * near.weight + c.lab[2] * c.weight) / w,
    ];
    near.weight = w;
  }
  pool = merged.sort((a, b) => b.weight - a.weight).slice(0, MAX_SWATCHES);
  const total = pool.reduce((s, c) => s + c.weight, 0) || 1;
  return pool.map((c) => ({
    hex: rgbToHex(labToRgb(c.lab[0], c.lab[1], c.lab[2])),
    share: round(c.weight / total, 3),
  }));
}
