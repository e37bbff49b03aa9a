import sharp from "sharp";
import { createRng } from "./rng.ts";

/**
 * Preview frames like a diffusion sampler's: a grid with one tile per variation, each tile shown
 * as far as it has been drawn, blurred less and less as the stages advance; variations not
 * started yet show seeded noise.
 */

/** Largest side of one tile, px. */
export const PREVIEW_TILE_MAX_PX = 192;

export interface TileSize {
  width: number;
  height: number;
}

export function tileSize(width: number, height: number, maxSide = PREVIEW_TILE_MAX_PX): TileSize {
  const k = maxSide / Math.max(width, height);
  return { width: Math.max(8, Math.round(width * k)), height: Math.max(8, Math.round(height * k)) };
}

export function gridShape(count: number): { cols: number; rows: number } {
  const cols = count <= 1 ? 1 : count <= 4 ? 2 : 4;
  return { cols, rows: Math.ceil(count / cols) };
}

export function noiseTile(size: TileSize, seed: number): Buffer {
  const rng = createRng(seed, "noise");
  const data = Buffer.alloc(size.width * size.height * 3);
  for (let i = 0; i < data.length; i++) data[i] = 96 + Math.floor(rng.next() * 96);
  return data;
}

/** Downscales a full-size RGB render to a tile, blurred by `sigma` (tile px; 0 = sharp). */
export async function tileFrom(
  raw: Buffer,
  width: number,
  height: number,
  size: TileSize,
  sigma: number,
): Promise<Buffer> {
  let image = sharp(raw, { raw: { width, height, channels: 3 } }).resize(size.width, size.height, {
    fit: "fill",
  });
  if (sigma >= 0.3) image = image.blur(sigma);
  return image.removeAlpha().raw().toBuffer();
}

export async function gridJpeg(tiles: readonly Buffer[], size: TileSize): Promise<Buffer> {
  const { cols, rows } = gridShape(tiles.length);
  return sharp({
    create: { width: cols * size.width, height: rows * size.height, channels: 3, background: "#808080" },
  })
    .composite(
      tiles.map((tile, i) => ({
        input: tile,
        raw: { width: size.width, height: size.height, channels: 3 as const },
        left: (i % cols) * size.width,
        top: Math.floor(i / cols) * size.height,
      })),
    )
    .jpeg({ quality: 70 })
    .toBuffer();
}
