import type { TLRecord } from "@tldraw/tlschema";
import { type BubbleShape, isBubbleShape } from "../page/lettering.ts";
import { isPanelShape, type PanelShape } from "../page/shapes.ts";
import {
  type ReadingOrderEntry,
  readingDirection,
  readingOrderOverride,
  readingOrderWithOverride,
} from "./reading-order.ts";

// Reading order straight from a page document's records, for the exports and the webtoon
// strip (worker) and the canvas overlay (client). Panels and bubbles are top-level shapes of
// the page, so their x / y are page coordinates.

export interface PageReadingOrder {
  entries: ReadingOrderEntry[];
  panels: PanelShape[];
  bubbles: BubbleShape[];
}

/** Panels and bubbles of a page document in its reading order (override included). */
export function pageReadingOrder(records: Iterable<TLRecord>): PageReadingOrder {
  const panels: PanelShape[] = [];
  const bubbles: BubbleShape[] = [];
  let meta: Record<string, unknown> | undefined;
  for (const record of records) {
    if (isPanelShape(record)) panels.push(record);
    else if (isBubbleShape(record)) bubbles.push(record);
    else if (record.typeName === "page") meta = record.meta as Record<string, unknown>;
  }
  const box = (s: PanelShape | BubbleShape) => ({ id: s.id, x: s.x, y: s.y, w: s.props.w, h: s.props.h });
  const entries = readingOrderWithOverride(
    panels.map(box),
    bubbles.map((b) => ({ ...box(b), panelShapeId: b.props.panelShapeId })),
    readingOrderOverride(meta),
    readingDirection(meta),
  );
  const byId = new Map<string, PanelShape | BubbleShape>([...panels, ...bubbles].map((s) => [s.id, s]));
  const ordered = entries.map((e) => byId.get(e.id)!);
  return {
    entries,
    panels: ordered.filter((s): s is PanelShape => isPanelShape(s)),
    bubbles: ordered.filter((s): s is BubbleShape => isBubbleShape(s)),
  };
}
