import sharp from "sharp";
import { blendThroughMask, maskCoverage, rawRgb } from "../../inpaint/mask.ts";
import { DEFAULT_STYLE } from "../description.ts";
import { EngineFailedError } from "../errors.ts";
import type {
  GenerateOptions,
  GenerationEngine,
  InpaintRequest,
  InpaintResult,
  PanelDescription,
} from "../types.ts";

/**
 * Inpainting for engines that draw from a description (the sketch engine): the panel's own
 * description is drawn again with the request's seed, the fix appended to its prompt, and laid in
 * through the feathered mask, so only the painted region changes. The engine's step progress is
 * the job's progress.
 */
export async function inpaintByRerender(
  engine: GenerationEngine,
  request: InpaintRequest,
  options: GenerateOptions = {},
): Promise<InpaintResult> {
  const started = performance.now();
  const kept = await rawRgb(request.image);
  const { width, height } = kept;
  const { coverage } = await maskCoverage(request.mask, width, height);
  const base: PanelDescription = request.description ?? {
    prompt: request.prompt,
    width,
    height,
    seed: request.seed,
    variations: 1,
    characters: [],
    style: DEFAULT_STYLE,
  };
  const description: PanelDescription = {
    ...base,
    prompt: request.description ? `${base.prompt}. ${request.prompt}` : request.prompt,
    ...(request.negativePrompt ? { negativePrompt: request.negativePrompt } : {}),
    width,
    height,
    seed: request.seed,
    variations: 1,
  };
  const result = await engine.generate(description, options);
  const first = result.variations[0];
  if (!first) throw new EngineFailedError("The engine drew no picture for the masked region");
  const fresh = await rawRgb(first.png, { width, height });
  const png = await sharp(blendThroughMask(kept.data, fresh.data, coverage), {
    raw: { width, height, channels: 3 },
  })
    .png({ compressionLevel: 6 })
    .toBuffer();
  return {
    png,
    width,
    height,
    seed: request.seed,
    engine: engine.name,
    durationMs: performance.now() - started,
  };
}
