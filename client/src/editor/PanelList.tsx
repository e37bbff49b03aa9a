import type { PanelShape } from "@comic-studio/shared";
import { useEditor, useValue } from "tldraw";
import { currentReadingOrder } from "./lettering/reading-order-state.ts";

/** The page's panels in reading order; choosing one selects it and brings it into view. */
export function PanelList() {
  const editor = useEditor();
  const panels = useValue(
    "panels",
    // The page's reading order, the letterer's override included (as export and the strip use).
    () => currentReadingOrder(editor).panels,
    [editor],
  );
  const selected = useValue("selected", () => new Set(editor.getSelectedShapeIds()), [editor]);
  return (
    <nav className="cs-panels" aria-label="Panels">
      <h2>Panels</h2>
      <ol>
        {panels.map((panel, i) => (
          <li key={panel.id}>
            <button
              type="button"
              className={selected.has(panel.id) ? "is-selected" : ""}
              onClick={() => {
                editor.select(panel.id);
                editor.zoomToSelection({ animation: { duration: 200 } });
              }}
            >
              {i + 1}. {panel.props.generation ? statusWord(panel) : panel.props.imageUrl ? "Image" : "Empty"}
            </button>
          </li>
        ))}
      </ol>
      {panels.length === 0 && <p className="cs-muted">No panels yet.</p>}
    </nav>
  );
}

function statusWord(panel: PanelShape): string {
  const g = panel.props.generation!;
  switch (g.status) {
    case "queued":
      return "Queued";
    case "running":
      return `Generating ${Math.round(g.progress * 100)}%`;
    case "done":
      return panel.props.imageUrl ? "Image" : "Pick a variation";
    case "failed":
      return "Failed";
    case "cancelled":
      return "Cancelled";
    default: {
      const never: never = g.status;
      return never;
    }
  }
}
