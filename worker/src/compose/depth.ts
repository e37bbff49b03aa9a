import sharp from "sharp";
import { loadRgb, type RgbImage } from "../analysis/image.ts";
import { depthPng, upsample } from "./maps.ts";

/**
 * A monocular depth estimate from a rendered environment, with no model weights (the plan names
 * Depth Anything / MiDaS; a deployer can swap one in behind the same signature).
 *
 * Cues, in order:
 * 1. the horizon: the row where the picture's mean colour changes most (sky to ground, back wall
 *    to floor), searched between 10% and 92% of the height;
 * 2. the ground plane below it: for a pinhole camera over flat ground, disparity (1 / distance)
 *    grows linearly from the horizon to the bottom edge, so depth = 1 - (y - horizon) / (h - horizon);
 * 3. regions: the picture is split into colour-continuous regions (ink outlines and hard edges cut
 *    them). A region lying below the horizon that is wide or wider than tall is ground and takes the plane's depth per pixel;
 *    a region touching the top edge that ends above the horizon is sky (depth 1); any other region
 *    is an upright object and takes the ground depth at its foot (its lowest pixel) as a whole;
 *    an object that ends above the horizon without touching the ground (a window in a wall)
 *    takes the depth of the region it rests on;
 * 4. ink and edge pixels take the nearest depth around them (an outline belongs to the object in
 *    front), and a haze cue pulls low-contrast, sky-coloured regions slightly farther.
 */
export interface DepthMap {
  width: number;
  height: number;
  /** Depth per pixel, row-major, 0 = nearest (bottom edge of the ground) .. 1 = farthest (horizon, sky). */
  data: Float32Array;
  /** 8-bit grey PNG of the map for people: near is bright, far is dark (the MiDaS convention). */
  png: Buffer;
  /** Estimated horizon, px from the top (the ground plane's vanishing line). */
  horizonY: number;
}

/** Longest side the region analysis runs at; the map is upsampled to the input's size afterwards. */
export const DEPTH_WORK_MAX_SIDE_PX = 320;
/** Largest summed |dR|+|dG|+|dB| between neighbours that still joins them into one region. */
const REGION_JOIN_DIFF = 24;
/** Colour distance to the sketch ink (and any near-black line) below which a pixel counts as an edge. */
const INK_DISTANCE = 48;
const INK_RGB = [0x16, 0x15, 0x13] as const;

/** Ground-plane depth at row y for a horizon at `horizonY` in a picture `height` high. */
export function groundDepthAt(y: number, horizonY: number, height: number): number {
  if (y <= horizonY) return 1;
  const span = Math.max(1, height - horizonY);
  return Math.max(0, Math.min(1, 1 - (y - horizonY) / span));
}

/** Estimates depth from a PNG/JPEG/WebP render. The map has the input's own size. */
export async function estimateDepth(png: Buffer): Promise<DepthMap> {
  const meta = await sharp(png).metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const work = await loadRgb(png, DEPTH_WORK_MAX_SIDE_PX);
  const small = depthOfImage(work);
  const data = upsample(small.data, work.width, work.height, width, height);
  const horizonY = (small.horizonY * height) / work.height;
  return { width, height, data, png: await depthPng(data, width, height), horizonY };
}

