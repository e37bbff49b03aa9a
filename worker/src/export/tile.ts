import type { PanelBorder } from "@comic-studio/shared";
import sharp, { type CreateRaw, type OverlayOptions } from "sharp";

/** The canvas draws panels with CSS: `border: <w>px solid #111`, box-sizing border-box. */
export const PANEL_BORDER_COLOUR = "#111111";
/** `.cs-panel--rounded { border-radius: 18px }` in page pixels. */
export const PANEL_ROUNDED_RADIUS_PX = 18;

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

export interface TileInput {
  widthPx: number;
  heightPx: number;
  border: PanelBorder;
  /** Border width in output pixels (already scaled). */
  borderPx: number;
  /** Outer corner radius in output pixels for rounded borders. */
  radiusPx: number;
  /** The panel's chosen image, or null for an empty panel (left white). */
  image: Buffer | null;
}

function roundedRectSvg(w: number, h: number, r: number, fill: string): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect x="0" y="0" width="${w}" height="${h}" rx="${r}" ry="${r}" fill="${fill}"/></svg>`,
  );
}

function borderSvg(input: TileInput): Buffer {
  const { widthPx: w, heightPx: h, borderPx: b, border } = input;
  const half = b / 2;
  const r = border === "rounded" ? Math.max(0, input.radiusPx - half) : 0;
  // Like the browser's dashed border: dashes about twice the border width, gaps one width.
  const dash = border === "dashed" ? ` stroke-dasharray="${2 * b} ${b}"` : "";
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect x="${half}" y="${half}" width="${w - b}" height="${h - b}" rx="${r}" ry="${r}" fill="none" stroke="${PANEL_BORDER_COLOUR}" stroke-width="${b}"${dash}/></svg>`,
  );
}

/**
 * One panel as RGBA pixels: its image fitted (cover) inside the border, the border drawn over
 * it, corners outside a rounded border transparent.
 */
export async function renderPanelTile(input: TileInput): Promise<RawImage> {
  const w = Math.max(1, Math.round(input.widthPx));
  const h = Math.max(1, Math.round(input.heightPx));
  const b =
    input.border === "none" ? 0 : Math.min(Math.round(input.borderPx), Math.floor(Math.min(w, h) / 2));
  const innerW = Math.max(1, w - 2 * b);
  const innerH = Math.max(1, h - 2 * b);
  const rounded = input.border === "rounded";
  const innerRadius = rounded ? Math.max(0, input.radiusPx - b) : 0;

  let inner = input.image
    ? sharp(input.image).rotate().resize(innerW, innerH, { fit: "cover", position: "centre" }).ensureAlpha()
    : sharp({ create: { width: innerW, height: innerH, channels: 4, background: "#ffffff" } });
  if (innerRadius > 0) {
    const flat = await inner.raw().toBuffer({ resolveWithObject: true });
    inner = sharp(flat.data, { raw: { width: innerW, height: innerH, channels: 4 } }).composite([
      { input: roundedRectSvg(innerW, innerH, innerRadius, "#fff"), blend: "dest-in" },
    ]);
  }
  const innerPixels = await inner.raw().toBuffer();

  const layers: OverlayOptions[] = [
    { input: innerPixels, raw: { width: innerW, height: innerH, channels: 4 }, left: b, top: b },
  ];
  if (b > 0)
    layers.push({ input: borderSvg({ ...input, widthPx: w, heightPx: h, borderPx: b }), left: 0, top: 0 });
  const data = await sharp({
    create: { width: w, height: h, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .composite(layers)
    .raw()
    .toBuffer();
  return { data, width: w, height: h };
}

/** The part of a tile inside a `canvasW x canvasH` area when placed at (left, top); null when none. */
export async function clipTile(
  tile: RawImage,
  left: number,
  top: number,
  canvasW: number,
  canvasH: number,
): Promise<{ input: Buffer; raw: CreateRaw; left: number; top: number } | null> {
  const x0 = Math.max(0, left);
  const y0 = Math.max(0, top);
  const x1 = Math.min(canvasW, left + tile.width);
  const y1 = Math.min(canvasH, top + tile.height);
  if (x1 <= x0 || y1 <= y0) return null;
  const whole = x0 === left && y0 === top && x1 - x0 === tile.width && y1 - y0 === tile.height;
  const input = whole
    ? tile.data
    : await sharp(tile.data, { raw: { width: tile.width, height: tile.height, channels: 4 } })
        .extract({ left: x0 - left, top: y0 - top, width: x1 - x0, height: y1 - y0 })
        .raw()
        .toBuffer();
  return { input, raw: { width: x1 - x0, height: y1 - y0, channels: 4 }, left: x0, top: y0 };
}
