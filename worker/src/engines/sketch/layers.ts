import sharp from "sharp";
import type { RgbImage } from "../../analysis/image.ts";
import { type CharacterLayer, type ComposeSteps, compose } from "../../compose/composite.ts";
import { depthFromPng, estimateDepth } from "../../compose/depth.ts";
import type { HarmonyReport } from "../../compose/harmony.ts";
import type { RgbaImage } from "../../compose/layer.ts";
import type { CharacterSpec, PanelDescription } from "../types.ts";
import type { SceneContext } from "./context.ts";
import { detailLayer } from "./details.ts";
import { figure, figureFootY } from "./figure.ts";
import { baseLayer, type Layer } from "./scene.ts";
import { sceneryLayer } from "./scenery.ts";
import { type RenderPass, svgDocument } from "./svg.ts";
import { applyTone, LEVEL_FLOOR, toneLevelsOf } from "./tone.ts";

/**
 * The sketch engine's picture as separate layers, for the composition pipeline: the environment
 * alone (base, scenery and detail, toned and inked like a full render) and each character alone
 * on a transparent background, drawn by the same functions the one-piece render uses.
 */

const INK_RGB = [0x16, 0x15, 0x13] as const;
/** The ink's luma, weighted as the tone pass weighs channels. */
const INK_LUMA = (54 * INK_RGB[0] + 183 * INK_RGB[1] + 19 * INK_RGB[2]) >> 8;
/** Darker than halfway from the ink to the darkest tone level is ink (or its edge), not a tone. */
const INK_BELOW = (INK_LUMA + LEVEL_FLOOR) / 2;

/** How the sketch's light sits per lighting: low dusk sun (long shadows), soft night and room light. */
const LIGHT_ELEVATION: Record<SceneContext["lighting"], { x: number; y: number; strength: number }> = {
  day: { x: 0.7, y: 0.7, strength: 0.75 },
  dusk: { x: 0.95, y: 0.3, strength: 1 },
  night: { x: 0.6, y: 0.8, strength: 0.4 },
  interior: { x: 0.6, y: 0.8, strength: 0.45 },
};

function normalise(v: [number, number]): [number, number] {
  const l = Math.hypot(v[0], v[1]) || 1;
  return [v[0] / l, v[1] / l];
}

/** Renders one pass of a layer to RGBA over transparency. */
async function renderRgba(ctx: SceneContext, layer: Layer, pass: RenderPass): Promise<Buffer> {
  const { data, info } = await sharp(
    Buffer.from(svgDocument(ctx.width, ctx.height, layer.body, layer.defs, pass)),
  )
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== ctx.width || info.height !== ctx.height || info.channels !== 4) {
    throw new Error(`sketch layer rendered at ${info.width}x${info.height}x${info.channels}`);
  }
  return data;
}

/** Lays an ink pass (ink black, fills white) over toned fills; both RGBA. Returns RGBA. */
function inked(fills: Buffer, ink: Buffer): Buffer {
  const out = Buffer.allocUnsafe(fills.length);
  for (let i = 0; i < fills.length; i += 4) {
    // Ink coverage: how black the ink pass is, times its own alpha.
    const k = ((255 - ink[i]!) * ink[i + 3]!) / (255 * 255);
    out[i] = Math.round(fills[i]! * (1 - k) + INK_RGB[0] * k);
    out[i + 1] = Math.round(fills[i + 1]! * (1 - k) + INK_RGB[1] * k);
    out[i + 2] = Math.round(fills[i + 2]! * (1 - k) + INK_RGB[2] * k);
    out[i + 3] = Math.max(fills[i + 3]!, Math.round(k * 255));
  }
  return out;
}

/** The style's tone pass over the visible pixels of an RGBA buffer only (a figure's own histogram). */
function toneRgba(rgba: Buffer, style: PanelDescription["style"]): void {
  let count = 0;
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! > 0) count++;
  const packed = Buffer.allocUnsafe(count * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] === 0) continue;
    packed[j++] = rgba[i]!;
    packed[j++] = rgba[i + 1]!;
    packed[j++] = rgba[i + 2]!;
  }
  applyTone(packed, style);
  for (let i = 0, j = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] === 0) continue;
    rgba[i] = packed[j++]!;
    rgba[i + 1] = packed[j++]!;
    rgba[i + 2] = packed[j++]!;
  }
}

/** The environment as packed RGB, with the luma of the tone levels it is drawn in. */
export interface EnvironmentLayer extends RgbImage {
  toneLevels: number[];
}