/** The depth estimate at the image's own size (exported for tests and callers holding raw pixels). */
export function depthOfImage(image: RgbImage): { data: Float32Array; horizonY: number } {
  const { width: w, height: h, data: px } = image;
  const horizonY = findHorizon(image);
  const edge = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const dr = px[i * 3]! - INK_RGB[0];
    const dg = px[i * 3 + 1]! - INK_RGB[1];
    const db = px[i * 3 + 2]! - INK_RGB[2];
    if (Math.sqrt(dr * dr + dg * dg + db * db) < INK_DISTANCE) edge[i] = 1;
  }
  const { label, count } = regions(image, edge);
  // Region statistics: bounding box and whether it touches the top edge.
  const minX = new Int32Array(count).fill(w);
  const maxX = new Int32Array(count).fill(-1);
  const minY = new Int32Array(count).fill(h);
  const maxY = new Int32Array(count).fill(-1);
  const lumaSum = new Float64Array(count);
  const lumaSq = new Float64Array(count);
  const size = new Int32Array(count);
  const above = new Int32Array(count);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const r = label[i]!;
      if (r < 0) continue;
      if (x < minX[r]!) minX[r] = x;
      if (x > maxX[r]!) maxX[r] = x;
      if (y < minY[r]!) minY[r] = y;
      if (y > maxY[r]!) maxY[r] = y;
      const l = 0.299 * px[i * 3]! + 0.587 * px[i * 3 + 1]! + 0.114 * px[i * 3 + 2]!;
      lumaSum[r]! += l;
      lumaSq[r]! += l * l;
      size[r]! += 1;
      if (y < horizonY - h * 0.02) above[r]! += 1;
    }
  }
  const SURFACE = -2;
  const UNSET = -1;
  const regionDepth = new Float32Array(count).fill(UNSET);
  const margin = h * 0.02;
  // Objects resting on others are resolved after their supports: lowest foot first.
  const order = Array.from({ length: count }, (_, r) => r).sort((a, b) => maxY[b]! - maxY[a]!);
  for (const r of order) {
    const spanX = maxX[r]! - minX[r]! + 1;
    const spanY = maxY[r]! - minY[r]! + 1;
    // Mostly below the horizon (a road's tip may reach a little above an estimate that is a few
    // rows low).
    const belowHorizon = above[r]! <= size[r]! * 0.05;
    // Lying flat (wide, or wider than tall) below the horizon: part of the ground, not standing on it.
    if (belowHorizon && (spanX >= w * 0.5 || spanX >= spanY * 1.5)) {
      regionDepth[r] = SURFACE;
      continue;
    }
    if (minY[r] === 0 && maxY[r]! <= horizonY + margin) {
      regionDepth[r] = 1;
      continue;
    }
    if (maxY[r]! > horizonY + margin) {
      regionDepth[r] = groundDepthAt(maxY[r]!, horizonY, h);
      continue;
    }
    // Ends above the horizon: rests on whatever lies just below its foot, or is far (a cloud, the sun).
    regionDepth[r] = supportDepth(r, label, edge, regionDepth, minX[r]!, maxX[r]!, maxY[r]!, w, h) ?? 1;
  }
  const depth = new Float32Array(w * h);
  const known = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const r = label[i]!;
      if (r < 0) continue;
      const d = regionDepth[r]!;
      depth[i] = d === SURFACE ? groundDepthAt(y, horizonY, h) : d;
      // Haze: a flat, bright region far up in the frame reads slightly farther (aerial perspective).
      if (d !== SURFACE && d < 1 && size[r]! > 0) {
        const mean = lumaSum[r]! / size[r]!;
        const sd = Math.sqrt(Math.max(0, lumaSq[r]! / size[r]! - mean * mean));
        if (sd < 6 && mean > 200) depth[i] = Math.min(1, d + 0.04);
      }
      known[i] = 1;
    }
  }
  fillEdges(depth, known, w, h);
  return { data: depth, horizonY };
}

/** Row with the strongest change of mean colour between the bands just above and below it. */
function findHorizon(image: RgbImage): number {
  const { width: w, height: h, data: px } = image;
  const rows = new Float64Array(h * 3);
  for (let y = 0; y < h; y++) {
    let r = 0;
    let g = 0;
    let b = 0;
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      r += px[i]!;
      g += px[i + 1]!;
      b += px[i + 2]!;
    }
    rows[y * 3] = r / w;
    rows[y * 3 + 1] = g / w;
    rows[y * 3 + 2] = b / w;
  }
  // Coarse search with wide bands (robust to texture), then a fine one around the winner.
  const coarse = bestEdge(
    rows,
    h,
    Math.round(h * 0.1),
    Math.round(h * 0.92),
    Math.max(2, Math.round(h * 0.04)),
  );
  const fine = Math.max(2, Math.round(h * 0.012));
  return bestEdge(rows, h, coarse - 2 * fine - 2, coarse + 2 * fine + 2, fine);
}

function bestEdge(rows: Float64Array, h: number, from: number, to: number, band: number): number {
  let best = Math.round((from + to) / 2);
  let bestScore = -1;
  for (let y = from; y < to; y++) {
    if (y - band < 0 || y + band >= h) continue;
    let score = 0;
    for (let c = 0; c < 3; c++) {
      let above = 0;
      let below = 0;
      for (let k = 1; k <= band; k++) {
        above += rows[(y - k) * 3 + c]!;
        below += rows[(y + k) * 3 + c]!;
      }
      score += Math.abs(above - below) / band;
    }
    if (score > bestScore) {
      bestScore = score;
      best = y;
    }
  }
  return best;
}

