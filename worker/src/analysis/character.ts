import { type Calibration, calibrate, calibratedScore, topKMean } from "./calibration.ts";
import { rgbToLab } from "./color.ts";
import type { ContrastSet } from "./contrast.ts";
import { cosine, type StyleDescriptor } from "./descriptor.ts";
import { cropRgb, loadRgb, type RgbImage } from "./image.ts";
import { INK_LUMA_MAX } from "./style-scale.ts";

/**
 * Character consistency: does the character's region of a generated panel look like the
 * character's references? Two measurements, each calibrated on the references (calibration.ts):
 *
 *   colour (weight 0.85): a Lab colour histogram (3 L x 8 a x 8 b bins: hue and chroma matter
 *     more than lightness, which lighting changes) of the region, weighted toward its centre,
 *     ink left out, with the colours of the region's surroundings taken away (background
 *     subtraction), compared by Bhattacharyya overlap; in a sketch the palette is most of a
 *     character's identity;
 *   descriptor (weight 0.15): cosine of the region's style descriptor with the references' (it
 *     follows drawing style more than identity, so it only nudges).
 *
 * References are assumed to show the character roughly centred (as anchors do); their central
 * box (x 20-80%, y 5-100%) is what is compared.
 */

export const COLOUR_WEIGHT = 0.85;
export const DESCRIPTOR_WEIGHT = 0.15;
const L_BINS = 3;
const AB_BINS = 8;
const AB_RANGE = 64;
const REFERENCE_BOX = { x: 0.2, y: 0.05, width: 0.6, height: 0.95 } as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CharacterReferenceSet {
  characterId: string;
  modelId: string;
  histograms: Float32Array[];
  descriptors: Float32Array[];
  colourCalibration: Calibration;
  descriptorCalibration: Calibration;
}

export interface CharacterScore {
  characterId: string;
  /** Calibrated, 0..1. */
  score: number;
  colour: number;
  descriptor: number;
  colourRaw: number;
  descriptorRaw: number;
}

/** Centre-weighted (or flat) Lab histogram of an image (ink left out), summing to 1. */
export function colourHistogram(image: RgbImage, centreWeighted = true): Float32Array {
  const hist = new Float32Array(L_BINS * AB_BINS * AB_BINS);
  const { width, height, data } = image;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const sx = centreWeighted ? Math.max(1, width * 0.35) : Number.POSITIVE_INFINITY;
  const sy = centreWeighted ? Math.max(1, height * 0.35) : Number.POSITIVE_INFINITY;
  const cache = new Map<number, number>();
  let total = 0;
  for (let y = 0; y < height; y++) {
    const wy = Math.exp(-((y - cy) ** 2) / (2 * sy * sy));
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      if (0.2126 * r + 0.7152 * g + 0.0722 * b < INK_LUMA_MAX) continue;
      const key = (r << 16) | (g << 8) | b;
      let bin = cache.get(key);
      if (bin === undefined) {
        const [l, a, bb] = rgbToLab(r, g, b);
        const li = Math.min(L_BINS - 1, Math.max(0, Math.floor((l / 100) * L_BINS)));
        const ai = Math.min(
          AB_BINS - 1,
          Math.max(0, Math.floor(((a + AB_RANGE) / (2 * AB_RANGE)) * AB_BINS)),
        );
        const bi = Math.min(
          AB_BINS - 1,
          Math.max(0, Math.floor(((bb + AB_RANGE) / (2 * AB_RANGE)) * AB_BINS)),
        );
        bin = (li * AB_BINS + ai) * AB_BINS + bi;
        cache.set(key, bin);
      }
      const w = wy * Math.exp(-((x - cx) ** 2) / (2 * sx * sx));
      hist[bin]! += w;
      total += w;
    }
  }
  if (total > 0) for (let i = 0; i < hist.length; i++) hist[i]! /= total;
  return hist;
}

/** Share of the surroundings' histogram taken out of the region's. */
const BACKGROUND_SUBTRACTION = 0.8;

/**
 * The region's colours with its surroundings' colours taken out: the box histogram minus
 * BACKGROUND_SUBTRACTION x the histogram of a frame around the box (half the box's size on each
 * side), floored at 0 and renormalised. What remains is mostly the figure.
 */
