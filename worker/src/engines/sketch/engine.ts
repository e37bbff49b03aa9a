import { setTimeout as delay } from "node:timers/promises";
import sharp from "sharp";
import { loadRgb } from "../../analysis/image.ts";
import { extractPalette } from "../../analysis/palette.ts";
import type { ComposeSteps } from "../../compose/composite.ts";
import { parsePanelDescription } from "../description.ts";
import { EngineAbortedError, throwIfAborted } from "../errors.ts";
import type {
  CharacterSpec,
  EngineInfo,
  GenerateOptions,
  GenerationEngine,
  GenerationResult,
  InpaintRequest,
  InpaintResult,
  PanelDescription,
  Variation,
} from "../types.ts";
import { createSceneContext, type SceneContext } from "./context.ts";
import { detailLayer } from "./details.ts";
import { figuresLayer } from "./figure.ts";
import { inpaintByRerender } from "./inpaint.ts";
import { composedPanel } from "./layers.ts";
import { gridJpeg, noiseTile, tileFrom, tileSize } from "./preview.ts";
import { variationSeed } from "./rng.ts";
import { baseLayer, type Layer } from "./scene.ts";
import { sceneryLayer } from "./scenery.ts";
import { type RenderPass, svgDocument } from "./svg.ts";
import { applyTone } from "./tone.ts";

export interface SketchEngineOptions {
  /**
   * Shortest time one step takes, in ms; the engine waits out the rest. 0 (the default) draws as
   * fast as the machine allows; a demo can slow it down so people can watch the progress bar.
   */
  minStepMs?: number;
  /** Longest side of one preview tile, in px. Default 192. */
  previewTileMaxPx?: number;
  /**
   * Least time between two preview frames, in ms; steps in between are reported without one
   * (the last step always has one). Default 50: the job code forwards progress at most every
   * 100 ms, so finer previews would be drawn for nothing. 0 gives every step a preview.
   */
  previewIntervalMs?: number;
  /**
   * Compose panels that have a location and characters from separate layers (compose/: depth,
   * placement on the ground plane, occlusion, relighting, contact shadows) and report the
   * lighting-harmony score on each variation. `false` draws everything in one piece; an object
   * switches single steps off, e.g. `{ shadow: false }`. Default true.
   */
  composition?: boolean | Partial<ComposeSteps>;
}

/**
 * The stages of one variation, in painter's order, each one step of the sampler-like progress.
 * `blur` is the preview blur (tile px) after the stage: coarse first, sharp at the end.
 */
const STAGES = [
  { name: "layout", blur: 6 },
  { name: "scenery", blur: 4 },
  { name: "detail", blur: 2.5 },
  { name: "figures", blur: 1.2 },
  { name: "tone", blur: 0 },
] as const;
type StageName = (typeof STAGES)[number]["name"];

function blurOf(stage: StageName): number {
  return STAGES.find((s) => s.name === stage)!.blur;
}

interface VariationState {
  seed: number;
  index: number;
  ctx: SceneContext;
  /** Colour fills so far, packed RGB. */
  fills: Buffer | null;
  /** Ink map so far, packed RGB grey: 0 = full ink, 255 = none. */
  ink: Buffer | null;
  png: Buffer | null;
  /** Last stage drawn. */
  stage: StageName | null;
  /** Lighting-harmony score when the panel was composed from layers. */
  harmony?: number;
}

/** The ink colour laid over the fills. */
const INK_RGB = [0x16, 0x15, 0x13] as const;

/**
 * The built-in engine: real, deterministic pictures drawn with sharp from the structured panel
 * description (no GPU, no model weights). It is a sketch engine and says so in `describe()`.
 */
export class SketchEngine implements GenerationEngine {
  readonly name = "sketch";
  private readonly minStepMs: number;
  private readonly tileMaxPx: number;
  private readonly previewIntervalMs: number;
  private readonly composition: false | Partial<ComposeSteps>;

  constructor(options: SketchEngineOptions = {}) {
    this.minStepMs = options.minStepMs ?? 0;
    this.tileMaxPx = options.previewTileMaxPx ?? 192;
    this.previewIntervalMs = options.previewIntervalMs ?? 50;
    const composition = options.composition ?? true;
    this.composition = composition === true ? {} : composition;
  }