/** Labels colour-continuous regions (4-connected); edge pixels get -1. */
function regions(image: RgbImage, edge: Uint8Array): { label: Int32Array; count: number } {
  const { width: w, height: h, data: px } = image;
  const label = new Int32Array(w * h).fill(-1);
  const stack = new Int32Array(w * h);
  let count = 0;
  const near = (a: number, b: number) =>
    Math.abs(px[a * 3]! - px[b * 3]!) +
      Math.abs(px[a * 3 + 1]! - px[b * 3 + 1]!) +
      Math.abs(px[a * 3 + 2]! - px[b * 3 + 2]!) <=
    REGION_JOIN_DIFF;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== -1 || edge[start]) continue;
    let top = 0;
    stack[top++] = start;
    label[start] = count;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % w;
      const neighbours = [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, i - w, i + w];
      for (const j of neighbours) {
        if (j < 0 || j >= w * h || label[j] !== -1 || edge[j] || !near(i, j)) continue;
        label[j] = count;
        stack[top++] = j;
      }
    }
    count++;
  }
  return { label, count };
}

/** Depth of the (already resolved) region just below region r's foot, if any. */
function supportDepth(
  r: number,
  label: Int32Array,
  edge: Uint8Array,
  regionDepth: Float32Array,
  x0: number,
  x1: number,
  foot: number,
  w: number,
  h: number,
): number | null {
  const votes = new Map<number, number>();
  for (let x = x0; x <= x1; x++) {
    for (let y = foot + 1; y < Math.min(h, foot + 8); y++) {
      const i = y * w + x;
      if (edge[i]) continue;
      const s = label[i]!;
      if (s !== r && s >= 0) votes.set(s, (votes.get(s) ?? 0) + 1);
      break;
    }
  }
  let best: number | null = null;
  let bestVotes = 0;
  for (const [s, v] of votes) {
    const d = regionDepth[s]!;
    if (d >= 0 && d < 1 && v > bestVotes) {
      best = d;
      bestVotes = v;
    }
  }
  return best;
}

/** Gives every edge pixel the nearest (smallest) depth of its labelled neighbours, growing inward. */
function fillEdges(depth: Float32Array, known: Uint8Array, w: number, h: number): void {
  let pending = true;
  for (let pass = 0; pending && pass < Math.max(w, h); pass++) {
    pending = false;
    const next: [number, number][] = [];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        if (known[i]) continue;
        let best = Number.POSITIVE_INFINITY;
        if (x > 0 && known[i - 1]) best = Math.min(best, depth[i - 1]!);
        if (x < w - 1 && known[i + 1]) best = Math.min(best, depth[i + 1]!);
        if (y > 0 && known[i - w]) best = Math.min(best, depth[i - w]!);
        if (y < h - 1 && known[i + w]) best = Math.min(best, depth[i + w]!);
        if (Number.isFinite(best)) next.push([i, best]);
        else pending = true;
      }
    }
    for (const [i, d] of next) {
      depth[i] = d;
      known[i] = 1;
    }
    if (next.length === 0) break;
  }
  for (let i = 0; i < w * h; i++) if (!known[i]) depth[i] = 1;
}

/** Depth at or beyond which a row counts as sky or horizon when reading a stored map back. */
const FAR_ROW_DEPTH = 0.98;

/**
 * Reads a stored depth map (the grey PNG of {@link DepthMap.png}, near bright) back at the given
 * size, so a locked location's variant is composed with the map kept for it instead of a new
 * estimate. The horizon is the lowest row whose median depth is still at the far end.
 */
export async function depthFromPng(png: Buffer, width: number, height: number): Promise<DepthMap> {
  const grey = await sharp(png).resize(width, height, { fit: "fill" }).greyscale().raw().toBuffer();
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = 1 - grey[i]! / 255;
  let horizonY = 0;
  const row = new Float32Array(width);
  for (let y = 0; y < height; y++) {
    row.set(data.subarray(y * width, (y + 1) * width));
    row.sort();
    if (row[width >> 1]! >= FAR_ROW_DEPTH) horizonY = y;
  }
  return { width, height, data, png, horizonY };
}
