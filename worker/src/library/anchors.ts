import { type AnchorSpec, anchorSpecKey, libraryKeys } from "@comic-studio/shared";
import sharp from "sharp";
import { DEFAULT_STYLE } from "../engines/description.ts";
import type { GenerateOptions, PanelDescription, StyleParams } from "../engines/types.ts";
import { type LibraryDeps, seedOf } from "./deps.ts";

/** Anchor pictures: a full figure on a plain backdrop, portrait. */
export const ANCHOR_SIZE = { width: 384, height: 512 } as const;
/**
 * The studio backdrop anchors are drawn on: plain (the figure's colours stand alone) but a soft
 * gradient with a floor, because the engines' tone pass cuts its levels where the picture's lumas
 * are, and one flat colour would take a level of its own and crush the figure's tones.
 */
const BACKDROP_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="${ANCHOR_SIZE.width}" height="${ANCHOR_SIZE.height}">
<defs><linearGradient id="w" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f4f1ea"/><stop offset="1" stop-color="#b9b2a4"/></linearGradient>
<linearGradient id="f" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#a59d8e"/><stop offset="1" stop-color="#6f685c"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#w)"/><rect y="${Math.round(ANCHOR_SIZE.height * 0.86)}" width="100%" height="${Math.round(ANCHOR_SIZE.height * 0.14)}" fill="url(#f)"/></svg>`;

let backdrop: Promise<Buffer> | null = null;
function backdropPng(): Promise<Buffer> {
  backdrop ??= sharp(Buffer.from(BACKDROP_SVG)).png().toBuffer();
  return backdrop;
}

export interface AnchorCharacter {
  id: string;
  name: string;
  palette: string[];
  references: Buffer[];
  style: StyleParams | null;
}

/** The engine description of one anchor (exported for tests and the ComfyUI prompt). */
export async function anchorDescription(
  character: AnchorCharacter,
  spec: AnchorSpec,
  version: number,
): Promise<PanelDescription> {
  const angleWords = spec.angle.replaceAll("-", " ");
  return {
    prompt:
      `Character sheet of ${character.name}: full figure, ${angleWords} view, ${spec.expression} expression, ` +
      `${spec.pose}, plain studio backdrop`,
    negativePrompt: "background scenery, other people, cropped, text",
    width: ANCHOR_SIZE.width,
    height: ANCHOR_SIZE.height,
    seed: seedOf(`${character.id}/${anchorSpecKey(spec)}/${version}`),
    variations: 1,
    location: {
      name: "studio backdrop",
      lighting: "day",
      camera: "eye",
      shot: "medium",
      background: await backdropPng(),
    },
    characters: [
      {
        id: character.id,
        name: character.name,
        palette: character.palette,
        x: 0.5,
        y: spec.pose === "sitting" ? 0.9 : 0.95,
        scale: 0.86,
        pose: spec.pose,
        expression: spec.expression,
        angle: spec.angle,
        ...(character.references.length ? { references: character.references.slice(0, 6) } : {}),
      },
    ],
    style: character.style ?? DEFAULT_STYLE,
  };
}

/** Renders one anchor and stores it; returns its storage key. */
export async function renderAnchor(
  deps: Pick<LibraryDeps, "engine" | "storage">,
  projectId: string,
  anchorId: string,
  character: AnchorCharacter,
  spec: AnchorSpec,
  version: number,
  options: GenerateOptions = {},
): Promise<string> {
  const result = await deps.engine.generate(await anchorDescription(character, spec, version), options);
  const png = result.variations[0]!.png;
  const key = libraryKeys.anchor(projectId, character.id, anchorId, version);
  await deps.storage.put(key, png, "image/png");
  return key;
}
