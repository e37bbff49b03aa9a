import sharp from "sharp";
import type { StyleParams } from "../engines/types.ts";
import { labWarmth, rgbToLab } from "./color.ts";
import { sobelMagnitude } from "./filters.ts";
import { loadRgb, lumaPlane, type RgbImage } from "./image.ts";
import { inkMask, measureLines } from "./lines.ts";
import { extractPalette, type PaletteColour } from "./palette.ts";
import { clamp01, lineWeightForStrokeWidth } from "./style-scale.ts";
import { measureTone } from "./tone.ts";

/** The interpretable style taxonomy of one picture: what the UI shows in words and numbers. */
export interface StyleMeasurements {
  width: number;
  height: number;
  /** Dominant colours, heaviest first. */
  palette: PaletteColour[];
  /** -1 cool .. 1 warm: mean Lab warmth of the non-ink pixels, squashed by tanh. */
  warmth: number;
  /** Mean CIELAB chroma (C*) of the non-ink pixels: 0 for greyscale, about 30 for everyday colour. */
  chroma: number;
  /** Median ink stroke width, px at the analysed size (NaN without ink). */
  lineWidthPx: number;
  /** The same on the style scale, 0..1 (0 without ink). */
  lineWeight: number;
  /** Share of pixels that are ink. */
  inkCoverage: number;
  toneLevels: number;
  tonePeaks: number[];
  shading: "cel" | "soft";
  /** Share of pixels on an edge, measured at a 512 px long side. */
  edgeDensity: number;
  /** Edge density on the style scale, 0..1. */
  detail: number;
}

/** Long side edge density is measured at, so that it does not depend on resolution. */
export const DETAIL_SIDE_PX = 512;
/** Sobel magnitude an edge pixel must reach. */
export const EDGE_MAGNITUDE_MIN = 40;
/** Edge densities mapped to detail 0 and 1 (calibrated on sketch renders at detail 0 and 1). */
export const EDGE_DENSITY_AT_DETAIL_0 = 0.06;
export const EDGE_DENSITY_AT_DETAIL_1 = 0.16;
/** Lab warmth that maps to tanh(1) ~ 0.76. */
export const WARMTH_SCALE = 20;

export async function measureStyle(input: Buffer | RgbImage): Promise<StyleMeasurements> {
  const image = Buffer.isBuffer(input) ? await loadRgb(input) : input;
  const { width, height } = image;
  const luma = lumaPlane(image);
  const ink = inkMask(luma, width, height);
  const lines = measureLines(ink, width, height);
  const tone = measureTone(luma, ink, width, height);
  const notInk = new Uint8Array(ink.length);
  for (let i = 0; i < ink.length; i++) notInk[i] = ink[i] ? 0 : 1;
  const palette = extractPalette(image, { maxColours: 6, mask: notInk });
  const edgeDensity = await measureEdgeDensity(image);
  return {
    width,
    height,
    palette,
    warmth: measureWarmth(image, notInk),
    chroma: measureChroma(image, notInk),
    lineWidthPx: lines.widthPx,
    lineWeight: Number.isNaN(lines.widthPx)
      ? 0
      : lineWeightForStrokeWidth(lines.widthPx, Math.max(width, height)),
    inkCoverage: lines.coverage,
    toneLevels: tone.levels,
    tonePeaks: tone.peaks,
    shading: tone.shading,
    edgeDensity,
    detail: clamp01(
      (edgeDensity - EDGE_DENSITY_AT_DETAIL_0) / (EDGE_DENSITY_AT_DETAIL_1 - EDGE_DENSITY_AT_DETAIL_0),
    ),
  };
}

/** Mean Lab warmth (0.65 b* + 0.35 a*) over the masked pixels, squashed to -1..1. */
export function measureWarmth(image: RgbImage, mask?: Uint8Array): number {
  const cache = new Map<number, number>();
  let sum = 0;
  let count = 0;
  const pixels = image.width * image.height;
  const stride = Math.max(1, Math.floor(pixels / 65_536));
  for (let p = 0; p < pixels; p += stride) {
    if (mask && !mask[p]) continue;
    const i = p * 3;
    const key = (image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!;
    let w = cache.get(key);
    if (w === undefined) {
      w = labWarmth(rgbToLab(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!));
      cache.set(key, w);
    }
    sum += w;
    count++;
  }
  return count === 0 ? 0 : Math.tanh(sum / count / WARMTH_SCALE);
}

/** Mean Lab chroma over the masked pixels (strided to about 65k samples). */
export function measureChroma(image: RgbImage, mask?: Uint8Array): number {
  const cache = new Map<number, number>();
  let sum = 0;
  let count = 0;
  const pixels = image.width * image.height;
  const stride = Math.max(1, Math.floor(pixels / 65_536));
  for (let p = 0; p < pixels; p += stride) {
    if (mask && !mask[p]) continue;
    const i = p * 3;
    const key = (image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!;
    let c = cache.get(key);
    if (c === undefined) {
      const lab = rgbToLab(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!);
      c = Math.hypot(lab[1], lab[2]);
      cache.set(key, c);
    }
    sum += c;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

async function measureEdgeDensity(image: RgbImage): Promise<number> {
  const scale = DETAIL_SIDE_PX / Math.max(image.width, image.height);
  const width = Math.max(8, Math.round(image.width * scale));
  const height = Math.max(8, Math.round(image.height * scale));
  const grey = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: "fill" })
    .greyscale()
    .raw()
    .toBuffer();
  const plane = Float32Array.from(grey);
  const magnitude = sobelMagnitude(plane, width, height);
  let edges = 0;
  for (let i = 0; i < magnitude.length; i++) if (magnitude[i]! >= EDGE_MAGNITUDE_MIN) edges++;
  return edges / magnitude.length;
}

/** The measurements in words, for the style card the creator sees. */
export interface StyleWords {
  warmth: "warm" | "neutral" | "cool";
  lines: "no ink" | "hairline" | "fine" | "medium" | "bold" | "heavy";
  shading: string;
  detail: "minimal" | "moderate" | "busy";
  summary: string;
}

export function describeStyle(m: StyleMeasurements): StyleWords {
  const warmth = m.warmth > 0.15 ? "warm" : m.warmth < -0.15 ? "cool" : "neutral";
  const lines =
    m.inkCoverage < 0.002
      ? "no ink"
      : m.lineWeight < 0.1
        ? "hairline"
        : m.lineWeight < 0.35
          ? "fine"
          : m.lineWeight < 0.6
            ? "medium"
            : m.lineWeight < 0.85
              ? "bold"
              : "heavy";
  const shading =
    m.shading === "cel"
      ? `cel shading, ${m.toneLevels} tone${m.toneLevels === 1 ? "" : "s"}`
      : "soft shading";
  const detail = m.detail < 0.33 ? "minimal" : m.detail < 0.66 ? "moderate" : "busy";
  return {
    warmth,
    lines,
    shading,
    detail,
    summary: `${warmth} colours, ${lines} lines, ${shading}, ${detail} detail`,
  };
}

/** A style lock from measurements: what "apply this style" sets on the project. */
export function styleParamsFromMeasurements(m: StyleMeasurements): StyleParams {
  return {
    lineWeight: Math.round(m.lineWeight * 100) / 100,
    warmth: Math.round(Math.max(-1, Math.min(1, m.warmth)) * 100) / 100,
    detail: Math.round(m.detail * 100) / 100,
    shadingLevels: m.shading === "soft" ? 6 : Math.max(2, Math.min(8, m.toneLevels || 4)),
    palette: m.palette.slice(0, 5).map((c) => c.hex),
  };
}
