import { isPageFrameShape, type ThreadAnchor } from "@comic-studio/shared";
import type { Editor, TLShapeId, VecLike } from "tldraw";

/** Where an anchor is on the page now, or null when its shape is gone (detached). */
export function anchorPagePoint(editor: Editor, anchor: ThreadAnchor): VecLike | null {
  switch (anchor.kind) {
    case "point":
      return { x: anchor.x, y: anchor.y };
    case "shape": {
      const bounds = editor.getShapePageBounds(anchor.shapeId as TLShapeId);
      if (!bounds) return null;
      return { x: bounds.x + anchor.offset.x * bounds.w, y: bounds.y + anchor.offset.y * bounds.h };
    }
    default: {
      const never: never = anchor;
      return never;
    }
  }
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/**
 * The anchor for a click at `point` (page coordinates): the topmost shape under it, with the
 * point relative to its bounds so the pin follows the shape; the page frame itself counts as
 * the page, so a click on bare paper pins to the page point.
 */
export function anchorAt(editor: Editor, point: VecLike): ThreadAnchor {
  const shape = editor.getShapeAtPoint(point, { hitInside: true, margin: 0 });
  const bounds = shape && !isPageFrameShape(shape) ? editor.getShapePageBounds(shape.id) : null;
  if (!shape || !bounds || bounds.w <= 0 || bounds.h <= 0) {
    return { kind: "point", x: Math.round(point.x), y: Math.round(point.y) };
  }
  return {
    kind: "shape",
    shapeId: shape.id,
    offset: { x: clamp01((point.x - bounds.x) / bounds.w), y: clamp01((point.y - bounds.y) / bounds.h) },
  };
}

/** Moves the camera so that the anchor is in the middle of the viewport (no zoom change). */
export function centerOnAnchor(editor: Editor, anchor: ThreadAnchor): boolean {
  const point = anchorPagePoint(editor, anchor);
  if (!point) return false;
  // A follower who picks a thread stops following, or the presenter's camera would pull it back.
  if (editor.getInstanceState().followingUserId) editor.stopFollowingUser();
  editor.centerOnPoint(point, { animation: { duration: 240 } });
  return true;
}
