import type { PanelShape, StripLimits } from "@comic-studio/shared";
import sharp, { type OverlayOptions, type Sharp } from "sharp";
import { ExportError } from "./errors.ts";
import type { ImageLoader } from "./images.ts";
import { bubbleExtent, type LaidBubble, layBubbles, letteringSvg, textBlockSpan } from "./lettering.ts";
import type { PageLayout } from "./page.ts";
import { planSlices, type SlicePlan, type Span } from "./slicing.ts";
import { clipTile, PANEL_ROUNDED_RADIUS_PX, type RawImage, renderPanelTile } from "./tile.ts";

/** JPEG qualities tried in turn until a slice fits the platform's byte limit. */
export const SLICE_JPEG_QUALITIES = [90, 82, 74, 66, 58] as const;

export interface StripItem {
  panel: PanelShape;
  top: number;
  height: number;
  /** Strip pixels per page pixel. */
  scale: number;
  /** The lettering of this panel, drawn with it (a bubble on no panel goes with the nearest). */
  bubbles: LaidBubble[];
}

export interface StripLayout {
  widthPx: number;
  heightPx: number;
  items: StripItem[];
}

/** Frame coordinates of a strip item's page to strip coordinates (SVG transform). */
function itemTransform(item: StripItem, sliceTop: number): string {
  const { panel, scale } = item;
  return `translate(0 ${item.top - sliceTop}) scale(${scale}) translate(${-panel.x} ${-panel.y})`;
}

/** A frame-coordinate span of an item's page in strip coordinates. */
function toStrip(item: StripItem, span: Span): Span {
  return {
    top: item.top + (span.top - item.panel.y) * item.scale,
    bottom: item.top + (span.bottom - item.panel.y) * item.scale,
  };
}

function nearestPanel(bubble: LaidBubble, panels: PanelShape[]): PanelShape | undefined {
  const cx = bubble.shape.x + bubble.shape.props.w / 2;
  const cy = bubble.shape.y + bubble.shape.props.h / 2;
  let best: PanelShape | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const p of panels) {
    const dx = Math.max(p.x - cx, 0, cx - (p.x + p.props.w));
    const dy = Math.max(p.y - cy, 0, cy - (p.y + p.props.h));
    const distance = Math.hypot(dx, dy);
    if (distance < bestDistance) {
      best = p;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Every panel of the pages, page after page and each page's panels in its reading order (the
 * letterer's override included), scaled to the strip's width and stacked with a gutter above,
 * between and below them; each panel carries its bubbles.
 */
export function layoutStrip(pages: PageLayout[], widthPx: number, gutterPx: number): StripLayout {
  const items: StripItem[] = [];
  let y = gutterPx;
  for (const page of pages) {
    const laid = layBubbles(page.bubbles, page.bubblePanelIds, page.panels);
    const byPanel = new Map<string, LaidBubble[]>();
    for (const bubble of laid) {
      const panelId = page.bubblePanelIds.get(bubble.shape.id) ?? nearestPanel(bubble, page.panels)?.id;
      if (panelId) byPanel.set(panelId, [...(byPanel.get(panelId) ?? []), bubble]);
    }
    for (const panel of page.readingPanels) {
      const scale = widthPx / panel.props.w;
      const height = Math.max(1, Math.round(panel.props.h * scale));
      items.push({ panel, top: y, height, scale, bubbles: byPanel.get(panel.id) ?? [] });
      y += height + gutterPx;
    }
  }
  return { widthPx, heightPx: items.length === 0 ? 0 : y, items };
}

/** Where the strip must stay whole: panels with the bubbles that overhang them, and bubbles' text. */
export function stripSpans(layout: StripLayout): { spans: Span[]; text: Span[] } {
  const spans: Span[] = [];
  const text: Span[] = [];
  for (const item of layout.items) {
    spans.push({ top: item.top, bottom: item.top + item.height });
    for (const bubble of item.bubbles) {
      const extent = toStrip(item, bubbleExtent(bubble));
      // A bubble clipped to its panel never reaches the gutter.
      if (!bubble.clip) spans.push(extent);
      const block = textBlockSpan(bubble);
      if (block) text.push(toStrip(item, block));
    }
  }
  return { spans, text };
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
  const { spans, text } = stripSpans(layout);
  const plan = planSlices(layout.heightPx, spans, {
    maxSliceHeightPx: limits.maxSliceHeightPx,
    keepWhole: text,
  });
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
    const lettering = layout.items.flatMap((item) =>
      item.bubbles
        .filter((b) => {
          const e = toStrip(item, bubbleExtent(b));
          return e.bottom > top && e.top < bottom;
        })
        .map((bubble) => ({ bubble, transform: itemTransform(item, top) })),
    );
    if (lettering.length > 0)
      layers.push({ input: letteringSvg(lettering, layout.widthPx, height), left: 0, top: 0 });
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
