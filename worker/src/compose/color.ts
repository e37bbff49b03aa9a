/**
 * Colour-temperature arithmetic for composition: sRGB <-> linear light, correlated colour
 * temperature (CCT) of an illuminant, and the RGB of a blackbody at a given temperature.
 */

export type Vec3 = [number, number, number];

const TO_LINEAR = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  TO_LINEAR[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** 8-bit sRGB to linear light, 0..1. */
export function toLinear(byte: number): number {
  return TO_LINEAR[byte]!;
}

/** Linear light 0..1 to an 8-bit sRGB value (rounded, clamped). */
export function toByte(linear: number): number {
  const c = Math.max(0, Math.min(1, linear));
  const s = c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.round(s * 255);
}

/** Relative luminance of linear RGB. */
export function luminance(rgb: Readonly<Vec3>): number {
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

/** Correlated colour temperature (K) of a linear-sRGB illuminant, by McCamy's approximation. */
export function cctOf(rgb: Readonly<Vec3>): number {
  const [r, g, b] = rgb;
  const X = 0.4124 * r + 0.3576 * g + 0.1805 * b;
  const Y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const Z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
  const sum = X + Y + Z;
  if (sum <= 1e-9) return 6504;
  const x = X / sum;
  const y = Y / sum;
  const n = (x - 0.332) / (0.1858 - y);
  const cct = 449 * n ** 3 + 3525 * n ** 2 + 6823.3 * n + 5520.33;
  return Math.max(1000, Math.min(40_000, cct));
}

/** Micro reciprocal degrees: temperature differences are perceptually even in mired, not kelvin. */
export function mired(kelvin: number): number {
  return 1e6 / kelvin;
}

/**
 * Linear-sRGB colour of a blackbody at `kelvin` (1000..40000 K), normalised to luminance 1.
 * Planck's law integrated against the CIE 1931 observer would be exact; this uses the
 * Kang et al. (2002) cubic fit of the Planckian locus in xy, which is within 1e-3 of it.
 */
export function blackbodyRgb(kelvin: number): Vec3 {
  const t = Math.max(1667, Math.min(25_000, kelvin));
  const x =
    t <= 4000
      ? -0.2661239e9 / t ** 3 - 0.234358e6 / t ** 2 + 0.8776956e3 / t + 0.17991
      : -3.0258469e9 / t ** 3 + 2.1070379e6 / t ** 2 + 0.2226347e3 / t + 0.24039;
  const y =
    t <= 2222
      ? -1.1063814 * x ** 3 - 1.3481102 * x ** 2 + 2.18555832 * x - 0.20219683
      : t <= 4000
        ? -0.9549476 * x ** 3 - 1.37418593 * x ** 2 + 2.09137015 * x - 0.16748867
        : 3.081758 * x ** 3 - 5.8733867 * x ** 2 + 3.75112997 * x - 0.37001483;
  const X = x / y;
  const Z = (1 - x - y) / y;
  const r = 3.2406 * X - 1.5372 - 0.4986 * Z;
  const g = -0.9689 * X + 1.8758 + 0.0415 * Z;
  const b = 0.0557 * X - 0.204 + 1.057 * Z;
  const rgb: Vec3 = [Math.max(0, r), Math.max(0, g), Math.max(0, b)];
  const l = luminance(rgb);
  return [rgb[0] / l, rgb[1] / l, rgb[2] / l];
}
