import type { Character } from "@comic-studio/shared";
import { deltaE } from "../analysis/color.ts";
import { loadRgb, type RgbImage } from "../analysis/image.ts";
import { extractPalette, type PaletteColour } from "../analysis/palette.ts";
import { INK_LUMA_MAX } from "../analysis/style-scale.ts";
import { rolePalette } from "../engines/sketch/figure.ts";

/**
 * A character's identity features from its references: the colours of its hair, skin, outfit and
 * legs (bands of the figure's central column, where references usually show the character) and
 * the silhouette's proportions. The palette comes out in the engines' colour roles
 * (outfit, bottoms, hair, skin, accent), so the sketch engine draws the character in its colours.
 */

/** Bands of the central column (fractions of the height) each role is read from. */
const BANDS = {
  hair: [0.04, 0.2],
  skin: [0.18, 0.32],
  outfit: [0.34, 0.54],
  bottoms: [0.66, 0.92],
} as const;
const COLUMN = [0.32, 0.68] as const;
/** Sides the references are analysed at. */
const ANALYSIS_SIDE_PX = 192;

/** The band of the central column, ink left out (outlines would pass for a dark colour role). */
function bandMask(image: RgbImage, band: readonly [number, number]): Uint8Array {
  const mask = new Uint8Array(image.width * image.height);
  for (let y = Math.floor(image.height * band[0]); y < Math.ceil(image.height * band[1]); y++) {
    for (let x = Math.floor(image.width * COLUMN[0]); x < Math.ceil(image.width * COLUMN[1]); x++) {
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
function consensus(images: readonly RgbImage[], band: readonly [number, number], skip: readonly Lab[]) {
  const pools: Array<{ members: Array<{ hex: string; lab: Lab; weight: number }>; weight: number }> = [];
  for (const image of images) {
    for (const c of extractPalette(image, { maxColours: 4, mask: bandMask(image, band) })) {
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

/** Height / width of the non-background silhouette (background: the border's dominant colour). */
function silhouetteAspect(image: RgbImage): number | null {
  const [bg] = extractPalette(image, { maxColours: 1, mask: borderMask(image) });
  if (!bg) return null;
  const r = Number.parseInt(bg.hex.slice(1, 3), 16);
  const g = Number.parseInt(bg.hex.slice(3, 5), 16);
  const b = Number.parseInt(bg.hex.slice(5, 7), 16);
  let minX = image.width;
  let maxX = -1;
  let minY = image.height;
  let maxY = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 3;
      const d =
        Math.abs(image.data[i]! - r) + Math.abs(image.data[i + 1]! - g) + Math.abs(image.data[i + 2]! - b);
      if (d < 60) continue;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  if (maxX < minX) return null;
  return Math.round(((maxY - minY + 1) / (maxX - minX + 1)) * 100) / 100;
}

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

export interface CharacterFeatures {
  /** Engine colour roles: outfit, bottoms, hair, skin, accent. */
  palette: string[];
  identity: NonNullable<Character["identity"]>;
}

export async function extractCharacterFeatures(references: readonly Buffer[]): Promise<CharacterFeatures> {
  if (references.length === 0) throw new Error("a character needs at least one reference");
  const images = await Promise.all(references.map((b) => loadRgb(b, ANALYSIS_SIDE_PX)));
  // Background colours are common to every band; keep them out of the roles.
  const used: Lab[] = images.flatMap((img) =>
    extractPalette(img, { maxColours: 1, mask: borderMask(img) }).map((c) => c.lab),
  );
  const pick = (band: readonly [number, number]) => {
    const best = consensus(images, band, used)[0];
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
  const accent = consensus(images, BANDS.outfit, used)[0]?.hex ?? null;
  const aspects = images.map(silhouetteAspect).filter((a): a is number => a !== null);
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