  describe(): EngineInfo {
    return {
      name: this.name,
      label: "Sketch engine (built in, CPU)",
      description:
        "Draws a simple, deterministic sketch of the panel from its description: the location's light and camera, " +
        "each character in its palette and pose, and the project's style. No AI model is involved.",
      external: false,
    };
  }

  async generate(input: PanelDescription, options: GenerateOptions = {}): Promise<GenerationResult> {
    const started = performance.now();
    const { signal, onProgress } = options;
    const description = parsePanelDescription(input);
    throwIfAborted(signal);
    const characters = await Promise.all(description.characters.map((c) => withReferencePalette(c)));
    const { width, height } = description;
    const states: VariationState[] = Array.from({ length: description.variations }, (_, index) => {
      const seed = variationSeed(description.seed, index);
      return {
        seed,
        index,
        ctx: createSceneContext(description, seed),
        fills: null,
        ink: null,
        png: null,
        stage: null,
      };
    });
    const size = tileSize(width, height, this.tileMaxPx);
    const tiles = onProgress ? states.map((s) => noiseTile(size, s.seed)) : [];
    const tileStage: (StageName | null)[] = states.map(() => null);
    let lastPreview = Number.NEGATIVE_INFINITY;
    const totalSteps = STAGES.length * states.length;
    let step = 0;

    for (const stage of STAGES) {
      for (const state of states) {
        const stepStarted = performance.now();
        throwIfAborted(signal);
        await this.runStage(stage.name, state, description, characters);
        state.stage = stage.name;
        step++;
        if (onProgress) {
          const due = step === totalSteps || performance.now() - lastPreview >= this.previewIntervalMs;
          if (due) {
            // Tiles of variations drawn since the last preview catch up to their current stage.
            for (const s of states) {
              if (s.fills && s.stage && s.stage !== tileStage[s.index]) {
                const picture = s.stage === "tone" ? s.fills : withInk(s.fills, s.ink!);
                tiles[s.index] = await tileFrom(picture, width, height, size, blurOf(s.stage));
                tileStage[s.index] = s.stage;
              }
            }
            lastPreview = performance.now();
          }
          this.report(onProgress, step, totalSteps, due ? await gridJpeg(tiles, size) : undefined);
        }
        await this.pace(stepStarted, signal);
      }
    }
    throwIfAborted(signal);
    const variations: Variation[] = states.map((s) => ({
      png: s.png!,
      seed: s.seed,
      batchIndex: s.index,
      width,
      height,
      ...(s.harmony === undefined ? {} : { harmony: s.harmony }),
    }));
    return { variations, engine: this.name, durationMs: performance.now() - started };
  }

  /** Re-renders the panel's description with a new seed and lays it in through the feathered mask. */
  inpaint(request: InpaintRequest, options: GenerateOptions = {}): Promise<InpaintResult> {
    return inpaintByRerender(this, request, options);
  }

  private async runStage(
    stage: StageName,
    state: VariationState,
    description: PanelDescription,
    characters: CharacterSpec[],
  ): Promise<void> {
    const { ctx } = state;
    switch (stage) {
      case "layout": {
        const background = description.location?.background;
        if (background) {
          // A locked location's variant is the background as it is: no scenery is drawn over it.
          state.fills = await sharp(background)
            .resize(ctx.width, ctx.height, { fit: "cover" })
            .removeAlpha()
            .raw()
            .toBuffer();
          state.ink = Buffer.alloc(ctx.width * ctx.height * 3, 255);
          return;
        }
        const layer = baseLayer(ctx);
        state.fills = await render(ctx, layer, "fills");
        state.ink = await render(ctx, layer, "ink");
        return;
      }
      case "scenery":
        if (!description.location?.background) await addLayer(state, sceneryLayer(ctx));
        return;
      case "detail":
        if (!description.location?.background) await addLayer(state, detailLayer(ctx));
        return;
      case "figures":
        if (characters.length > 0) await addLayer(state, figuresLayer(ctx, characters, state.seed));
        return;
      case "tone": {
        applyTone(state.fills!, description.style);
        state.fills = withInk(state.fills!, state.ink!);
        state.png = await sharp(state.fills, { raw: { width: ctx.width, height: ctx.height, channels: 3 } })
          .png({ compressionLevel: 6 })
          .toBuffer();
        // Characters are composed into a drawn environment or a locked location's variant (with its
        // depth map); a background without one (an anchor's plain backdrop) is final as drawn.
        const location = description.location;
        if (
          this.composition &&
          location &&
          (!location.background || location.depth) &&
          characters.length > 0
        ) {
          const composed = await composedPanel(ctx, description, characters, state.seed, this.composition);
          state.png = composed.png;
          state.harmony = composed.harmony.score;
        }
        return;
      }
      default: {
        const never: never = stage;
        throw new Error(`unknown stage ${String(never)}`);
      }
    }
  }

