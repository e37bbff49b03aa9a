import {
  type BubbleShape,
  bubblePanel,
  isBubbleShape,
  isPageFrameShape,
  isPanelShape,
  type JsonRecord,
  PAGE_PX_PER_MM,
  type PanelShape,
  pageReadingOrder,
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
  /** Lettering in drawing order (over every panel), positions relative to the frame. */
  bubbles: BubbleShape[];
  /** Panels in the page's reading order (the letterer's override included). */
  readingPanels: PanelShape[];
  /** The panel each bubble belongs to (its clip and its place in a strip), by bubble id. */
  bubblePanelIds: Map<string, string | null>;
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
  // Shapes hang off the page (absolute) or, if ever nested, off the frame (already relative).
  const relative = <S extends PanelShape | BubbleShape>(shape: S): S =>
    frame && shape.parentId === frame.id ? shape : { ...shape, x: shape.x - fx, y: shape.y - fy };
  const byIndex = (a: { index: string }, b: { index: string }) =>
    a.index < b.index ? -1 : a.index > b.index ? 1 : 0;
  const panels = (records.filter((r) => isPanelShape(r as never)) as unknown as PanelShape[])
    .map(relative)
    .sort(byIndex);
  const bubbles = (records.filter((r) => isBubbleShape(r as never)) as unknown as BubbleShape[])
    .map(relative)
    .sort(byIndex);
  const order = pageReadingOrder(records as never);
  const panelById = new Map(panels.map((p) => [p.id as string, p]));
  const box = (s: PanelShape | BubbleShape) => ({ id: s.id, x: s.x, y: s.y, w: s.props.w, h: s.props.h });
  return {
    trim,
    frameW: frame?.props.w ?? trim.widthMm * PAGE_PX_PER_MM,
    frameH: frame?.props.h ?? trim.heightMm * PAGE_PX_PER_MM,
    panels,
    bubbles,
    readingPanels: order.panels.map((p) => panelById.get(p.id)!).filter(Boolean),
    bubblePanelIds: new Map(
      bubbles.map((b) => [
        b.id as string,
        bubblePanel({ ...box(b), panelShapeId: b.props.panelShapeId }, panels.map(box)),
      ]),
    ),
  };
}

/** Panels that have a chosen picture (what a high-resolution export is priced by). */
export function pricedPanelCount(layout: PageLayout): number {
  return layout.panels.filter((p) => p.props.imageUrl).length;
}
