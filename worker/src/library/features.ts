import type { Character } from "@comic-studio/shared";
import sharp from "sharp";
import { deltaE } from "../analysis/color.ts";
import { imageSize, loadRgb, type RgbImage } from "../analysis/image.ts";
import { extractPalette, type PaletteColour } from "../analysis/palette.ts";
import { INK_LUMA_MAX } from "../analysis/style-scale.ts";
import { rolePalette } from "../engines/sketch/figure.ts";

/**
 * A character's identity features from its references: the colours of its hair, skin, outfit and
 * legs (bands of the figure's central column, where references usually show the character) and
 * the silhouette's proportions. The palette comes out in the engines' colour roles
 * (outfit, bottoms, hair, skin, accent), so the sketch engine draws the character in its colours.
 */

/** Bands of the figure's central column (fractions of its box, head to feet) each role is read from. */
const BANDS = {
  hair: [0, 0.13],
  skin: [0.12, 0.26],
  outfit: [0.29, 0.5],
  bottoms: [0.64, 0.9],
} as const;
const COLUMN = [0.32, 0.68] as const;
/** Sides the references are analysed at. */
const ANALYSIS_SIDE_PX = 192;

/** Where the figure stands in a reference, pixels (inclusive). */
interface FigureBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * The band of the figure's central column, ink left out (outlines would pass for a dark colour
 * role). Bands are fractions of the figure's own box, so a small figure in a wide shot is read
 * where it stands, not where a full-frame one would be.
 */
function bandMask(image: RgbImage, band: readonly [number, number], box: FigureBox): Uint8Array {
  const mask = new Uint8Array(image.width * image.height);
  const h = box.y1 - box.y0 + 1;
  const w = box.x1 - box.x0 + 1;
  for (let y = box.y0 + Math.floor(h * band[0]); y < box.y0 + Math.ceil(h * band[1]); y++) {
    for (let x = box.x0 + Math.floor(w * COLUMN[0]); x < box.x0 + Math.ceil(w * COLUMN[1]); x++) {
      const p = y * image.width + x;
      const i = p * 3;
      const luma = 0.2126 * image.data[i]! + 0.7152 * image.data[i + 1]! + 0.0722 * image.data[i + 2]!;
      if (luma >= INK_LUMA_MAX) mask[p] = 1;
    }
  }
  return mask;
}

/** Colours closer than this (CIE76 delta E) count as the same colour. */
const SAME_COLOUR_DELTA_E = 12;

type Lab = PaletteColour["lab"];

function near(lab: Lab, others: readonly Lab[]): boolean {
  return others.some((o) => deltaE(lab, o) < SAME_COLOUR_DELTA_E);
}

/** Hue-and-chroma distance (a*, b* only): a colour's lit and shaded sides are one role. */
const SAME_ROLE_AB = 12;

/**
 * The colours references agree on for a band, most voted first. Near colours are pooled, and so
 * are the lit and shaded sides of one colour (same a*b*, other L*); a pool is represented by its
 * lightest substantial member, the base colour the shading darkens.
 */
function consensus(
  images: readonly { image: RgbImage; box: FigureBox }[],
  band: readonly [number, number],
  skip: readonly Lab[],
) {
  const pools: Array<{ members: Array<{ hex: string; lab: Lab; weight: number }>; weight: number }> = [];
  for (const { image, box } of images) {
    for (const c of extractPalette(image, { maxColours: 4, mask: bandMask(image, band, box) })) {
      if (near(c.lab, skip)) continue;
      const pool = pools.find((p) =>
        p.members.some((m) => Math.hypot(m.lab[1] - c.lab[1], m.lab[2] - c.lab[2]) < SAME_ROLE_AB),
      );
      const member = { hex: c.hex, lab: c.lab, weight: c.weight };
      if (pool) {
        pool.members.push(member);
        pool.weight += c.weight;
      } else pools.push({ members: [member], weight: c.weight });
    }
  }
  return pools
    .sort((a, b) => b.weight - a.weight)
    .map((pool) => {
      const heaviest = pool.members.reduce((best, m) => (m.weight > best.weight ? m : best));
      const base = pool.members
        .filter((m) => m.weight >= pool.weight * 0.1)
        .reduce((best, m) => (m.lab[0] > best.lab[0] ? m : best), heaviest);
      return { hex: base.hex, lab: base.lab, weight: pool.weight };
    });
}

/**
 * The figure's box: pixels that differ from their row's background, read at the row's two ends
 * (so a backdrop drawn in horizontal bands, a floor or a horizon is background wherever it is).
 * Null when nothing stands out, or so little that the reference is better read whole.
 */
