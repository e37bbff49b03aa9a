import {
  moveInOrder,
  READING_ORDER_META_KEY,
  type ReadingOrderEntry,
  readingDirection,
} from "@comic-studio/shared";
import { type Editor, stopEventPropagation, type TLShapeId, useEditor, useValue } from "tldraw";
import { useCanvasContext } from "../canvas-context.ts";
import {
  currentReadingOrder,
  finishRenumbering,
  readingOrderVisible,
  renumbering,
  storeReadingDirection,
  storeReadingOrder,
  toggleReadingOrder,
} from "./reading-order-state.ts";

/**
 * Numbers on every panel and bubble in reading order, shown on demand (Shift+O). Editors can
 * renumber by clicking the numbers in the order wanted, move an entry up or down in the list,
 * switch left-to-right / right-to-left, or go back to the automatic order.
 */
export function ReadingOrderOverlay() {
  const editor = useEditor();
  const visible = useValue("reading order visible", () => readingOrderVisible.get(), []);
  if (!visible) return null;
  return <Overlay editor={editor} />;
}

function Overlay({ editor }: { editor: Editor }) {
  const order = useValue("reading order", () => currentReadingOrder(editor), [editor]);
  const clicked = useValue("renumbering", () => renumbering.get(), []);
  const badges = useValue(
    "reading order badges",
    () =>
      order.entries.flatMap((entry) => {
        const bounds = editor.getShapePageBounds(entry.id as TLShapeId);
        if (!bounds) return [];
        // Panels are numbered at their top-left corner, bubbles at the top of their body.
        const anchor =
          entry.kind === "panel" ? { x: bounds.x + 14, y: bounds.y + 14 } : { x: bounds.midX, y: bounds.y };
        return [{ entry, at: anchor }];
      }),
    [editor, order],
  );
  // Badges live in page space (tldraw's OnTheCanvas layer) and keep their size on screen.
  const zoom = useValue("zoom", () => editor.getZoomLevel(), [editor]);

  const click = (entry: ReadingOrderEntry) => {
    if (!clicked) {
      editor.select(entry.id as TLShapeId);
      return;
    }
    if (clicked.includes(entry.id)) return;
    const next = [...clicked, entry.id];
    renumbering.set(next);
    if (next.length === order.entries.length) finishRenumbering(editor);
  };

  return (
    <div className="cs-reading-order" data-testid="reading-order-overlay">
      {badges.map(({ entry, at }) => {
        const place = clicked ? clicked.indexOf(entry.id) : -1;
        const label = clicked ? (place >= 0 ? place + 1 : "?") : entry.number;
        return (
          <button
            type="button"
            key={entry.id}
            className={`cs-order-badge cs-order-badge--${entry.kind}${clicked && place < 0 ? " is-pending" : ""}`}
            style={{ left: at.x, top: at.y, transform: `translate(-50%, -50%) scale(${1 / zoom})` }}
            data-testid="reading-order-badge"
            data-shape-id={entry.id}
            data-number={entry.number}
            data-kind={entry.kind}
            title={`${entry.kind === "panel" ? "Panel" : "Bubble"} ${entry.number}`}
            onPointerDown={stopEventPropagation}
            onClick={() => click(entry)}
          >
            {label}
          </button>
        );
      })}
    </div>
  );
}

/** The order as a list under the toggle: renumber, move up / down, direction, automatic. */
export function ReadingOrderPanel() {
  const editor = useEditor();
  const { readonly } = useCanvasContext();
  const visible = useValue("reading order visible", () => readingOrderVisible.get(), []);
  const entries = useValue("reading order", () => currentReadingOrder(editor).entries, [editor]);
  const active = useValue("renumbering", () => renumbering.get() !== null, []);
  const page = useValue("page meta", () => editor.getCurrentPage().meta, [editor]);
  if (!visible) return null;
  const custom = Array.isArray(page[READING_ORDER_META_KEY]);
  const direction = readingDirection(page);
  const name = (entry: ReadingOrderEntry) => {
    const shape = editor.getShape(entry.id as TLShapeId);
    const text = shape && "text" in shape.props ? String(shape.props.text).trim() : "";
    return entry.kind === "panel" ? "Panel" : text ? `“${text.slice(0, 24)}”` : "Bubble";
  };
  return (
    <section
      className="cs-order-panel"
      aria-label="Reading order"
      data-testid="reading-order-panel"
      onPointerDown={stopEventPropagation}
    >
      <header>
        <strong>Reading order</strong>{" "}
        <span className="cs-order-panel__mode">{custom ? "custom" : "automatic"}</span>
        <button
          type="button"
          className="cs-order-panel__close"
          onClick={toggleReadingOrder}
          aria-label="Hide reading order"
        >
          ×
        </button>
      </header>
      {!readonly && (
        <div className="cs-order-panel__actions">
          {active ? (
            <>
              <span>Click the numbers in order…</span>
              <button
                type="button"
                onClick={() => finishRenumbering(editor)}
                data-testid="reading-order-done"
              >
                Done
              </button>
              <button type="button" onClick={() => renumbering.set(null)}>
                Cancel
              </button>
            </>
          ) : (
            <>
              <button type="button" onClick={() => renumbering.set([])} data-testid="reading-order-renumber">
                Renumber by clicking
              </button>
              <button
                type="button"
                disabled={!custom}
                onClick={() => storeReadingOrder(editor, null)}
                data-testid="reading-order-auto"
              >
                Automatic
              </button>
              <select
                value={direction}
                aria-label="Reading direction"
                onChange={(e) => storeReadingDirection(editor, e.target.value === "rtl" ? "rtl" : "ltr")}
              >
                <option value="ltr">Left to right</option>
                <option value="rtl">Right to left</option>
              </select>
            </>
          )}
        </div>
      )}
      <ol className="cs-order-panel__list" aria-label="Reading order list">
        {entries.map((entry, i) => (
          <li
            key={entry.id}
            className={`cs-order-panel__item--${entry.kind}`}
            data-testid="reading-order-item"
          >
            <span>
              {entry.number}. {name(entry)}
            </span>
            {!readonly && (
              <span className="cs-order-panel__move">
                <button
                  type="button"
                  disabled={i === 0}
                  aria-label="Earlier"
                  data-testid="reading-order-up"
                  onClick={() => storeReadingOrder(editor, moveInOrder(entries, entry.id, -1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  disabled={i === entries.length - 1}
                  aria-label="Later"
                  onClick={() => storeReadingOrder(editor, moveInOrder(entries, entry.id, 1))}
                >
                  ↓
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
