import {
  BUBBLE_KINDS,
  BUBBLE_SHAPE,
  type BubbleKind,
  type BubbleShape,
  defaultBubbleProps,
} from "@comic-studio/shared";
import { createShapeId, StateNode, type TLStateNodeConstructor } from "tldraw";
import { panelUnderBubble } from "./panels.ts";

/** Tool id of each kind of bubble (also its toolbar item and translation-free label). */
export const BUBBLE_TOOL_IDS: Record<BubbleKind, string> = {
  speech: "bubble-speech",
  thought: "bubble-thought",
  shout: "bubble-shout",
  caption: "bubble-caption",
  sfx: "bubble-sfx",
};

/** Keyboard shortcuts: letters tldraw leaves free (its tools use a b d e f g h k l n o p q r t v x z). */
export const BUBBLE_TOOL_KBD: Record<BubbleKind, string> = {
  speech: "s",
  thought: "i",
  shout: "y",
  caption: "shift+c",
  sfx: "shift+x",
};

export const BUBBLE_TOOL_LABELS: Record<BubbleKind, string> = {
  speech: "Speech bubble",
  thought: "Thought bubble",
  shout: "Shout bubble",
  caption: "Caption",
  sfx: "Sound effect",
};

/**
 * Click on the page to place a bubble of one kind centred there; it starts in text editing so
 * the letterer types straight away. Its tail starts below-left, pointing at whoever speaks.
 */
function bubbleTool(kind: BubbleKind): TLStateNodeConstructor {
  return class extends StateNode {
    static override id = BUBBLE_TOOL_IDS[kind];

    override onEnter() {
      this.editor.setCursor({ type: "cross", rotation: 0 });
    }

    // Placed on pointer up, as tldraw's text tool does: a pointer down would let the browser move
    // focus to the canvas after the text box took it.
    override onPointerUp() {
      const { x, y } = this.editor.inputs.getCurrentPagePoint();
      const props = defaultBubbleProps(kind);
      const id = createShapeId();
      this.editor.markHistoryStoppingPoint(`create ${kind}`);
      this.editor.createShape<BubbleShape>({
        id,
        type: BUBBLE_SHAPE,
        x: x - props.w / 2,
        y: y - props.h / 2,
        props,
      });
      const shape = this.editor.getShape<BubbleShape>(id);
      if (!shape) return;
      const panelShapeId = panelUnderBubble(this.editor, shape);
      if (panelShapeId)
        this.editor.updateShape<BubbleShape>({ id, type: BUBBLE_SHAPE, props: { panelShapeId } });
      this.editor.select(id);
      this.editor.setEditingShape(id);
      this.editor.setCurrentTool("select.editing_shape", { target: "shape", shape });
    }

    override onCancel() {
      this.editor.setCurrentTool("select");
    }
  };
}

export const bubbleTools = BUBBLE_KINDS.map((kind) => bubbleTool(kind));