  private report(
    onProgress: NonNullable<GenerateOptions["onProgress"]>,
    step: number,
    totalSteps: number,
    preview: Buffer | undefined,
  ): void {
    try {
      onProgress(preview ? { step, totalSteps, preview, previewType: "image/jpeg" } : { step, totalSteps });
    } catch {
      // A listener's failure must not fail the render; the job code logs its own errors.
    }
  }

  private async pace(stepStarted: number, signal: AbortSignal | undefined): Promise<void> {
    const wait = this.minStepMs - (performance.now() - stepStarted);
    if (wait <= 0) return;
    try {
      await delay(wait, undefined, signal ? { signal } : {});
    } catch (error) {
      throw new EngineAbortedError(signal?.reason ?? error);
    }
  }
}

async function render(ctx: SceneContext, layer: Layer, pass: RenderPass): Promise<Buffer> {
  const { data, info } = await sharp(
    Buffer.from(svgDocument(ctx.width, ctx.height, layer.body, layer.defs, pass)),
  )
    .flatten({ background: "#ffffff" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== ctx.width || info.height !== ctx.height || info.channels !== 3) {
    throw new Error(`sketch layer rendered at ${info.width}x${info.height}x${info.channels}`);
  }
  return data;
}

async function over(raw: Buffer, ctx: SceneContext, layer: Layer, pass: RenderPass): Promise<Buffer> {
  return sharp(raw, { raw: { width: ctx.width, height: ctx.height, channels: 3 } })
    .composite([{ input: Buffer.from(svgDocument(ctx.width, ctx.height, layer.body, layer.defs, pass)) }])
    .removeAlpha()
    .raw()
    .toBuffer();
}

async function addLayer(state: VariationState, layer: Layer): Promise<void> {
  if (!layer.body) return;
  const [fills, ink] = await Promise.all([
    over(state.fills!, state.ctx, layer, "fills"),
    over(state.ink!, state.ctx, layer, "ink"),
  ]);
  state.fills = fills;
  state.ink = ink;
}

/** Lays the ink map over the fills: each pixel moves toward the ink colour by its ink coverage. */
function withInk(fills: Buffer, ink: Buffer): Buffer {
  const out = Buffer.allocUnsafe(fills.length);
  for (let i = 0; i < fills.length; i += 3) {
    const a = ink[i]!;
    if (a === 255) {
      out[i] = fills[i]!;
      out[i + 1] = fills[i + 1]!;
      out[i + 2] = fills[i + 2]!;
      continue;
    }
    const k = 255 - a;
    out[i] = (fills[i]! * a + INK_RGB[0] * k + 127) / 255;
    out[i + 1] = (fills[i + 1]! * a + INK_RGB[1] * k + 127) / 255;
    out[i + 2] = (fills[i + 2]! * a + INK_RGB[2] * k + 127) / 255;
  }
  return out;
}

/**
 * A character with a short palette borrows its colours from its anchor or first reference image
 * (the dominant colours of the image's centre, where the figure usually is), so a character set up
 * from pictures alone is still drawn in its own colours.
 */
async function withReferencePalette(character: CharacterSpec): Promise<CharacterSpec> {
  const source = character.anchor ?? character.references?.[0];
  if (character.palette.length >= 3 || !source) return character;
  const image = await loadRgb(source, 160);
  const mask = new Uint8Array(image.width * image.height);
  for (let y = Math.floor(image.height * 0.15); y < Math.ceil(image.height * 0.95); y++) {
    for (let x = Math.floor(image.width * 0.3); x < Math.ceil(image.width * 0.7); x++)
      mask[y * image.width + x] = 1;
  }
  const extracted = extractPalette(image, { maxColours: 5, mask }).map((c) => c.hex);
  return {
    ...character,
    palette: [...character.palette, ...extracted.filter((h) => !character.palette.includes(h))].slice(0, 5),
  };
}
