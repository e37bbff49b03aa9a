import { THRESHOLDS } from "@comic-studio/shared";
import type { RgbImage } from "../analysis/image.ts";
import { cctOf, luminance, mired, toLinear, type Vec3 } from "./color.ts";
import type { DepthMap } from "./depth.ts";
import type { RgbaImage } from "./layer.ts";
import type { LightEstimate } from "./light.ts";
import { ambientGain } from "./match.ts";
import { depthScale, type Placement } from "./place.ts";

/** The plan's "Composition quality: lighting harmony score" threshold (below it: re-composite). */
export const COMPOSITION_HARMONY_THRESHOLD = THRESHOLDS.compositionHarmony;

/**
 * Each term is 1 when the character agrees with the scene and falls as a Gaussian of the error,
 * calibrated so that an error at the tolerance below scores exactly the plan's 0.80: a composite
 * passes when no term is worse than about one tolerance. The tolerances are perceptual:
 */
/** Colour temperature: 40 mired (about 5000 K vs 6000 K), a cast people see on a pasted figure. */
export const TEMPERATURE_TOLERANCE_MIRED = 40;
/** Brightness against the scene's ambient: half a stop. */
export const AMBIENT_TOLERANCE_EV = 0.5;
/** Size against the ground plane at the feet: 15%. */
export const SCALE_TOLERANCE = 0.15;
/** Shadow term when a directional scene has no shadow at all (a "paper doll"), or on the wrong side. */
export const NO_SHADOW_SCORE = 0.6;
export const WRONG_SHADOW_SCORE = 0.35;
/** Share of a figure drawn over nearer scenery that costs 0.2 (the step from 1 to the threshold). */
const OCCLUSION_TOLERANCE_SHARE = 0.07;
const WEIGHTS = { temperature: 0.3, ambient: 0.2, shadow: 0.25, depth: 0.25 } as const;
/** Gaussian width that puts score 0.8 at an error of 1 tolerance: exp(-(1/s)^2) = 0.8. */
const AT_TOLERANCE = 1 / Math.sqrt(-Math.log(COMPOSITION_HARMONY_THRESHOLD));

export interface PlacedCharacter {
  /** The layer as drawn (scaled, before relighting and occlusion). */
  original: RgbaImage;
  /** The layer as composited. */
  layer: RgbaImage;
  left: number;
  top: number;
  placement: Placement;
  expectedScale: number;
}

export interface HarmonyTerms {
  temperature: number;
  ambient: number;
  shadow: number;
  depth: number;
  /** Character's illuminant temperature in the composite (its colour cast applied to D65), K. */
  characterCctK: number;
  score: number;
}

export interface HarmonyReport {
  /** Lighting-harmony score 0..1: the worst character's (1 with no characters). */
  score: number;
  passes: boolean;
  environmentCctK: number;
  characters: HarmonyTerms[];
}

function gaussian(errorInTolerances: number): number {
  return Math.exp(-((errorInTolerances / AT_TOLERANCE) ** 2));
}

/**
 * Lighting-harmony score of a composite. A character layer is taken as lit by neutral daylight
 * (D65) as drawn, so its illuminant in the composite is its colour cast relative to the layer:
 * the score compares that with the environment's estimated illuminant, its brightness change with
 * the scene's ambient level, its contact shadow with the light's direction, and its size and
 * visibility with the depth map.
 */
export function harmonyOf(
  environment: RgbImage,
  composite: RgbImage,
  depth: DepthMap,
  light: LightEstimate,
  placed: readonly PlacedCharacter[],
): HarmonyReport {
  // Pixels any figure covers say nothing about shadows (another figure is not a shadow).
  const covered = new Uint8Array(environment.width * environment.height);
  for (const p of placed) {
    for (let y = 0; y < p.layer.height; y++) {
      const py = p.top + y;
      if (py < 0 || py >= environment.height) continue;
      for (let x = 0; x < p.layer.width; x++) {
        const px = p.left + x;
        if (px < 0 || px >= environment.width) continue;
        if (p.layer.data[(y * p.layer.width + x) * 4 + 3]! > 0) covered[py * environment.width + px] = 1;
      }
    }
  }
  const feet = placed.map((p) => [p.placement.footX, p.placement.footY] as const);
  const characters = placed.map((p, i) =>
    termsOf(environment, composite, depth, light, p, covered, [...feet.slice(0, i), ...feet.slice(i + 1)]),
  );
  const score = characters.length === 0 ? 1 : Math.min(...characters.map((c) => c.score));
  return {
    score,
    passes: score >= COMPOSITION_HARMONY_THRESHOLD,
    environmentCctK: light.cctK,
    characters,
  };
}

function termsOf(
  environment: RgbImage,
  composite: RgbImage,
  depth: DepthMap,
  light: LightEstimate,
  p: PlacedCharacter,
  covered: Uint8Array,
  otherFeet: readonly (readonly [number, number])[],
): HarmonyTerms {
  // Over the pixels still visible, so that occlusion changing which part shows is no colour cast.
  const { before, after } = visibleMeans(p.original, p.layer);
  const cast: Vec3 = [
    before[0] > 1e-4 ? after[0] / before[0] : 1,
    before[1] > 1e-4 ? after[1] / before[1] : 1,
    before[2] > 1e-4 ? after[2] / before[2] : 1,
  ];
  const characterCctK = cctOf(cast);
  const dMired = Math.abs(mired(characterCctK) - mired(light.cctK));
  const temperature = gaussian(dMired / TEMPERATURE_TOLERANCE_MIRED);

  const gain = luminance(before) > 1e-4 ? luminance(after) / luminance(before) : 1;
  const ev = Math.abs(Math.log2(Math.max(1e-4, gain) / ambientGain(light)));
  const ambient = gaussian(ev / AMBIENT_TOLERANCE_EV);

  const shadow = shadowTerm(environment, composite, light, p, covered, otherFeet);

  const expected = depthScale(depth, p.placement.footX, p.placement.footY);
  const scaleError = Math.abs(Math.log(p.placement.scale / expected)) / Math.log(1 + SCALE_TOLERANCE);
  const occluded = violatedShare(p, depth);
  const depthTerm = gaussian(scaleError) * Math.max(0, 1 - (occluded / OCCLUSION_TOLERANCE_SHARE) * 0.2);

  const score = Math.exp(
    WEIGHTS.temperature * Math.log(Math.max(1e-6, temperature)) +
      WEIGHTS.ambient * Math.log(Math.max(1e-6, ambient)) +
      WEIGHTS.shadow * Math.log(Math.max(1e-6, shadow)) +
      WEIGHTS.depth * Math.log(Math.max(1e-6, depthTerm)),
  );
  return { temperature, ambient, shadow, depth: depthTerm, characterCctK, score };
}

