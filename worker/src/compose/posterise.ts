/**
 * Keeps a composed panel on its style's tone levels. Relighting, temperature matching and cast
 * shadows move the composed pixels continuously, which would add tones a cel-shaded style does not
 * have; this snaps the pixels the composition changed back onto the environment's own levels.
 */

/** The tone levels a composite must keep, and the ink that is left alone. */
export interface ToneLock {
  /** Luma of each tone level the environment uses, any order. */
  levels: readonly number[];
  /**
   * Pixels darker than this luma are ink or spot blacks and keep their value (the style's tone
   * pass never puts a tone this dark).
   */
  inkBelow: number;
}

/**
 * Snaps each pixel of `image` (packed RGB, in place) that differs from `environment` to the
 * nearest of the locked levels, shifting R, G and B by the same amount as the style's tone pass
 * does, so the relit hue and chroma survive and only the luma is posterised. Ink (what is darker
 * than `lock.inkBelow`) is left as drawn.
 */
export function snapToToneLevels(image: Buffer, environment: Buffer, lock: ToneLock): void {
  const levels = [...lock.levels].sort((a, b) => a - b);
  if (levels.length === 0) return;
  // Target luma for every integer luma: the nearest level.
  const target = new Int16Array(256);
  for (let y = 0, k = 0; y < 256; y++) {
    while (k + 1 < levels.length && Math.abs(levels[k + 1]! - y) <= Math.abs(levels[k]! - y)) k++;
    target[y] = Math.round(levels[k]!);
  }
  for (let i = 0; i < image.length; i += 3) {
    const r = image[i]!;
    const g = image[i + 1]!;
    const b = image[i + 2]!;
    if (r === environment[i] && g === environment[i + 1] && b === environment[i + 2]) continue;
    // The same integer luma as the tone pass (engines/sketch/tone.ts).
    const y = (54 * r + 183 * g + 19 * b) >> 8;
    if (y < lock.inkBelow) continue;
    const d = target[y]! - y;
    image[i] = clampByte(r + d);
    image[i + 1] = clampByte(g + d);
    image[i + 2] = clampByte(b + d);
  }
}

function clampByte(v: number): number {
  return Math.min(255, Math.max(0, v));
}
