import { type PanelShape, readingOrder, type StripLimits } from "@comic-studio/shared";
import sharp, { type OverlayOptions, type Sharp } from "sharp";
import { ExportError } from "./errors.ts";
import type { ImageLoader } from "./images.ts";
import type { PageLayout } from "./page.ts";
import { planSlices, type SlicePlan } from "./slicing.ts";
import { clipTile, PANEL_ROUNDED_RADIUS_PX, type RawImage, renderPanelTile } from "./tile.ts";

/** JPEG qualities tried in turn until a slice fits the platform's byte limit. */
export const SLICE_JPEG_QUALITIES = [90, 82, 74, 66, 58] as const;

export interface StripItem {
  panel: PanelShape;
  top: number;
  height: number;
  /** Strip pixels per page pixel. */
  scale: number;
}

export interface StripLayout {
  widthPx: number;
  heightPx: number;
  items: StripItem[];
}

/**
 * Every panel of the pages, page after page and each page's panels in reading order, scaled
 * to the strip's width and stacked with a gutter above, between and below them.
 */
export function layoutStrip(pages: PageLayout[], widthPx: number, gutterPx: number): StripLayout {
  const items: StripItem[] = [];
  let y = gutterPx;
  for (const page of pages) {
    for (const panel of readingOrder(page.panels)) {
      const scale = widthPx / panel.props.w;
      const height = Math.max(1, Math.round(panel.props.h * scale));
      items.push({ panel, top: y, height, scale });
      y += height + gutterPx;
    }
  }
  return { widthPx, heightPx: items.length === 0 ? 0 : y, items };
}

export interface EncodedSlice {
  name: string;
  data: Buffer;
  width: number;
  height: number;
  quality: number;
}

export interface StripResult {
  slices: EncodedSlice[];
  plan: SlicePlan;
  totalBytes: number;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(2)} MB`;

/** Encodes one slice as JPEG, lowering the quality until it fits `maxBytes`; throws when it cannot. */
export async function encodeSlice(
  pixels: Sharp,
  maxBytes: number | null,
  index: number,
  presetLabel: string,
): Promise<{ data: Buffer; quality: number }> {
  let smallest = Number.POSITIVE_INFINITY;
  for (const quality of SLICE_JPEG_QUALITIES) {
    const data = await pixels.clone().jpeg({ quality, chromaSubsampling: "4:2:0" }).toBuffer();
    if (maxBytes === null || data.length <= maxBytes) return { data, quality };
    smallest = Math.min(smallest, data.length);
  }
  throw new ExportError(
    "STRIP_LIMITS",
    `Slice ${index + 1} is ${mb(smallest)} even at JPEG quality ${SLICE_JPEG_QUALITIES.at(-1)}; ${presetLabel} allows ${mb(maxBytes ?? 0)} per image. Use a preset with larger slices or simpler images.`,
    { slice: index + 1, bytes: smallest, maxSliceBytes: maxBytes },
  );
}

/**
 * Renders the strip slice by slice (never the whole strip at once: an episode can be tens of
 * thousands of pixels tall) and checks the platform's limits as it goes.
 */
export async function renderStrip(
  layout: StripLayout,
  limits: StripLimits,
  presetLabel: string,
  loadImage: ImageLoader,
  onSlice?: (done: number, total: number) => Promise<void>,
): Promise<StripResult> {
  if (layout.items.length === 0) {
    throw new ExportError("NOTHING_TO_EXPORT", "These pages have no panels to put in a webtoon strip.");
  }
  const plan = planSlices(
    layout.heightPx,
    layout.items.map((i) => ({ top: i.top, bottom: i.top + i.height })),
    { maxSliceHeightPx: limits.maxSliceHeightPx },
  );
  const tiles = new Map<StripItem, RawImage>();
  const slices: EncodedSlice[] = [];
  let totalBytes = 0;
  const count = plan.cuts.length - 1;
  for (let i = 0; i < count; i++) {
    const top = plan.cuts[i]!;
    const bottom = plan.cuts[i + 1]!;
    const height = bottom - top;
    const layers: OverlayOptions[] = [];
    for (const item of layout.items) {
      if (item.top + item.height <= top || item.top >= bottom) continue;
      let tile = tiles.get(item);
      if (!tile) {
        const { props } = item.panel;
        tile = await renderPanelTile({
          widthPx: layout.widthPx,
          heightPx: item.height,
          border: props.border,
          borderPx: Math.max(1, props.borderWidth * item.scale),
          radiusPx: PANEL_ROUNDED_RADIUS_PX * item.scale,
          image: props.imageUrl ? await loadImage(props.imageUrl) : null,
        });
        tiles.set(item, tile);
      }
      const clipped = await clipTile(tile, 0, item.top - top, layout.widthPx, height);
      if (clipped) layers.push(clipped);
    }
    // Tiles that end in this slice are not needed again.
    for (const item of [...tiles.keys()]) if (item.top + item.height <= bottom) tiles.delete(item);
    const pixels = sharp({ create: { width: layout.widthPx, height, channels: 3, background: "#ffffff" } })
      .composite(layers)
      .flatten({ background: "#ffffff" });
    // Composited once into plain RGB, so each JPEG quality tried re-encodes without re-compositing.
    const { data: rgb, info } = await pixels.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const flat = sharp(rgb, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const { data, quality } = await encodeSlice(flat, limits.maxSliceBytes, i, presetLabel);
    totalBytes += data.length;
    if (limits.maxTotalBytes !== null && totalBytes > limits.maxTotalBytes) {
      throw new ExportError(
        "STRIP_LIMITS",
        `The episode passes ${mb(limits.maxTotalBytes)} at slice ${i + 1} of ${count}; ${presetLabel} allows at most ${mb(limits.maxTotalBytes)} per episode. Export fewer pages per episode.`,
        { slice: i + 1, slices: count, bytesSoFar: totalBytes, maxTotalBytes: limits.maxTotalBytes },
      );
    }
    slices.push({
      name: `${String(i + 1).padStart(3, "0")}.jpg`,
      data,
      width: layout.widthPx,
      height,
      quality,
    });
    await onSlice?.(i + 1, count);
  }
  return { slices, plan, totalBytes };
}
