import sharp from "sharp";

/** Bilinear resampling of a float map. */
export function upsample(src: Float32Array, sw: number, sh: number, dw: number, dh: number): Float32Array {
  if (sw === dw && sh === dh) return src;
  const out = new Float32Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / dh - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / dw - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const tx = fx - x0;
      const top = src[y0 * sw + x0]! * (1 - tx) + src[y0 * sw + x1]! * tx;
      const bottom = src[y1 * sw + x0]! * (1 - tx) + src[y1 * sw + x1]! * tx;
      out[y * dw + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return out;
}

/** The map as an 8-bit grey PNG, near bright. */
export async function depthPng(data: Float32Array, width: number, height: number): Promise<Buffer> {
  const grey = Buffer.allocUnsafe(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round(255 * (1 - Math.max(0, Math.min(1, data[i]!))));
  return sharp(grey, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}