/**
 * Shadow term: looks for darkening of the environment around the feet (where the figure does not
 * cover it). None in a scene with directional light scores NO_SHADOW_SCORE; darkening whose
 * centre lies toward the light scores WRONG_SHADOW_SCORE.
 */
export function shadowOffset(
  environment: RgbImage,
  composite: RgbImage,
  p: Pick<PlacedCharacter, "layer" | "left" | "top" | "placement">,
  covered?: Uint8Array,
  otherFeet: readonly (readonly [number, number])[] = [],
): { mass: number; offset: number } {
  const { width: W, height: H } = environment;
  const u = Math.max(1, p.placement.footY - p.top);
  // Close around the feet, so a neighbour's shadow does not count as this figure's.
  const x0 = Math.max(0, Math.floor(p.placement.footX - 0.9 * u));
  const x1 = Math.min(W, Math.ceil(p.placement.footX + 0.9 * u));
  const y0 = Math.max(0, Math.floor(p.placement.footY - 0.15 * u));
  const y1 = Math.min(H, Math.ceil(p.placement.footY + 0.35 * u));
  let mass = 0;
  let moment = 0;
  let area = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (covered?.[y * W + x]) continue;
      // Ground nearer another figure's feet carries that figure's shadow, not this one's.
      const own = (x - p.placement.footX) ** 2 + (y - p.placement.footY) ** 2;
      if (otherFeet.some(([fx, fy]) => (x - fx) ** 2 + (y - fy) ** 2 < own)) continue;
      const lx = x - p.left;
      const ly = y - p.top;
      if (lx >= 0 && ly >= 0 && lx < p.layer.width && ly < p.layer.height) {
        if (p.layer.data[(ly * p.layer.width + lx) * 4 + 3]! > 0) continue;
      }
      const i = (y * W + x) * 3;
      const e = environment.data[i]! + environment.data[i + 1]! + environment.data[i + 2]!;
      const c = composite.data[i]! + composite.data[i + 1]! + composite.data[i + 2]!;
      area++;
      if (e <= 0 || c >= e) continue;
      const dark = (e - c) / e;
      mass += dark;
      moment += dark * (x - p.placement.footX);
    }
  }
  return { mass: area > 0 ? mass / area : 0, offset: mass > 0 ? moment / mass / u : 0 };
}

function shadowTerm(
  environment: RgbImage,
  composite: RgbImage,
  light: LightEstimate,
  p: PlacedCharacter,
  covered: Uint8Array,
  otherFeet: readonly (readonly [number, number])[],
): number {
  const { mass, offset } = shadowOffset(environment, composite, p, covered, otherFeet);
  if (mass < 0.002) return NO_SHADOW_SCORE;
  const lateral = light.direction[0] * light.strength;
  if (Math.abs(lateral) < 0.15) return 1;
  return Math.sign(offset) === -Math.sign(lateral) ? 1 : WRONG_SHADOW_SCORE;
}

/** Share of a figure's visible pixels that sit over nearer scenery (drawn where it should be hidden). */
function violatedShare(p: PlacedCharacter, depth: DepthMap): number {
  let visible = 0;
  let wrong = 0;
  const limit = p.placement.depth - 0.06;
  for (let y = 0; y < p.layer.height; y++) {
    const py = p.top + y;
    if (py < 0 || py >= depth.height) continue;
    for (let x = 0; x < p.layer.width; x++) {
      const px = p.left + x;
      if (px < 0 || px >= depth.width) continue;
      const a = p.layer.data[(y * p.layer.width + x) * 4 + 3]!;
      if (a < 128) continue;
      visible++;
      if (depth.data[py * depth.width + px]! < limit) wrong++;
    }
  }
  return visible > 0 ? wrong / visible : 0;
}

/** Mean linear colour of the drawn layer and of the same pixels as drawn before, weighted by final alpha. */
function visibleMeans(original: RgbaImage, layer: RgbaImage): { before: Vec3; after: Vec3 } {
  const before: Vec3 = [0, 0, 0];
  const after: Vec3 = [0, 0, 0];
  let weight = 0;
  for (let i = 0; i < layer.data.length; i += 4) {
    const a = layer.data[i + 3]! / 255;
    if (a === 0) continue;
    for (const c of [0, 1, 2] as const) {
      after[c] += toLinear(layer.data[i + c]!) * a;
      before[c] += toLinear(original.data[i + c]!) * a;
    }
    weight += a;
  }
  if (weight === 0) return { before: [0, 0, 0], after: [0, 0, 0] };
  return {
    before: [before[0] / weight, before[1] / weight, before[2] / weight],
    after: [after[0] / weight, after[1] / weight, after[2] / weight],
  };
}