/** The environment alone, toned and inked, as packed RGB. */
export async function environmentLayer(
  ctx: SceneContext,
  description: PanelDescription,
): Promise<EnvironmentLayer> {
  const background = description.location?.background;
  if (background) {
    // A locked location's variant is the environment as it is.
    const data = await sharp(background)
      .resize(ctx.width, ctx.height, { fit: "cover" })
      .removeAlpha()
      .toColourspace("srgb")
      .raw()
      .toBuffer();
    const toneLevels = toneLevelsOf(data, description.style.shadingLevels, INK_BELOW);
    return { data, width: ctx.width, height: ctx.height, toneLevels };
  }
  const layers = [baseLayer(ctx), sceneryLayer(ctx), detailLayer(ctx)].filter((l) => l.body);
  const body = layers.map((l) => l.body).join("");
  const defs = layers.map((l) => l.defs).join("");
  const [fills, ink] = await Promise.all(
    (["fills", "ink"] as const).map((pass) =>
      sharp(Buffer.from(svgDocument(ctx.width, ctx.height, body, defs, pass)))
        .flatten({ background: "#ffffff" })
        .raw()
        .toBuffer(),
    ),
  );
  const toneLevels = applyTone(fills!, description.style);
  const out = Buffer.allocUnsafe(fills!.length);
  for (let i = 0; i < out.length; i++) {
    const a = ink![i - (i % 3)]! / 255;
    out[i] = Math.round(fills![i]! * a + INK_RGB[i % 3]! * (1 - a));
  }
  return { data: out, width: ctx.width, height: ctx.height, toneLevels };
}

/** One character alone, panel-sized, with alpha; `anchor` is where its feet are. */
export async function characterLayer(
  ctx: SceneContext,
  description: PanelDescription,
  character: CharacterSpec,
  index: number,
  seed: number,
): Promise<CharacterLayer> {
  const layer = figure(ctx, character, index, seed);
  const [fills, ink] = await Promise.all([renderRgba(ctx, layer, "fills"), renderRgba(ctx, layer, "ink")]);
  toneRgba(fills, description.style);
  const image: RgbaImage = { data: inked(fills, ink), width: ctx.width, height: ctx.height };
  return {
    layer: image,
    anchor: { x: character.x * ctx.width, y: figureFootY(character, ctx.height, ctx.shotScale) },
  };
}

export interface ComposedPanel {
  png: Buffer;
  harmony: HarmonyReport;
  /** The environment's depth map (8-bit grey PNG, near bright). */
  depthPng: Buffer;
}

/**
 * Draws the panel as separate layers and composes them (compose/): environment with an estimated
 * depth map, characters placed on its ground plane, relit, occluded and shadowed.
 */
export async function composedPanel(
  ctx: SceneContext,
  description: PanelDescription,
  characters: readonly CharacterSpec[],
  seed: number,
  steps: Partial<ComposeSteps> = {},
): Promise<ComposedPanel> {
  const environment = await environmentLayer(ctx, description);
  const environmentPng = await sharp(environment.data, {
    raw: { width: ctx.width, height: ctx.height, channels: 3 },
  })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const stored = description.location?.background ? description.location.depth : undefined;
  const depth = stored
    ? await depthFromPng(stored, ctx.width, ctx.height)
    : await estimateDepth(environmentPng);
  // Farthest (highest on screen) first, as the one-piece render orders them.
  const layers = await Promise.all(characters.map((c, i) => characterLayer(ctx, description, c, i, seed)));
  // The sketch placed its own sun, moon or window, sometimes behind a building or a cloud where no
  // estimate can see it, so it passes the direction it drew with; colour and ambient are estimated.
  const knownDirection = {
    direction: normalise([ctx.lightSide * LIGHT_ELEVATION[ctx.lighting].x, -LIGHT_ELEVATION[ctx.lighting].y]),
    strength: LIGHT_ELEVATION[ctx.lighting].strength,
  };
  // Relit figures and their shadows go back onto the environment's tone levels: the style's
  // posterisation holds for the whole panel, as in the one-piece render.
  const toneLock = { levels: environment.toneLevels, inkBelow: INK_BELOW };
  const result = await compose(environment, depth, layers, { steps, knownDirection, toneLock });
  const png = await sharp(result.image.data, { raw: { width: ctx.width, height: ctx.height, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
  return { png, harmony: result.harmony, depthPng: depth.png };
}
