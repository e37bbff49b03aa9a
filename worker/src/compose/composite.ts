import type { RgbImage } from "../analysis/image.ts";
import type { DepthMap } from "./depth.ts";
import { type HarmonyReport, harmonyOf, type PlacedCharacter } from "./harmony.ts";
import { alphaBox, cropAndScale, type RgbaImage } from "./layer.ts";
import { estimateLight, type LightEstimate } from "./light.ts";
import { matchLighting } from "./match.ts";
import { place } from "./place.ts";
import { snapToToneLevels, type ToneLock } from "./posterise.ts";
import { applyShadow, castShadow } from "./shadow.ts";

/** The composition steps; each can be switched off to compare (all on by default). */
export interface ComposeSteps {
  /** Scale each character by the ground plane's depth at its feet. */
  depthScale: boolean;
  /** Hide character pixels behind nearer parts of the environment. */
  occlusion: boolean;
  /** Move the character's colour balance toward the environment's illuminant. */
  temperature: boolean;
  /** Match the character's brightness to the environment's ambient level (and light side). */
  ambient: boolean;
  /** Cast a contact shadow away from the light. */
  shadow: boolean;
}

export const ALL_STEPS: ComposeSteps = {
  depthScale: true,
  occlusion: true,
  temperature: true,
  ambient: true,
  shadow: true,
};

/** One character layer to place. */
export interface CharacterLayer {
  /** The character alone on a transparent background (straight alpha). */
  layer: RgbaImage;
  /** Where the figure's feet are in `layer`, px. */
  anchor: { x: number; y: number };
  /** Where the feet go in the panel, px; defaults to `anchor` (a panel-sized layer drawn in place). */
  at?: { x: number; y: number };
}

export interface ComposeOptions {
  /** Steps to switch off, e.g. `{ shadow: false }`. */
  steps?: Partial<ComposeSteps>;
  /** Light to use instead of the estimate from the environment (tests, or a known scene light). */
  light?: LightEstimate;
  /**
   * The light's direction and strength when the caller knows them (the engine that drew the
   * environment put the sun there): they replace the estimated ones; colour and ambient level are
   * still estimated from the picture. Without it the direction is estimated too.
   */
  knownDirection?: Pick<LightEstimate, "direction" | "strength">;
  /**
   * The style's tone levels, for a posterised (cel-shaded) environment: relit figures and cast
   * shadows are snapped back onto them so the composite keeps the style's tone count. Without it
   * the composite keeps the continuous relighting.
   */
  toneLock?: ToneLock;
}

export interface CompositionResult {
  /** The composed panel, packed RGB. */
  image: RgbImage;
  light: LightEstimate;
  harmony: HarmonyReport;
}

/**
 * Depth below which an environment pixel hides a character standing at depth d: d minus this
 * tolerance (the ground right at the feet is at the character's own depth and must not hide it).
 */
export const OCCLUSION_TOLERANCE = 0.03;
/** Depth band over which occlusion fades in, so an occluder's edge is soft rather than jagged. */
const OCCLUSION_SOFTNESS = 0.02;

/**
 * Composes a panel from the environment (with its depth map) and character layers, following
 * the product plan's composition pipeline: depth-aware placement, lighting harmonisation
 * (temperature and ambient), occlusion, contact shadows, alpha compositing, and a lighting-harmony
 * score of the result.
 */
export async function compose(
  environment: RgbImage,
  depth: DepthMap,
  characters: readonly CharacterLayer[],
  options: ComposeOptions = {},
): Promise<CompositionResult> {
  const steps: ComposeSteps = { ...ALL_STEPS, ...options.steps };
  const { width: W, height: H } = environment;
  if (depth.width !== W || depth.height !== H) {
    throw new Error(`depth map is ${depth.width}x${depth.height}, environment ${W}x${H}`);
  }
  const estimated = options.light ?? estimateLight(environment);
  const light: LightEstimate = options.knownDirection
    ? { ...estimated, ...options.knownDirection }
    : estimated;
  const out = Buffer.from(environment.data);
  const placed: PlacedCharacter[] = [];
  for (const character of characters) {
    const box = alphaBox(character.layer);
    if (!box) continue;
    const at = character.at ?? character.anchor;
    const placement = place(depth, at.x, at.y, steps.depthScale);
    const layer = await cropAndScale(character.layer, box, placement.scale);
    const left = Math.round(at.x - (character.anchor.x - box.x0) * placement.scale);
    const top = Math.round(at.y - (character.anchor.y - box.y0) * placement.scale);
    const original: RgbaImage = { ...layer, data: Buffer.from(layer.data) };
    matchLighting(layer, light, steps);
    if (steps.occlusion) occlude(layer, left, top, depth, placement.depth);
    placed.push({ original, layer, left, top, placement, expectedScale: placement.scale });
  }
  // Far to near: shadows first (on the environment), then figures, nearer over farther.
  placed.sort((a, b) => b.placement.depth - a.placement.depth);
  if (steps.shadow) {
    for (const p of placed) {
      const shadow = await castShadow(
        p.original,
        p.left,
        p.top,
        p.placement.footX,
        p.placement.footY,
        light,
        { width: W, height: H },
      );
      applyShadow(out, shadow, depth, p.placement.depth);
    }
  }
  for (const p of placed) over(out, W, H, p.layer, p.left, p.top);
  if (options.toneLock) snapToToneLevels(out, environment.data, options.toneLock);
  const image: RgbImage = { data: out, width: W, height: H };
  const harmony = harmonyOf(environment, image, depth, light, placed);
  return { image, light, harmony };
}

/** Zeroes (softly) the alpha of layer pixels that lie behind nearer environment pixels. */
export function occlude(layer: RgbaImage, left: number, top: number, depth: DepthMap, at: number): void {
  const limit = at - OCCLUSION_TOLERANCE;
  for (let y = 0; y < layer.height; y++) {
    const py = top + y;
    if (py < 0 || py >= depth.height) continue;
    for (let x = 0; x < layer.width; x++) {
      const px = left + x;
      if (px < 0 || px >= depth.width) continue;
      const i = (y * layer.width + x) * 4 + 3;
      if (layer.data[i] === 0) continue;
      const d = depth.data[py * depth.width + px]!;
      if (d >= limit) continue;
      const visible = Math.max(0, 1 - (limit - d) / OCCLUSION_SOFTNESS);
      layer.data[i] = Math.round(layer.data[i]! * visible);
    }
  }
}

/** Straight-alpha "over" of a layer onto packed RGB, clipped to the panel. */
export function over(dst: Buffer, W: number, H: number, layer: RgbaImage, left: number, top: number): void {
  for (let y = 0; y < layer.height; y++) {
    const py = top + y;
    if (py < 0 || py >= H) continue;
    for (let x = 0; x < layer.width; x++) {
      const px = left + x;
      if (px < 0 || px >= W) continue;
      const s = (y * layer.width + x) * 4;
      const a = layer.data[s + 3]!;
      if (a === 0) continue;
      const d = (py * W + px) * 3;
      const k = a / 255;
      dst[d] = Math.round(layer.data[s]! * k + dst[d]! * (1 - k));
      dst[d + 1] = Math.round(layer.data[s + 1]! * k + dst[d + 1]! * (1 - k));
      dst[d + 2] = Math.round(layer.data[s + 2]! * k + dst[d + 2]! * (1 - k));
    }
  }
}
