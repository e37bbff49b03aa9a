// Reading order of a page: panels in order, each followed by the bubbles on it. The default
// comes from positions (rows top to bottom, then left to right, or right to left for manga);
// the letterer can override it, and the override is stored on the page record's meta so every
// collaborator, the exports and the webtoon strip follow the same order.

export const READING_ORDER_META_KEY = "readingOrder";
export const READING_DIRECTION_META_KEY = "readingDirection";
export const READING_DIRECTIONS = ["ltr", "rtl"] as const;
export type ReadingDirection = (typeof READING_DIRECTIONS)[number];

/** The least of a shape a reading order needs: page-space bounds (unrotated) and, for bubbles, its panel. */
export interface OrderItem {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface OrderBubble extends OrderItem {
  /** The panel shape id the bubble belongs to, or null. */
  panelShapeId: string | null;
}

export interface ReadingOrderEntry {
  id: string;
  kind: "panel" | "bubble";
  /** 1-based place in the page's order. */
  number: number;
}

/**
 * Items in rows top to bottom (an item starting above the middle of the row's first item joins
 * that row), then left to right (or right to left) within a row.
 */
export function positionOrder<I extends OrderItem>(items: I[], direction: ReadingDirection = "ltr"): I[] {
  const byTop = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: I[][] = [];
  for (const item of byTop) {
    const row = rows.at(-1);
    const first = row?.[0];
    if (row && first && item.y < first.y + first.h / 2) row.push(item);
    else rows.push([item]);
  }
  const sign = direction === "rtl" ? -1 : 1;
  return rows.flatMap((row) =>
    row.sort((a, b) => sign * (a.x + a.w / 2 - (b.x + b.w / 2)) || a.id.localeCompare(b.id)),
  );
}

/** The panel a bubble sits on: its own `panelShapeId` when that panel exists, else the panel holding its centre. */
export function bubblePanel(bubble: OrderBubble, panels: OrderItem[]): string | null {
  if (bubble.panelShapeId && panels.some((p) => p.id === bubble.panelShapeId)) return bubble.panelShapeId;
  return panelAt({ x: bubble.x + bubble.w / 2, y: bubble.y + bubble.h / 2 }, panels);
}

/** The topmost-listed panel containing a page point, or null. */
export function panelAt(point: { x: number; y: number }, panels: OrderItem[]): string | null {
  const hit = panels.find(
    (p) => point.x >= p.x && point.x <= p.x + p.w && point.y >= p.y && point.y <= p.y + p.h,
  );
  return hit?.id ?? null;
}

/** Default order: panels by position; after each panel its bubbles by position; then bubbles on no panel. */
export function defaultReadingOrder(
  panels: OrderItem[],
  bubbles: OrderBubble[],
  direction: ReadingDirection = "ltr",
): ReadingOrderEntry[] {
  const ids: { id: string; kind: "panel" | "bubble" }[] = [];
  const byPanel = new Map<string | null, OrderBubble[]>();
  for (const bubble of bubbles) {
    const panel = bubblePanel(bubble, panels);
    byPanel.set(panel, [...(byPanel.get(panel) ?? []), bubble]);
  }
  for (const panel of positionOrder(panels, direction)) {
    ids.push({ id: panel.id, kind: "panel" });
    for (const b of positionOrder(byPanel.get(panel.id) ?? [], direction))
      ids.push({ id: b.id, kind: "bubble" });
  }
  for (const b of positionOrder(byPanel.get(null) ?? [], direction)) ids.push({ id: b.id, kind: "bubble" });
  return ids.map((entry, i) => ({ ...entry, number: i + 1 }));
}

/**
 * The page's order: the stored override where it has an opinion, the default elsewhere. Ids in
 * the override that no longer exist are dropped; items it does not list (added after it was
 * made) go right after the item that precedes them in the default order.
 */
export function readingOrderWithOverride(
  panels: OrderItem[],
  bubbles: OrderBubble[],
  override: readonly string[] | null | undefined,
  direction: ReadingDirection = "ltr",
): ReadingOrderEntry[] {
  const defaults = defaultReadingOrder(panels, bubbles, direction);
  if (!override || override.length === 0) return defaults;
  const kindOf = new Map(defaults.map((e) => [e.id, e.kind]));
  const result: string[] = [];
  for (const id of override) if (kindOf.has(id) && !result.includes(id)) result.push(id);
  const listed = new Set(result);
  defaults.forEach((entry, i) => {
    if (listed.has(entry.id)) return;
    const previous = i > 0 ? defaults[i - 1]!.id : null;
    const at = previous === null ? 0 : result.indexOf(previous) + 1;
    result.splice(at, 0, entry.id);
    listed.add(entry.id);
  });
  return result.map((id, i) => ({ id, kind: kindOf.get(id)!, number: i + 1 }));
}

/** The override stored in a page record's meta (a list of shape ids), or null. */
export function readingOrderOverride(meta: Record<string, unknown> | undefined): string[] | null {
  const value = meta?.[READING_ORDER_META_KEY];
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : null;
}

export function readingDirection(meta: Record<string, unknown> | undefined): ReadingDirection {
  return meta?.[READING_DIRECTION_META_KEY] === "rtl" ? "rtl" : "ltr";
}

/** Moves one entry up (-1) or down (+1) and returns the new full id list to store as the override. */
export function moveInOrder(order: readonly ReadingOrderEntry[], id: string, by: -1 | 1): string[] {
  const ids = order.map((e) => e.id);
  const from = ids.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= ids.length) return ids;
  ids.splice(from, 1);
  ids.splice(to, 0, id);
  return ids;
}
