import sharp from "sharp";

/**
 * Reference-image heuristics for character setup: sharpness (variance of the Laplacian),
 * perceptual difference hash for near-duplicates, and left/right asymmetry of the figure's
 * silhouette as a rough angle cue (front and back views are mirror-symmetric, profiles and 3/4
 * views are not, and which side carries the mass says which way the figure turns).
 */

/** Long side the sharpness is measured at, so it does not depend on the upload's resolution. */
export const SHARPNESS_SIDE_PX = 256;
/** Side of the silhouette grid the asymmetry is measured on. */
export const SILHOUETTE_SIDE_PX = 64;

export interface ImageHeuristics {
  /** Variance of the 4-neighbour Laplacian of the grey image at SHARPNESS_SIDE_PX (higher: sharper). */
  sharpness: number;
  /** 256-bit difference hash (17x16 grey), as 64 hex digits. */
  hash: string;
  /** 0 mirror-symmetric silhouette .. 1 entirely one-sided. */
  asymmetry: number;
  /** -1 the silhouette reaches out to the left .. 1 to the right (the side it turns or points to). */
  lean: number;
}

/** Variance of the discrete Laplacian of a grey plane (borders skipped). */
export function laplacianVariance(grey: Uint8Array | Buffer, width: number, height: number): number {
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v = grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * grey[i]!;
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Side of the difference hash: HASH_SIDE + 1 columns by HASH_SIDE rows, HASH_SIDE^2 bits. */
export const HASH_SIDE = 16;

/**
 * Difference hash of a (HASH_SIDE + 1) x HASH_SIDE grey plane: bit = pixel brighter than its right
 * neighbour. 256 bits rather than the classic 64: references of one character on a plain
 * backdrop share most of their coarse structure, and 8x8 cannot tell two poses apart.
 */
export function differenceHash(grey: Uint8Array | Buffer): string {
  let hex = "";
  for (let y = 0; y < HASH_SIDE; y++) {
    for (let x = 0; x < HASH_SIDE; x += 4) {
      let nibble = 0;
      for (let k = 0; k < 4; k++) {
        const i = y * (HASH_SIDE + 1) + x + k;
        nibble = (nibble << 1) | (grey[i]! > grey[i + 1]! ? 1 : 0);
      }
      hex += nibble.toString(16);
    }
  }
  return hex;
}

export function hammingDistance(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    let x = Number.parseInt(a[i]!, 16) ^ Number.parseInt(b[i]!, 16);
    while (x) {
      n += x & 1;
      x >>= 1;
    }
  }
  return n;
}

/**
 * Silhouette asymmetry of an RGB square (side x side): foreground is what differs from the
 * border's median colour; asymmetry is the share of foreground pixels without a mirror twin.
 */
export function silhouetteAsymmetry(
  rgb: Uint8Array | Buffer,
  side: number,
): { asymmetry: number; lean: number } {
  const border: number[][] = [[], [], []];
  for (let i = 0; i < side; i++) {
    for (const [x, y] of [
      [i, 0],
      [i, side - 1],
      [0, i],
      [side - 1, i],
    ] as const) {
      const p = (y * side + x) * 3;
      for (let c = 0; c < 3; c++) border[c]!.push(rgb[p + c]!);
    }
  }
  const median = border.map((values) => values.sort((a, b) => a - b)[values.length >> 1]!);
  const mask = new Uint8Array(side * side);
  let mass = 0;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const p = (y * side + x) * 3;
      const d =
        Math.abs(rgb[p]! - median[0]!) +
        Math.abs(rgb[p + 1]! - median[1]!) +
        Math.abs(rgb[p + 2]! - median[2]!);
      if (d > 60) {
        mask[y * side + x] = 1;
        mass++;
      }
    }
  }
  if (mass === 0) return { asymmetry: 0, lean: 0 };
  // Mirror about the silhouette's own centre column, so an off-centre figure is not "asymmetric".
  let cx = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) cx += i % side;
  cx /= mass;
  let unmatched = 0;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (!mask[y * side + x]) continue;
      const mx = Math.round(2 * cx - x);
      if (mx < 0 || mx >= side || !mask[y * side + mx]) unmatched++;
    }
  }
  // Lean: where the mass sits relative to the bounding box centre (a profile's face and feet point one way).
  let minX = side;
  let maxX = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    minX = Math.min(minX, i % side);
    maxX = Math.max(maxX, i % side);
  }
  const boxCentre = (minX + maxX) / 2;
  const halfWidth = Math.max(1, (maxX - minX) / 2);
  // What sticks out (an arm, a profile's face and feet) pulls the box, not the mass, that way.
  return { asymmetry: unmatched / mass, lean: Math.max(-1, Math.min(1, (boxCentre - cx) / halfWidth)) };
}

/** All heuristics of one encoded image. */
export async function measureImage(bytes: Buffer): Promise<ImageHeuristics> {
  const grey = await sharp(bytes)
    .flatten({ background: "#ffffff" })
    .resize(SHARPNESS_SIDE_PX, SHARPNESS_SIDE_PX, { fit: "inside" })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const hash = await sharp(bytes)
    .flatten({ background: "#ffffff" })
    .resize(HASH_SIDE + 1, HASH_SIDE, { fit: "fill" })
    .greyscale()
    .raw()
    .toBuffer();
  const rgb = await sharp(bytes)
    .flatten({ background: "#ffffff" })
    .resize(SILHOUETTE_SIDE_PX, SILHOUETTE_SIDE_PX, { fit: "fill" })
    .removeAlpha()
    .raw()
    .toBuffer();
  const { asymmetry, lean } = silhouetteAsymmetry(rgb, SILHOUETTE_SIDE_PX);
  return {
    sharpness: laplacianVariance(grey.data, grey.info.width, grey.info.height),
    hash: differenceHash(hash),
    asymmetry,
    lean,
  };
}