export function figureHistogram(image: RgbImage, box: Box): Float32Array {
  const region = colourHistogram(cropRgb(image, box));
  const outer = {
    x: box.x - box.width * 0.5,
    y: box.y - box.height * 0.5,
    width: box.width * 2,
    height: box.height * 2,
  };
  const clipped = cropRgb(image, outer);
  const around = colourHistogram(clipped, false);
  // The frame's histogram still includes the box; remove it by area.
  const inner = colourHistogram(cropRgb(image, box), false);
  const boxShare = Math.min(0.95, (box.width * box.height) / Math.max(1, clipped.width * clipped.height));
  const out = new Float32Array(region.length);
  let total = 0;
  for (let i = 0; i < out.length; i++) {
    const ring = Math.max(0, (around[i]! - boxShare * inner[i]!) / (1 - boxShare));
    const v = Math.max(0, region[i]! - BACKGROUND_SUBTRACTION * ring);
    out[i] = v;
    total += v;
  }
  if (total <= 1e-6) return region;
  for (let i = 0; i < out.length; i++) out[i]! /= total;
  return out;
}

/** Bhattacharyya coefficient of two normalised histograms: 1 identical, 0 disjoint. */
export function histogramOverlap(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.sqrt(a[i]! * b[i]!);
  return s;
}

function relativeBox(image: RgbImage, box: typeof REFERENCE_BOX | Box, relative: boolean): Box {
  return relative
    ? {
        x: box.x * image.width,
        y: box.y * image.height,
        width: box.width * image.width,
        height: box.height * image.height,
      }
    : box;
}

/**
 * Prepares a character's references (reference images and approved anchors) for scoring:
 * histograms, descriptors and both calibrations. Cache the result per character.
 */
export async function prepareCharacterReferences(
  descriptor: StyleDescriptor,
  characterId: string,
  images: readonly Buffer[],
  contrast: ContrastSet,
): Promise<CharacterReferenceSet> {
  if (images.length === 0) throw new Error("a character needs at least one reference image");
  const decoded = await Promise.all(images.map((b) => loadRgb(b, 512)));
  const crops = decoded.map((img) => cropRgb(img, relativeBox(img, REFERENCE_BOX, true)));
  const histograms = decoded.map((img) => figureHistogram(img, relativeBox(img, REFERENCE_BOX, true)));
  const descriptors = await descriptor.describe(crops);
  // One reference: reframed and relit versions of it stand in for other references.
  const variants: { image: RgbImage; box: Box }[] = [];
  if (decoded.length === 1) {
    const only = decoded[0]!;
    for (const box of [
      { ...REFERENCE_BOX, x: REFERENCE_BOX.x - 0.15 },
      { ...REFERENCE_BOX, x: REFERENCE_BOX.x + 0.15 },
      { x: 0.3, y: 0.2, width: 0.4, height: 0.8 },
    ]) {
      variants.push({ image: only, box: relativeBox(only, box, true) });
    }
    for (const gain of [0.8, 1.2])
      variants.push({ image: relit(only, gain), box: relativeBox(only, REFERENCE_BOX, true) });
  }
  const variantHistograms = variants.map((v) => figureHistogram(v.image, v.box));
  const variantDescriptors = variants.length
    ? await descriptor.describe(variants.map((v) => cropRgb(v.image, v.box)))
    : [];
  return {
    characterId,
    modelId: descriptor.modelId,
    histograms,
    descriptors,
    colourCalibration: calibrate(
      histograms,
      histogramOverlap,
      contrast.figures.map((f) => colourHistogram(f)),
      variantHistograms,
    ),
    descriptorCalibration: calibrate(descriptors, cosine, contrast.figureDescriptors, variantDescriptors),
  };
}

/** Scores the character's box in a generated picture against its prepared references. */
export async function characterConsistency(
  descriptor: StyleDescriptor,
  picture: RgbImage,
  box: Box,
  references: CharacterReferenceSet,
): Promise<CharacterScore> {
  if (references.modelId !== descriptor.modelId) {
    throw new Error(`references were prepared with ${references.modelId}, not ${descriptor.modelId}`);
  }
  const region = cropRgb(picture, box);
  const histogram = figureHistogram(picture, box);
  const regionDescriptor = await descriptor.describeOne(region);
  const colourRaw = topKMean(references.histograms.map((h) => histogramOverlap(histogram, h)));
  const descriptorRaw = topKMean(references.descriptors.map((d) => cosine(regionDescriptor, d)));
  const colour = calibratedScore(colourRaw, references.colourCalibration);
  const descriptorScore = calibratedScore(descriptorRaw, references.descriptorCalibration);
  return {
    characterId: references.characterId,
    score: COLOUR_WEIGHT * colour + DESCRIPTOR_WEIGHT * descriptorScore,
    colour,
    descriptor: descriptorScore,
    colourRaw,
    descriptorRaw,
  };
}

/** The image with every channel scaled by `gain` (a lighting change). */
function relit(image: RgbImage, gain: number): RgbImage {
  const data = Buffer.alloc(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.min(255, Math.round(image.data[i]! * gain));
  return { data, width: image.width, height: image.height };
}
