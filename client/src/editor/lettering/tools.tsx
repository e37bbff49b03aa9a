import { BUBBLE_KINDS, type BubbleKind } from "@comic-studio/shared";
import {
  type Editor,
  type TLUiActionsContextType,
  type TLUiToolsContextType,
  TldrawUiMenuToolItem,
  useValue,
} from "tldraw";
import { BUBBLE_TOOL_IDS, BUBBLE_TOOL_KBD, BUBBLE_TOOL_LABELS } from "./BubbleTool.ts";
import { readingOrderVisible, toggleReadingOrder } from "./reading-order-state.ts";

/** tldraw's own icons that read best as each kind (no icon is fetched from elsewhere). */
const BUBBLE_TOOL_ICONS: Record<BubbleKind, string> = {
  speech: "comment",
  thought: "geo-cloud",
  shout: "geo-star",
  caption: "heading",
  sfx: "bold",
};

export const READING_ORDER_ACTION = "toggle-reading-order";
export const READING_ORDER_KBD = "shift+o";

/** Adds the bubble tools to tldraw's tools (for `overrides.tools`). */
export function addLetteringTools(editor: Editor, tools: TLUiToolsContextType): TLUiToolsContextType {
  for (const kind of BUBBLE_KINDS) {
    const id = BUBBLE_TOOL_IDS[kind];
    tools[id] = {
      id,
      icon: BUBBLE_TOOL_ICONS[kind],
      label: BUBBLE_TOOL_LABELS[kind] as never,
      kbd: BUBBLE_TOOL_KBD[kind],
      onSelect: () => editor.setCurrentTool(id),
    };
  }
  return tools;
}

/** Adds the reading-order toggle (Shift+O) to tldraw's actions (for `overrides.actions`). */
export function addLetteringActions(
  _editor: Editor,
  actions: TLUiActionsContextType,
): TLUiActionsContextType {
  actions[READING_ORDER_ACTION] = {
    id: READING_ORDER_ACTION,
    label: "Reading order" as never,
    kbd: READING_ORDER_KBD,
    onSelect: () => toggleReadingOrder(),
  };
  return actions;
}

/** The bubble tools for the toolbar. */
export function LetteringToolItems() {
  return (
    <>
      {BUBBLE_KINDS.map((kind) => (
        <TldrawUiMenuToolItem key={kind} toolId={BUBBLE_TOOL_IDS[kind]} />
      ))}
    </>
  );
}

/** The button that shows and hides the reading order (its list is in the side column). */
export function ReadingOrderControls() {
  const visible = useValue("reading order visible", () => readingOrderVisible.get(), []);
  return (
    <button
      type="button"
      className={`cs-reading-order-toggle${visible ? " is-on" : ""}`}
      aria-pressed={visible}
      title="Reading order (Shift+O)"
      data-testid="reading-order-toggle"
      onClick={toggleReadingOrder}
    >
      Reading order
    </button>
  );
}
