import sharp from "sharp";
import { characterBox } from "../engines/layout.ts";
import { SketchEngine } from "../engines/sketch/engine.ts";
import type { CharacterSpec, PanelDescription, StyleParams } from "../engines/types.ts";
import type { StyleDescriptor } from "./descriptor.ts";
import { cropRgb, loadRgb, type RgbImage } from "./image.ts";

/**
 * The contrast set: pictures in deliberately different styles, the "unrelated" anchor of every
 * calibration (see calibration.ts). By default it is rendered by the sketch engine at the corners
 * of the style space (thin/heavy ink, 2/8 tones, cool/warm, bare/busy) in varied scenes, with
 * characters in varied palettes, plus two pictures outside the sketch family (a soft painted
 * blur and a fine photographic-like texture). A deployment with a curated style catalogue should
 * pass the catalogue's own samples instead (scores then say "closer than other catalogue styles").
 */
export interface ContrastSet {
  modelId: string;
  /** Whole-picture style descriptors. */
  descriptors: Float32Array[];
  /** Character-sized crops (figure boxes) of the same pictures. */
  figures: RgbImage[];
  figureDescriptors: Float32Array[];
}

const WIDTH = 384;
const HEIGHT = 256;

const CORNERS: { style: StyleParams; location: NonNullable<PanelDescription["location"]> }[] = [
  {
    style: { lineWeight: 0, warmth: -1, detail: 0, shadingLevels: 8 },
    location: { name: "city street", lighting: "day", camera: "eye", shot: "wide" },
  },
  {
    style: { lineWeight: 1, warmth: 1, detail: 1, shadingLevels: 2 },
    location: { name: "forest", lighting: "dusk", camera: "low", shot: "medium" },
  },
  {
    style: { lineWeight: 1, warmth: -1, detail: 0, shadingLevels: 3 },
    location: { name: "bedroom", lighting: "night", camera: "high", shot: "medium" },
  },
  {
    style: { lineWeight: 0, warmth: 1, detail: 1, shadingLevels: 6 },
    location: { name: "beach", lighting: "day", camera: "eye", shot: "medium" },
  },
  {
    style: { lineWeight: 0.5, warmth: 0, detail: 1, shadingLevels: 8 },
    location: { name: "mountain", lighting: "night", camera: "eye", shot: "wide" },
  },
  {
    style: { lineWeight: 0.2, warmth: 0.6, detail: 0, shadingLevels: 2 },
    location: { name: "cafe", lighting: "interior", camera: "low", shot: "close" },
  },
];

const PALETTES = [
  ["#2a9d8f", "#264653", "#e9c46a", "#f4a261"],
  ["#e63946", "#1d3557", "#a8dadc", "#f1c7a5"],
  ["#6a4c93", "#8ac926", "#ffca3a", "#c98f6a"],
  ["#ff924c", "#52a675", "#1982c4", "#f1c7a5"],
];

const cache = new Map<string, Promise<ContrastSet>>();

/** The default contrast set for a descriptor, built once per process and model. */
export function defaultContrastSet(descriptor: StyleDescriptor): Promise<ContrastSet> {
  let set = cache.get(descriptor.modelId);
  if (!set) {
    set = buildContrastSet(descriptor);
    cache.set(descriptor.modelId, set);
    set.catch(() => cache.delete(descriptor.modelId));
  }
  return set;
}

async function buildContrastSet(descriptor: StyleDescriptor): Promise<ContrastSet> {
  const engine = new SketchEngine();
  const pictures: RgbImage[] = [];
  const figures: RgbImage[] = [];
  for (const [i, corner] of CORNERS.entries()) {
    const character: CharacterSpec = {
      id: `contrast-${i}`,
      name: "contrast",
      palette: PALETTES[i % PALETTES.length]!,
      x: 0.5,
      y: 0.92,
      scale: 0.7,
      pose: i % 2 ? "action" : "standing",
    };
    const result = await engine.generate({
      prompt: "contrast set",
      width: WIDTH,
      height: HEIGHT,
      seed: 9_000 + i,
      variations: 1,
      characters: [character],
      style: corner.style,
      location: corner.location,
    });
    const picture = await loadRgb(result.variations[0]!.png);
    pictures.push(picture);
    figures.push(
      cropRgb(picture, characterBox({ width: WIDTH, height: HEIGHT, location: corner.location }, character)),
    );
  }
  pictures.push(await softPainting(), await fineTexture());
  const descriptors = await descriptor.describe(pictures);
  const figureDescriptors = await descriptor.describe(figures);
  return { modelId: descriptor.modelId, descriptors, figures, figureDescriptors };
}

function noise(length: number, seed: number): Buffer {
  let state = seed >>> 0 || 1;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 255;
  }
  return out;
}

async function softPainting(): Promise<RgbImage> {
  const small = noise(12 * 8 * 3, 17);
  const { data, info } = await sharp(small, { raw: { width: 12, height: 8, channels: 3 } })
    .resize(WIDTH, HEIGHT, { kernel: "cubic" })
    .blur(6)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function fineTexture(): Promise<RgbImage> {
  const { data, info } = await sharp(noise(WIDTH * HEIGHT * 3, 29), {
    raw: { width: WIDTH, height: HEIGHT, channels: 3 },
  })
    .blur(0.8)
    .modulate({ saturation: 0.4 })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
