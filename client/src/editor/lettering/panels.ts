import { type BubbleShape, isPanelShape, type PanelShape, panelAt } from "@comic-studio/shared";
import type { Editor, TLShapeId } from "tldraw";

// Which panel a bubble belongs to, from where its body's centre lies on the page.

export function pagePanels(editor: Editor): { id: string; x: number; y: number; w: number; h: number }[] {
  return editor
    .getCurrentPageShapes()
    .filter((s): s is PanelShape => isPanelShape(s))
    .map((p) => {
      const b = editor.getShapePageBounds(p.id)!;
      return { id: p.id, x: b.x, y: b.y, w: b.w, h: b.h };
    })
    .reverse(); // topmost first: a bubble over overlapping panels belongs to the one drawn on top
}

/** The panel under a bubble's body centre (page point of its local w/2, h/2), or null. */
export function panelUnderBubble(editor: Editor, bubble: BubbleShape): string | null {
  const transform = editor.getShapePageTransform(bubble.id);
  const centre = transform
    ? transform.applyToPoint({ x: bubble.props.w / 2, y: bubble.props.h / 2 })
    : { x: bubble.x + bubble.props.w / 2, y: bubble.y + bubble.props.h / 2 };
  return panelAt(centre, pagePanels(editor));
}

/** The panel's rectangle as a polygon in the bubble's own coordinates (for an SVG clipPath). */
export function panelClipPolygon(
  editor: Editor,
  bubble: BubbleShape,
  panelId: string,
): { x: number; y: number }[] | null {
  const panel = editor.getShape(panelId as TLShapeId);
  if (!panel || !isPanelShape(panel)) return null;
  const toPage = editor.getShapePageTransform(panel.id);
  if (!toPage) return null;
  const { w, h } = panel.props;
  return [
    { x: 0, y: 0 },
    { x: w, y: 0 },
    { x: w, y: h },
    { x: 0, y: h },
  ].map((corner) => editor.getPointInShapeSpace(bubble, toPage.applyToPoint(corner)));
}
