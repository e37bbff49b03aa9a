import type { ObjectStorage } from "@comic-studio/infra";
import { CATALOGUE_VERSION, CURATED_STYLES, type CuratedStyle } from "@comic-studio/shared";
import { SketchEngine } from "../engines/sketch/engine.ts";
import type { CharacterSpec, StyleParams } from "../engines/types.ts";
import { MATCH_SCENES, PREVIEW_SCENES, type PreviewScene, SAMPLE_SCENES } from "./scenes.ts";

/**
 * Sample pictures of a style, drawn by the sketch engine: the plan's style preview (an indoor
 * scene, an outdoor scene, a close-up background, a wide establishing shot) doubles as the curated
 * catalogue's samples, which the browser shows and the matcher learns from.
 */

export const SAMPLES_PER_STYLE = SAMPLE_SCENES.length;
/** Catalogue samples are drawn at the style descriptor's input width, so none is upscaled. */
export const CATALOGUE_SAMPLE_SIZE = { width: 384, height: 256 } as const;
const SAMPLE_SEED = 4_242;
const MATCH_SEED = 5_252;

export interface PreviewOptions {
  width?: number;
  height?: number;
  seed?: number;
  /** Replaces the scenes' stand-in figures with the project's own characters (palette, pose). */
  characters?: Omit<CharacterSpec, "x" | "y" | "scale">[];
}

/** The 4 preview pictures (PNG) of a style lock, in PREVIEW_SCENES order. */
export async function renderStylePreviews(
  style: StyleParams,
  options: PreviewOptions = {},
  engine: SketchEngine = new SketchEngine(),
): Promise<Buffer[]> {
  return renderScenes(PREVIEW_SCENES, style, options, engine);
}

/** Pictures of a style lock in the given scenes (PNG, in order). */
export async function renderScenes(
  scenes: readonly PreviewScene[],
  style: StyleParams,
  options: PreviewOptions = {},
  engine: SketchEngine = new SketchEngine(),
): Promise<Buffer[]> {
  const width = options.width ?? CATALOGUE_SAMPLE_SIZE.width;
  const height = options.height ?? CATALOGUE_SAMPLE_SIZE.height;
  const out: Buffer[] = [];
  for (const [i, scene] of scenes.entries()) {
    const characters: CharacterSpec[] = scene.characters.map((c, k) => {
      const own = options.characters?.[k];
      return own ? { ...own, x: c.x, y: c.y, scale: c.scale } : { ...c, id: `sample-${k}`, name: "Sample" };
    });
    const result = await engine.generate({
      prompt: scene.prompt,
      width,
      height,
      seed: (options.seed ?? SAMPLE_SEED) + i,
      variations: 1,
      location: scene.location,
      characters,
      style,
    });
    out.push(result.variations[0]!.png);
  }
  return out;
}

/** Storage keys of a curated style's sample pictures (its previews), in PREVIEW_SCENES order. */
export function catalogueSampleKeys(styleId: string): string[] {
  return PREVIEW_SCENES.map((_, n) => `catalogue/${CATALOGUE_VERSION}/${styleId}-${n}.png`);
}

/**
 * The pictures the matcher learns a curated style from: its previews (from storage when there,
 * else rendered and stored), then the match scenes (rendered, not stored).
 */
export async function catalogueSamples(
  style: CuratedStyle,
  storage?: ObjectStorage,
  engine?: SketchEngine,
): Promise<Buffer[]> {
  const keys = catalogueSampleKeys(style.id);
  let previews: Buffer[] | null = null;
  if (storage) {
    const stored = await Promise.all(keys.map((k) => readObject(storage, k)));
    if (stored.every((b): b is Buffer => b !== null)) previews = stored;
  }
  if (!previews) {
    const rendered = await renderScenes(PREVIEW_SCENES, style.params, {}, engine);
    if (storage) await Promise.all(keys.map((k, i) => storage.put(k, rendered[i]!, "image/png")));
    previews = rendered;
  }
  return [...previews, ...(await renderScenes(MATCH_SCENES, style.params, { seed: MATCH_SEED }, engine))];
}

export interface RenderCatalogueResult {
  rendered: number;
  skipped: number;
  durationMs: number;
}

/**
 * Renders every curated style's samples into storage, skipping those already there, so it is
 * idempotent and cheap on every start after the first (about 0.2 s per style on one core).
 */
export async function renderCatalogueSamples(
  storage: ObjectStorage,
  styles: readonly CuratedStyle[] = CURATED_STYLES,
): Promise<RenderCatalogueResult> {
  const started = performance.now();
  const engine = new SketchEngine();
  let rendered = 0;
  let skipped = 0;
  for (const style of styles) {
    const keys = catalogueSampleKeys(style.id);
    const present = await Promise.all(keys.map((k) => storage.exists(k)));
    if (present.every(Boolean)) {
      skipped++;
      continue;
    }
    const pictures = await renderStylePreviews(style.params, {}, engine);
    await Promise.all(keys.map((k, i) => storage.put(k, pictures[i]!, "image/png")));
    rendered++;
  }
  return { rendered, skipped, durationMs: performance.now() - started };
}

export async function readObject(storage: ObjectStorage, key: string): Promise<Buffer | null> {
  const object = await storage.get(key);
  if (!object) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
