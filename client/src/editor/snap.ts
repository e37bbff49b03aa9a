import { isPageFrameShape, PAGE_PX_PER_MM, PANEL_GUTTER_MM } from "@comic-studio/shared";
import { createShapeId } from "tldraw";

/** The page's gutter when it has no page frame: PANEL_GUTTER_MM on the page, in page pixels. */
export const DEFAULT_GUTTER_PX = PANEL_GUTTER_MM * PAGE_PX_PER_MM;

/** Every page document has its frame under this id (see `makePageFrameShape` in shared). */
export const PAGE_FRAME_ID = createShapeId("page-frame");

export interface SnapPoint {
  x: number;
  y: number;
}

/** The gutter between panels on this page: the page frame's own (webtoon strips have a wider one). */
export function pageGutterPx(frame: { type?: string; typeName?: string } | undefined): number {
  if (!isPageFrameShape(frame)) return DEFAULT_GUTTER_PX;
  const gutter = frame.props.gutterPx;
  return Number.isFinite(gutter) && gutter > 0 ? gutter : DEFAULT_GUTTER_PX;
}

/**
 * Snap points of a panel, in its own coordinates, for tldraw's bounds snapping (which snaps x
 * and y separately, point against point). Its corners and centre align edges with other panels;
 * with a gutter, each corner also has a point one gutter outside each edge that meets it, so an
 * edge of a panel dragged near this one lands exactly one gutter away. Panels being moved or
 * resized pass gutter 0: two gutter offsets meeting would snap to a double gutter.
 */
export function panelSnapPoints(size: { w: number; h: number }, gutter: number): SnapPoint[] {
  const { w, h } = size;
  const points: SnapPoint[] = [
    { x: 0, y: 0 },
    { x: w, y: 0 },
    { x: w, y: h },
    { x: 0, y: h },
    { x: w / 2, y: h / 2 },
  ];
  if (gutter <= 0) return points;
  const g = gutter;
  points.push(
    // left and right of the panel, level with its top and bottom edges
    { x: -g, y: 0 },
    { x: -g, y: h },
    { x: w + g, y: 0 },
    { x: w + g, y: h },
    // above and below the panel, in line with its left and right edges
    { x: 0, y: -g },
    { x: w, y: -g },
    { x: 0, y: h + g },
    { x: w, y: h + g },
  );
  return points;
}
