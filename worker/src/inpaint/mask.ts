import sharp from "sharp";
import { EngineInputError } from "../engines/errors.ts";

/** Feather radius as a share of the picture's long side: wide enough to hide the seam. */
export const FEATHER_SHARE = 0.012;
/** A mask covering less than this share of the picture has nothing to regenerate. */
export const MIN_MASK_COVERAGE = 0.0005;

/**
 * A mask as per-pixel coverage 0..1 at the picture's size: white-and-opaque is 1, black or
 * transparent is 0 (luminance times alpha), scaled to the picture and feathered by a Gaussian
 * blur so the regenerated region fades into the kept one.
 */
export async function maskCoverage(
  mask: Buffer,
  width: number,
  height: number,
  featherPx = Math.max(1, Math.max(width, height) * FEATHER_SHARE),
): Promise<{ coverage: Float32Array; share: number }> {
  let raw: Buffer;
  try {
    raw = await sharp(mask)
      .ensureAlpha()
      .resize(width, height, { fit: "fill" })
      .toColourspace("srgb")
      .raw()
      .toBuffer();
  } catch (error) {
    throw new EngineInputError("The inpainting mask is not a readable image", { cause: String(error) });
  }
  const grey = Buffer.allocUnsafe(width * height);
  let sum = 0;
  for (let i = 0; i < grey.length; i++) {
    const r = raw[i * 4]!;
    const g = raw[i * 4 + 1]!;
    const b = raw[i * 4 + 2]!;
    const a = raw[i * 4 + 3]!;
    const v = Math.round(((0.299 * r + 0.587 * g + 0.114 * b) * a) / 255);
    grey[i] = v;
    sum += v / 255;
  }
  const share = sum / grey.length;
  if (share < MIN_MASK_COVERAGE)
    throw new EngineInputError("The inpainting mask is empty: paint the part to fix");
  const blurred = await sharp(grey, { raw: { width, height, channels: 1 } })
    .blur(Math.max(0.3, featherPx / 2))
    .extractChannel(0)
    .raw()
    .toBuffer();
  const coverage = new Float32Array(width * height);
  for (let i = 0; i < coverage.length; i++) coverage[i] = blurred[i]! / 255;
  return { coverage, share };
}

/** `kept` where coverage is 0, `fresh` where it is 1, mixed in between (packed RGB, same size). */
export function blendThroughMask(kept: Buffer, fresh: Buffer, coverage: Float32Array): Buffer {
  const out = Buffer.allocUnsafe(kept.length);
  for (let i = 0; i < coverage.length; i++) {
    const m = coverage[i]!;
    for (let c = 0; c < 3; c++) {
      const j = i * 3 + c;
      out[j] = Math.round(kept[j]! * (1 - m) + fresh[j]! * m);
    }
  }
  return out;
}

/** Decodes any image to packed RGB at the given size (or its own). */
export async function rawRgb(
  image: Buffer,
  size?: { width: number; height: number },
): Promise<{ data: Buffer; width: number; height: number }> {
  let pipeline = sharp(image).flatten({ background: "#ffffff" }).toColourspace("srgb");
  if (size) pipeline = pipeline.resize(size.width, size.height, { fit: "fill" });
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
