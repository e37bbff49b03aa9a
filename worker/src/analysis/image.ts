import sharp from "sharp";
import { AnalysisError } from "./errors.ts";

/** A packed 8-bit sRGB image (3 bytes per pixel, row-major). */
export interface RgbImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Longest side analysis works at; bigger inputs are downscaled first. */
export const ANALYSIS_MAX_SIDE_PX = 1024;

/**
 * Decodes any image sharp reads (PNG, JPEG, WebP, ...) to packed sRGB, honouring EXIF rotation,
 * putting transparency on white, and shrinking (never enlarging) to `maxSide`.
 */
export async function loadRgb(input: Buffer, maxSide = ANALYSIS_MAX_SIDE_PX): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(input, { failOn: "error" })
      .rotate()
      .flatten({ background: "#ffffff" })
      .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb")
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
    return { data, width: info.width, height: info.height };
  } catch (error) {
    throw new AnalysisError("ANALYSIS_BAD_IMAGE", "The image could not be read", { cause: error });
  }
}

/** Decoded size of an image without decoding its pixels. */
export async function imageSize(input: Buffer): Promise<{ width: number; height: number }> {
  try {
    const meta = await sharp(input).metadata();
    if (!meta.width || !meta.height) throw new Error("no dimensions");
    return { width: meta.width, height: meta.height };
  } catch (error) {
    throw new AnalysisError("ANALYSIS_BAD_IMAGE", "The image could not be read", { cause: error });
  }
}

/** A crop of a packed RGB image (box clipped to the image). */
export function cropRgb(
  image: RgbImage,
  box: { x: number; y: number; width: number; height: number },
): RgbImage {
  const x0 = Math.max(0, Math.min(image.width - 1, Math.floor(box.x)));
  const y0 = Math.max(0, Math.min(image.height - 1, Math.floor(box.y)));
  const x1 = Math.max(x0 + 1, Math.min(image.width, Math.ceil(box.x + box.width)));
  const y1 = Math.max(y0 + 1, Math.min(image.height, Math.ceil(box.y + box.height)));
  const width = x1 - x0;
  const height = y1 - y0;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * image.width + x0) * 3;
    image.data.copy(data, y * width * 3, from, from + width * 3);
  }
  return { data, width, height };
}

/** Rec. 709 luma per pixel, 0..255, as floats. */
export function lumaPlane(image: RgbImage): Float32Array {
  const out = new Float32Array(image.width * image.height);
  const d = image.data;
  for (let i = 0, p = 0; p < out.length; i += 3, p++) {
    out[p] = 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;
  }
  return out;
}
