import sharp from "sharp";

/** A packed 8-bit sRGBA image, straight (not premultiplied) alpha. */
export interface RgbaImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Box of the pixels whose alpha is above `minAlpha`, or null when the layer is empty. */
export function alphaBox(
  layer: RgbaImage,
  minAlpha = 8,
): { x0: number; y0: number; x1: number; y1: number } | null {
  const { width: w, height: h, data } = layer;
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (data[(y * w + x) * 4 + 3]! <= minAlpha) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Decodes any image to RGBA at its own size. */
export async function loadRgba(input: Buffer): Promise<RgbaImage> {
  const { data, info } = await sharp(input)
    .ensureAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Crops a layer to a box and resizes the crop by `scale` (at least 1x1 px). */
export async function cropAndScale(
  layer: RgbaImage,
  box: { x0: number; y0: number; x1: number; y1: number },
  scale: number,
): Promise<RgbaImage> {
  const width = Math.max(1, Math.round((box.x1 - box.x0) * scale));
  const height = Math.max(1, Math.round((box.y1 - box.y0) * scale));
  const { data, info } = await sharp(layer.data, {
    raw: { width: layer.width, height: layer.height, channels: 4 },
  })
    .extract({ left: box.x0, top: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0 })
    .resize({ width, height, fit: "fill", kernel: "lanczos3" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
