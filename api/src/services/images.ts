import { createHash } from "node:crypto";
import { AppError, UPLOAD_MIME_TYPES } from "@comic-studio/shared";
import sharp, { type Metadata, type OutputInfo } from "sharp";

export type ImageMime = (typeof UPLOAD_MIME_TYPES)[number];

/** The image type the bytes say they are, by magic number; null for anything else. */
export function sniffImage(bytes: Buffer): ImageMime | null {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return "image/png";
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (
    bytes.length >= 12 &&
    bytes.toString("latin1", 0, 4) === "RIFF" &&
    bytes.toString("latin1", 8, 12) === "WEBP"
  ) {
    return "image/webp";
  }
  return null;
}

const SHARP_FORMAT: Record<ImageMime, string> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/webp": "webp",
};
export const EXTENSION: Record<ImageMime, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
};

export interface NormalisedImage {
  mime: ImageMime;
  data: Buffer;
  width: number;
  height: number;
  sha256: string;
  thumbnail: Buffer;
}

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_PX = 256;

const UNREADABLE = () =>
  new AppError("UNSUPPORTED_MEDIA", "The file could not be read as a PNG, JPEG or WebP image.", {
    accepted: UPLOAD_MIME_TYPES,
  });

function isPixelLimit(error: unknown): boolean {
  return error instanceof Error && /pixel limit/i.test(error.message);
}

/**
 * Checks an upload by content and makes it safe to serve: magic bytes, a header read, a full
 * decode under a pixel limit (decompression bombs stop before their pixels are allocated; a
 * truncated file fails the decode), then EXIF orientation applied, sRGB, all metadata dropped.
 * The stored bytes are the normalised ones, and they are what the SHA-256 names.
 */
export async function normaliseImage(bytes: Buffer, maxPixels: number): Promise<NormalisedImage> {
  const mime = sniffImage(bytes);
  if (!mime) throw UNREADABLE();
  const options = { limitInputPixels: maxPixels, failOn: "warning", animated: false } as const;
  let meta: Metadata;
  try {
    // The header alone (no pixels decoded), read without the limit so a bomb is named as one.
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw UNREADABLE();
  }
  if (meta.format !== SHARP_FORMAT[mime] || !meta.width || !meta.height) throw UNREADABLE();
  if (meta.width * meta.height > maxPixels) {
    throw new AppError("PAYLOAD_TOO_LARGE", "The image has too many pixels.", {
      width: meta.width,
      height: meta.height,
      maxPixels,
    });
  }
  let pipeline = sharp(bytes, options).autoOrient().toColourspace("srgb");
  if (mime === "image/jpeg") pipeline = pipeline.jpeg({ quality: 92 });
  else if (mime === "image/png") pipeline = pipeline.png({ compressionLevel: 6 });
  else pipeline = pipeline.webp({ quality: 92 });
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (isPixelLimit(error)) {
      throw new AppError("PAYLOAD_TOO_LARGE", "The image has too many pixels.", { maxPixels });
    }
    throw new AppError("UNSUPPORTED_MEDIA", "The image is damaged or incomplete.");
  }
  const thumbnail = await sharp(out.data)
    .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: "inside", withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
  return {
    mime,
    data: out.data,
    width: out.info.width,
    height: out.info.height,
    sha256: createHash("sha256").update(out.data).digest("hex"),
    thumbnail,
  };
}