export function figureBox(image: RgbImage): FigureBox | null {
  const box = { x0: image.width, x1: -1, y0: image.height, y1: -1 };
  const edge = Math.max(1, Math.round(image.width * 0.03));
  for (let y = 0; y < image.height; y++) {
    const at = (x: number) => (y * image.width + x) * 3;
    // The row's background: whichever end's colour the other end also has, else the left one.
    const left = at(0);
    const right = at(image.width - 1);
    const bg = image.data.subarray(left, left + 3);
    const other = image.data.subarray(right, right + 3);
    let count = 0;
    let first = -1;
    let last = -1;
    for (let x = edge; x < image.width - edge; x++) {
      const i = at(x);
      const dl =
        Math.abs(image.data[i]! - bg[0]!) +
        Math.abs(image.data[i + 1]! - bg[1]!) +
        Math.abs(image.data[i + 2]! - bg[2]!);
      const dr =
        Math.abs(image.data[i]! - other[0]!) +
        Math.abs(image.data[i + 1]! - other[1]!) +
        Math.abs(image.data[i + 2]! - other[2]!);
      if (Math.min(dl, dr) < 60) continue;
      count++;
      if (first < 0) first = x;
      last = x;
    }
    if (count === 0 || count > image.width * FLOOR_ROW_SHARE) continue;
    box.y0 = Math.min(box.y0, y);
    box.y1 = Math.max(box.y1, y);
    box.x0 = Math.min(box.x0, first);
    box.x1 = Math.max(box.x1, last);
  }
  if (box.x1 < box.x0) return null;
  if (box.y1 - box.y0 + 1 < image.height * 0.2) return null;
  return box;
}

/** A row that differs from the background across more than this share of the width is scenery. */
const FLOOR_ROW_SHARE = 0.7;

function borderMask(image: RgbImage): Uint8Array {
  const mask = new Uint8Array(image.width * image.height);
  const m = Math.max(1, Math.round(Math.min(image.width, image.height) * 0.04));
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (x < m || y < m || x >= image.width - m || y >= image.height - m) mask[y * image.width + x] = 1;
    }
  }
  return mask;
}

/**
 * A reference read for its figure: found on an overview, then cut out of the full-resolution
 * picture and read again, so a small figure in a wide shot keeps its colours (at the overview's
 * size its hair and face would be a few pixels blurred into the ink).
 */
async function readFigure(
  reference: Buffer,
): Promise<{ image: RgbImage; box: FigureBox; found: boolean; background: Lab[] }> {
  const whole = (image: RgbImage): FigureBox => ({ x0: 0, x1: image.width - 1, y0: 0, y1: image.height - 1 });
  const overview = await loadRgb(reference, ANALYSIS_SIDE_PX);
  // The backdrop's colours (a wall and a floor, say), kept out of every role.
  const background = extractPalette(overview, { maxColours: 2, mask: borderMask(overview) })
    .filter((c) => c.weight >= 0.15)
    .map((c) => c.lab);
  const found = figureBox(overview);
  if (!found) return { image: overview, box: whole(overview), found: false, background };
  const upright = await sharp(reference, { failOn: "error" }).rotate().png().toBuffer();
  const size = await imageSize(upright);
  const k = size.width / overview.width;
  const pad = 2;
  const left = Math.max(0, Math.floor((found.x0 - pad) * k));
  const top = Math.max(0, Math.floor((found.y0 - pad) * k));
  const right = Math.min(size.width, Math.ceil((found.x1 + 1 + pad) * k));
  const bottom = Math.min(size.height, Math.ceil((found.y1 + 1 + pad) * k));
  const crop = await sharp(upright)
    .extract({ left, top, width: right - left, height: bottom - top })
    .png()
    .toBuffer();
  const image = await loadRgb(crop, ANALYSIS_SIDE_PX);
  return { image, box: figureBox(image) ?? whole(image), found: true, background };
}

export interface CharacterFeatures {
  /** Engine colour roles: outfit, bottoms, hair, skin, accent. */
  palette: string[];
  identity: NonNullable<Character["identity"]>;
}

export async function extractCharacterFeatures(references: readonly Buffer[]): Promise<CharacterFeatures> {
  if (references.length === 0) throw new Error("a character needs at least one reference");
  const figures = await Promise.all(references.map(readFigure));
  const images = figures.map((f) => f.image);
  // Background colours are common to every band; keep them out of the roles.
  const used: Lab[] = figures.flatMap((f) => f.background);
  const pick = (band: readonly [number, number]) => {
    const best = consensus(figures, band, used)[0];
    if (!best) return null;
    used.push(best.lab);
    return best.hex;
  };
  // Outfit first (the largest area), then skin (the lower face), then hair with the face's
  // colour already taken: the hair band is mostly face in front views.
  const outfit = pick(BANDS.outfit);
  const skin = pick(BANDS.skin);
  const hair = pick(BANDS.hair);
  const bottoms = pick(BANDS.bottoms);
  const accent = consensus(figures, BANDS.outfit, used)[0]?.hex ?? null;
  const aspects = figures
    .filter((f) => f.found)
    .map(({ box }) => Math.round(((box.y1 - box.y0 + 1) / (box.x1 - box.x0 + 1)) * 100) / 100);
  const aspect = aspects.length ? aspects.sort((a, b) => a - b)[aspects.length >> 1]! : null;
  // Roles stay in place: a role the references do not show is drawn in the engine's default.
  const palette = rolePalette([outfit, bottoms, hair, skin, accent]);
  return {
    palette,
    identity: {
      summary:
        `Outfit ${outfit ?? "unknown"}, hair ${hair ?? "unknown"}, skin ${skin ?? "unknown"}` +
        `${aspect ? `, figure ${aspect}:1 tall` : ""}; from ${images.length} reference${images.length === 1 ? "" : "s"}.`,
      hair,
      skin,
      outfit,
      aspect,
    },
  };
}
