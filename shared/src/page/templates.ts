import {
  createShapeId,
  DocumentRecordType,
  PageRecordType,
  TLDOCUMENT_ID,
  type TLDocument,
  type TLPage,
  type TLPageId,
  type TLShapeId,
} from "@tldraw/tlschema";
import { getIndices, type IndexKey } from "@tldraw/utils";
import type { LayoutTemplate } from "../api/pages.ts";
import {
  DEFAULT_PANEL_BORDER,
  DEFAULT_PANEL_BORDER_WIDTH_PX,
  PAGE_FRAME_SHAPE,
  PANEL_SHAPE,
  type PageFrameShape,
  type PanelShape,
} from "./shapes.ts";

/** Page pixels per millimetre of trim: a 170 x 260 mm page is 680 x 1040 on the canvas. */
export const PAGE_PX_PER_MM = 4;
export const PAGE_MARGIN_MM = 10;
export const PANEL_GUTTER_MM = 4;
/** Webtoon strips are a fixed width in pixels, whatever the trim. */
export const WEBTOON_WIDTH_PX = 800;
export const WEBTOON_PANEL_HEIGHT_PX = 1000;
export const WEBTOON_GUTTER_PX = 160;
export const WEBTOON_PANELS = 4;
/** The page every page document draws on (tldraw's default page id). */
export const PAGE_RECORD_ID: TLPageId = PageRecordType.createId("page");

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface FrameGeometry {
  w: number;
  h: number;
  marginPx: number;
  gutterPx: number;
}

export function frameGeometry(
  template: LayoutTemplate,
  trim: { widthMm: number; heightMm: number },
): FrameGeometry {
  if (template === "webtoon-strip") {
    return {
      w: WEBTOON_WIDTH_PX,
      h: WEBTOON_PANELS * WEBTOON_PANEL_HEIGHT_PX + (WEBTOON_PANELS + 1) * WEBTOON_GUTTER_PX,
      marginPx: WEBTOON_GUTTER_PX,
      gutterPx: WEBTOON_GUTTER_PX,
    };
  }
  return {
    w: Math.round(trim.widthMm * PAGE_PX_PER_MM),
    h: Math.round(trim.heightMm * PAGE_PX_PER_MM),
    marginPx: PAGE_MARGIN_MM * PAGE_PX_PER_MM,
    gutterPx: PANEL_GUTTER_MM * PAGE_PX_PER_MM,
  };
}

/** Rows of the template, top to bottom; each number is how many panels share that row. */
const ROWS: Record<Exclude<LayoutTemplate, "webtoon-strip">, number[]> = {
  blank: [],
  "1-panel": [1],
  "2-panel": [1, 1],
  "3-panel": [1, 2],
  "4-panel": [2, 2],
  "5-panel": [2, 1, 2],
  "6-panel": [2, 2, 2],
};

/** The panel rectangles of a template inside a frame, in frame coordinates, reading order. */
export function templateRects(template: LayoutTemplate, frame: FrameGeometry): Rect[] {
  const rows =
    template === "webtoon-strip" ? Array.from({ length: WEBTOON_PANELS }, () => 1) : ROWS[template];
  if (rows.length === 0) return [];
  const { marginPx: m, gutterPx: g } = frame;
  const innerW = frame.w - 2 * m;
  const rowH = (frame.h - 2 * m - (rows.length - 1) * g) / rows.length;
  const rects: Rect[] = [];
  rows.forEach((columns, row) => {
    const w = (innerW - (columns - 1) * g) / columns;
    for (let column = 0; column < columns; column++) {
      rects.push({ x: m + column * (w + g), y: m + row * (rowH + g), w, h: rowH });
    }
  });
  return rects.map((r) => ({ x: round(r.x), y: round(r.y), w: round(r.w), h: round(r.h) }));
}

const round = (n: number) => Math.round(n * 100) / 100;

export interface PanelShapeInput {
  id?: TLShapeId;
  panelId: string;
  rect: Rect;
  index: IndexKey;
  parentId?: TLPageId;
}

export function makePanelShape(input: PanelShapeInput): PanelShape {
  return {
    id: input.id ?? createShapeId(),
    typeName: "shape",
    type: PANEL_SHAPE,
    x: input.rect.x,
    y: input.rect.y,
    rotation: 0,
    index: input.index,
    parentId: input.parentId ?? PAGE_RECORD_ID,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      w: input.rect.w,
      h: input.rect.h,
      border: DEFAULT_PANEL_BORDER,
      borderWidth: DEFAULT_PANEL_BORDER_WIDTH_PX,
      panelId: input.panelId,
      imageUrl: null,
      generation: null,
    },
  };
}

export function makePageFrameShape(
  geometry: FrameGeometry,
  trim: { widthMm: number; heightMm: number },
  index: IndexKey,
): PageFrameShape {
  return {
    id: createShapeId("page-frame"),
    typeName: "shape",
    type: PAGE_FRAME_SHAPE,
    x: 0,
    y: 0,
    rotation: 0,
    index,
    parentId: PAGE_RECORD_ID,
    // The frame is the page itself: it stays put while panels are arranged on it.
    isLocked: true,
    opacity: 1,
    meta: {},
    props: {
      w: geometry.w,
      h: geometry.h,
      trimWidthMm: trim.widthMm,
      trimHeightMm: trim.heightMm,
      marginPx: geometry.marginPx,
      gutterPx: geometry.gutterPx,
    },
  };
}

export interface PageDocumentInput {
  template: LayoutTemplate;
  trimWidthMm: number;
  trimHeightMm: number;
  title?: string | null;
  /** Makes the uuid of each panel's Postgres row. */
  newPanelId: () => string;
}

export type PageDocumentRecord = TLDocument | TLPage | PageFrameShape | PanelShape;

/**
 * Every record a new page document starts with: tldraw's document and page, the page frame
 * with the trim size, and the template's panels in reading order.
 */
export function buildPageDocument(input: PageDocumentInput): PageDocumentRecord[] {
  const trim = { widthMm: input.trimWidthMm, heightMm: input.trimHeightMm };
  const geometry = frameGeometry(input.template, trim);
  const rects = templateRects(input.template, geometry);
  const [frameIndex, ...panelIndices] = getIndices(rects.length + 1);
  const document = DocumentRecordType.create({ id: TLDOCUMENT_ID });
  const page = PageRecordType.create({
    id: PAGE_RECORD_ID,
    name: input.title?.trim() || "Page",
    index: getIndices(1)[0]!,
  });
  return [
    document,
    page,
    makePageFrameShape(geometry, trim, frameIndex!),
    ...rects.map((rect, i) => makePanelShape({ panelId: input.newPanelId(), rect, index: panelIndices[i]! })),
  ];
}

/**
 * Panels in reading order: rows top to bottom (a panel starting above the middle of the
 * row's first panel belongs to that row), then left to right within a row.
 */
export function readingOrder<P extends { x: number; y: number; props: { w: number; h: number } }>(
  panels: P[],
): P[] {
  const byTop = [...panels].sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: P[][] = [];
  for (const panel of byTop) {
    const row = rows.at(-1);
    const first = row?.[0];
    if (row && first && panel.y < first.y + first.props.h / 2) row.push(panel);
    else rows.push([panel]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.x - b.x));
}
