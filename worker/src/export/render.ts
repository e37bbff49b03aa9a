import sharp, { type OverlayOptions } from "sharp";
import type { ImageLoader } from "./images.ts";
import { layBubbles, letteringSvg } from "./lettering.ts";
import { type PageLayout, pixelsForMm } from "./page.ts";
import { clipTile, PANEL_ROUNDED_RADIUS_PX, renderPanelTile } from "./tile.ts";

export interface RenderedPage {
  png: Buffer;
  width: number;
  height: number;
}

export interface RenderPageOptions {
  /** Draw the bubbles and their text over the panels. Default true; the PDF draws them as vectors. */
  lettering?: boolean;
}

/**
 * A page as a PNG at `dpi`: the trim size on white, each panel's image fitted into its
 * rectangle with its border, in the canvas's stacking order, then the lettering over them.
 * Panel rotation is not drawn (panels are axis-aligned on every layout we make).
 */
export async function renderPage(
  layout: PageLayout,
  dpi: number,
  loadImage: ImageLoader,
  options: RenderPageOptions = {},
): Promise<RenderedPage> {
  const width = pixelsForMm(layout.trim.widthMm, dpi);
  const height = pixelsForMm(layout.trim.heightMm, dpi);
  const sx = width / layout.frameW;
  const sy = height / layout.frameH;
  const scale = (sx + sy) / 2;
  const layers: OverlayOptions[] = [];
  for (const panel of layout.panels) {
    const left = Math.round(panel.x * sx);
    const top = Math.round(panel.y * sy);
    const right = Math.round((panel.x + panel.props.w) * sx);
    const bottom = Math.round((panel.y + panel.props.h) * sy);
    if (right <= left || bottom <= top) continue;
    const image = panel.props.imageUrl ? await loadImage(panel.props.imageUrl) : null;
    const tile = await renderPanelTile({
      widthPx: right - left,
      heightPx: bottom - top,
      border: panel.props.border,
      borderPx: Math.max(1, panel.props.borderWidth * scale),
      radiusPx: PANEL_ROUNDED_RADIUS_PX * scale,
      image,
    });
    const clipped = await clipTile(tile, left, top, width, height);
    if (clipped) layers.push(clipped);
  }
  if ((options.lettering ?? true) && layout.bubbles.length > 0) {
    const laid = layBubbles(layout.bubbles, layout.bubblePanelIds, layout.panels);
    const transform = `scale(${sx} ${sy})`;
    const svg = letteringSvg(
      laid.map((bubble) => ({ bubble, transform })),
      width,
      height,
    );
    layers.push({ input: svg, left: 0, top: 0 });
  }
  const png = await sharp({ create: { width, height, channels: 3, background: "#ffffff" } })
    .composite(layers)
    .flatten({ background: "#ffffff" })
    .withMetadata({ density: dpi })
    .png({ compressionLevel: 6 })
    .toBuffer();
  return { png, width, height };
}
