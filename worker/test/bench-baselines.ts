import sharp from "sharp";

/**
 * Baselines for `pnpm bench:engine` (bench/engine/run.ts): plain sharp work of the same size as
 * what the engine and the descriptor do, so their costs read as ratios on the machine at hand.
 * They live in the worker package because sharp is the worker's dependency.
 */

/** A 2w x 2h raw RGB source with `picture` in its corner (content like the engine's). */
export async function baselineSource(picture: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp({
    create: { width: 2 * width, height: 2 * height, channels: 3, background: { r: 120, g: 160, b: 200 } },
  })
    .composite([{ input: picture, left: 0, top: 0 }])
    .raw()
    .toBuffer();
}

/** Resize the 2w x 2h source to w x h and encode a PNG at the engine's compression level. */
export function resizeAndEncode(source: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(source, { raw: { width: 2 * width, height: 2 * height, channels: 3 } })
    .resize(width, height)
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** The descriptor's preprocessing alone: decode, flatten, resize to the model input. */
export function decodeAndResize(image: Buffer, side: number): Promise<Buffer> {
  return sharp(image).flatten({ background: "#ffffff" }).resize(side, side, { fit: "fill" }).raw().toBuffer();
}
