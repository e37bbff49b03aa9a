import {
  isPageFrameShape,
  isPanelShape,
  type JsonRecord,
  PAGE_PX_PER_MM,
  type PanelShape,
} from "@comic-studio/shared";

/** Millimetres per inch: pixels = mm / 25.4 * dpi. */
export const MM_PER_INCH = 25.4;

export interface Trim {
  widthMm: number;
  heightMm: number;
}

/** A page document reduced to what export draws: the frame and its panels, in frame coordinates. */
export interface PageLayout {
  trim: Trim;
  /** Frame size in page pixels. */
  frameW: number;
  frameH: number;
  /** Panels in drawing order (tldraw index), positions relative to the frame's top-left corner. */
  panels: PanelShape[];
}

export function pixelsForMm(mm: number, dpi: number): number {
  return Math.round((mm / MM_PER_INCH) * dpi);
}

/**
 * The layout of a stored page document. A page whose document was never stored (nobody opened
 * it yet) is a blank page at the trim of its row.
 */
export function pageLayout(records: JsonRecord[], fallbackTrim: Trim): PageLayout {
  const frame = records.find((r) => isPageFrameShape(r as never)) as
    | (JsonRecord & {
        x: number;
        y: number;
        props: { w: number; h: number; trimWidthMm: number; trimHeightMm: number };
      })
    | undefined;
  const trim = frame
    ? { widthMm: frame.props.trimWidthMm, heightMm: frame.props.trimHeightMm }
    : fallbackTrim;
  const fx = frame?.x ?? 0;
  const fy = frame?.y ?? 0;
  const panels = (records.filter((r) => isPanelShape(r as never)) as unknown as PanelShape[])
    // Panels hang off the page (absolute) or, if ever nested, off the frame (already relative).
    .map((p) => (frame && p.parentId === frame.id ? p : { ...p, x: p.x - fx, y: p.y - fy }))
    .sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0));
  return {
    trim,
    frameW: frame?.props.w ?? trim.widthMm * PAGE_PX_PER_MM,
    frameH: frame?.props.h ?? trim.heightMm * PAGE_PX_PER_MM,
    panels,
  };
}

/** Panels that have a chosen picture (what a high-resolution export is priced by). */
export function pricedPanelCount(layout: PageLayout): number {
  return layout.panels.filter((p) => p.props.imageUrl).length;
}
