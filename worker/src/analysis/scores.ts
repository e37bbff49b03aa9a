import { THRESHOLDS } from "@comic-studio/shared";
import { type Calibration, calibrate, calibratedScore, topKMean } from "./calibration.ts";
import {
  type Box,
  type CharacterReferenceSet,
  type CharacterScore,
  characterConsistency,
} from "./character.ts";
import type { ContrastSet } from "./contrast.ts";
import { cosine, type StyleDescriptor } from "./descriptor.ts";
import { cropRgb, imageSize, loadRgb, type RgbImage } from "./image.ts";

/**
 * The plan's quality control for panel variations: style consistency against the project's style
 * references, character consistency against each character's references, an overall weighted
 * average, the best variation, and whether the auto-regenerate thresholds were missed.
 */

export interface StyleReferenceSet {
  modelId: string;
  descriptors: Float32Array[];
  calibration: Calibration;
}

/** One reference: its crops (corners at 80%, a centre at 70%) stand in for other references. */
const AUGMENT_BOXES = [
  { x: 0, y: 0, width: 0.8, height: 0.8 },
  { x: 0.2, y: 0, width: 0.8, height: 0.8 },
  { x: 0, y: 0.2, width: 0.8, height: 0.8 },
  { x: 0.2, y: 0.2, width: 0.8, height: 0.8 },
  { x: 0.15, y: 0.15, width: 0.7, height: 0.7 },
] as const;

/** Descriptors and calibration of a project's style references (cache per project style). */
export async function prepareStyleReferences(
  descriptor: StyleDescriptor,
  images: readonly (Buffer | RgbImage)[],
  contrast: ContrastSet,
): Promise<StyleReferenceSet> {
  if (images.length === 0) throw new Error("style scoring needs at least one reference image");
  if (contrast.modelId !== descriptor.modelId) throw new Error("contrast set was built with another model");
  const descriptors = await descriptor.describe(images);
  let augmented: Float32Array[] = [];
  if (images.length === 1) {
    const only = images[0]!;
    const image = Buffer.isBuffer(only) ? await loadRgb(only) : only;
    augmented = await descriptor.describe(
      AUGMENT_BOXES.map((b) =>
        cropRgb(image, {
          x: b.x * image.width,
          y: b.y * image.height,
          width: b.width * image.width,
          height: b.height * image.height,
        }),
      ),
    );
  }
  return {
    modelId: descriptor.modelId,
    descriptors,
    calibration: calibrate(descriptors, cosine, contrast.descriptors, augmented),
  };
}

export interface StyleScore {
  /** Calibrated, 0..1. */
  score: number;
  /** Mean cosine to the closest references. */
  raw: number;
}

export function styleConsistency(candidate: Float32Array, references: StyleReferenceSet): StyleScore {
  const raw = topKMean(references.descriptors.map((d) => cosine(candidate, d)));
  return { score: calibratedScore(raw, references.calibration), raw };
}

export type QualityCheck = "styleConsistency" | "characterConsistency";

export interface VariationScores {
  index: number;
  style: StyleScore | null;
  characters: CharacterScore[];
  /** The weakest character's score (the panel is as consistent as its worst character). */
  character: number | null;
  /** Mean of style and character scores (equal weights when both exist). */
  overall: number | null;
  /** Checks below an auto-regenerate threshold. */
  regenerate: QualityCheck[];
  /** Checks below a flag-for-user threshold. */
  flags: QualityCheck[];
}

export interface ScoreReport {
  variations: VariationScores[];
  /** Index of the variation to highlight (highest overall; the first when nothing is scored). */
  best: number;
  /** True when every variation misses an auto-regenerate check: the plan regenerates once. */
  autoRegenerate: boolean;
  /** True when the best variation's overall score is under the plan's overall bar. */
  belowOverall: boolean;
  thresholds: typeof SCORE_THRESHOLDS;
}

export interface ScoreVariationsInput {
  descriptor: StyleDescriptor;
  /** PNG/JPEG of each variation, in order. */
  variations: readonly Buffer[];
  /** The project's style references; null when the project has none (style is then not scored). */
  style?: StyleReferenceSet | null;
  /** The panel's characters: prepared references and where each stands (px of the variation). */
  characters?: readonly { references: CharacterReferenceSet; box: Box }[];
}

/**
 * The plan's quality-control table (shared THRESHOLDS) applied to what we can measure:
 * - style consistency (style embedding) below 0.80: auto-regenerate;
 * - character consistency is a palette-and-descriptor comparison, which is the plan's
 *   "clothing match" row (0.75, flag for the user), not its face-embedding row: we have no face
 *   model, and claiming face-match semantics would overstate it;
 * - overall (weighted average) 0.80: only decides what to highlight.
 */
export const SCORE_THRESHOLDS = {
  styleConsistency: THRESHOLDS.styleConsistency,
  characterConsistency: THRESHOLDS.clothingMatch,
  overall: THRESHOLDS.overall,
} as const;

export async function scoreVariations(input: ScoreVariationsInput): Promise<ScoreReport> {
  const { descriptor } = input;
  const style = input.style ?? null;
  const characters = input.characters ?? [];
  if (style && style.modelId !== descriptor.modelId) {
    throw new Error(`style references were prepared with ${style.modelId}, not ${descriptor.modelId}`);
  }
  const pictures = await Promise.all(input.variations.map((png) => loadRgb(png)));
  const sizes = await Promise.all(input.variations.map((png) => imageSize(png)));
  const styleDescriptors = style ? await descriptor.describe(pictures) : [];
  const variations: VariationScores[] = [];
  for (const [index, picture] of pictures.entries()) {
    const styleScore = style ? styleConsistency(styleDescriptors[index]!, style) : null;
    const characterScores: CharacterScore[] = [];
    for (const c of characters) {
      const k = picture.width / sizes[index]!.width;
      const box = { x: c.box.x * k, y: c.box.y * k, width: c.box.width * k, height: c.box.height * k };
      characterScores.push(await characterConsistency(descriptor, picture, box, c.references));
    }
    const character = characterScores.length ? Math.min(...characterScores.map((c) => c.score)) : null;
    const parts = [styleScore?.score, character ?? undefined].filter((v): v is number => v !== undefined);
    const overall = parts.length ? parts.reduce((s, v) => s + v, 0) / parts.length : null;
    const regenerate: QualityCheck[] = [];
    const flags: QualityCheck[] = [];
    if (styleScore && styleScore.score < SCORE_THRESHOLDS.styleConsistency)
      regenerate.push("styleConsistency");
    if (character !== null && character < SCORE_THRESHOLDS.characterConsistency)
      flags.push("characterConsistency");
    variations.push({
      index,
      style: styleScore,
      characters: characterScores,
      character,
      overall,
      regenerate,
      flags,
    });
  }
  let best = 0;
  for (const v of variations) if ((v.overall ?? -1) > (variations[best]!.overall ?? -1)) best = v.index;
  const scored = variations.some((v) => v.overall !== null);
  return {
    variations,
    best,
    autoRegenerate: scored && variations.every((v) => v.regenerate.length > 0),
    belowOverall: scored && (variations[best]!.overall ?? 0) < SCORE_THRESHOLDS.overall,
    thresholds: SCORE_THRESHOLDS,
  };
}
