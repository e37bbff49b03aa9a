import {
  type PageReadingOrder,
  pageReadingOrder,
  READING_DIRECTION_META_KEY,
  READING_ORDER_META_KEY,
  type ReadingDirection,
} from "@comic-studio/shared";
import { atom, type Editor, type TLRecord } from "tldraw";

// Whether the reading-order overlay is shown, and the sequence being clicked while renumbering.
// One canvas is open at a time, so module state is enough.

export const readingOrderVisible = atom("reading order visible", false);
/** Ids clicked so far while renumbering by clicking, or null when not renumbering. */
export const renumbering = atom<string[] | null>("reading order renumbering", null);

export function toggleReadingOrder(): void {
  readingOrderVisible.set(!readingOrderVisible.get());
  renumbering.set(null);
}

/** The current page's order (reactive inside tldraw's `useValue`). */
export function currentReadingOrder(editor: Editor): PageReadingOrder {
  const records: TLRecord[] = [...editor.getCurrentPageShapes(), editor.getCurrentPage()];
  return pageReadingOrder(records);
}

/** Stores the order on the page record (shared with every collaborator and the exports); null restores the default. */
export function storeReadingOrder(editor: Editor, ids: string[] | null): void {
  const page = editor.getCurrentPage();
  const meta = { ...page.meta };
  if (ids) meta[READING_ORDER_META_KEY] = ids;
  else delete meta[READING_ORDER_META_KEY];
  editor.markHistoryStoppingPoint("reading order");
  editor.updatePage({ id: page.id, meta });
}

export function storeReadingDirection(editor: Editor, direction: ReadingDirection): void {
  const page = editor.getCurrentPage();
  editor.markHistoryStoppingPoint("reading direction");
  editor.updatePage({ id: page.id, meta: { ...page.meta, [READING_DIRECTION_META_KEY]: direction } });
}

/** Finishes renumbering: the clicked ids first, in click order, then the rest in their current order. */
export function finishRenumbering(editor: Editor): void {
  const clicked = renumbering.get();
  renumbering.set(null);
  if (!clicked || clicked.length === 0) return;
  const rest = currentReadingOrder(editor)
    .entries.map((e) => e.id)
    .filter((id) => !clicked.includes(id));
  storeReadingOrder(editor, [...clicked, ...rest]);
}
