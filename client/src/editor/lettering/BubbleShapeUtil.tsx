import {
  BUBBLE_SHAPE,
  type BubbleShape,
  bubbleOutline,
  bubbleShapeMigrations,
  bubbleShapeProps,
  defaultBubbleProps,
} from "@comic-studio/shared";
import {
  Ellipse2d,
  type Geometry2d,
  Group2d,
  type IndexKey,
  Polygon2d,
  Rectangle2d,
  resizeBox,
  ShapeUtil,
  type TLHandle,
  type TLHandleDragInfo,
  type TLResizeInfo,
  type TLShapePartial,
  Vec,
} from "tldraw";
import { BubbleSvg, BubbleView } from "./BubbleView.tsx";
import { measureText } from "./measure.ts";
import { panelUnderBubble } from "./panels.ts";

const TAIL_HANDLE = "tail";

/**
 * Speech, thought, shout and caption bubbles and sound effects. Outline, tail and text layout
 * come from @comic-studio/shared (the exports draw the same); this class adds tldraw's
 * interaction: hit testing, resizing, a draggable tail tip and in-place text editing.
 */
export class BubbleShapeUtil extends ShapeUtil<BubbleShape> {
  static override type = BUBBLE_SHAPE;
  static override props = bubbleShapeProps;
  static override migrations = bubbleShapeMigrations;

  override getDefaultProps(): BubbleShape["props"] {
    return defaultBubbleProps("speech");
  }

  override canEdit() {
    return true;
  }

  override canResize() {
    return true;
  }

  override isAspectRatioLocked() {
    return false;
  }

  /** The body sets the bounds; the tail is hit-testable but outside them, so resizing works on the body. */
  override getGeometry(shape: BubbleShape): Geometry2d {
    const { kind, w, h } = shape.props;
    const body =
      kind === "caption" || kind === "sfx"
        ? new Rectangle2d({ width: w, height: h, isFilled: true })
        : new Ellipse2d({ width: w, height: h, isFilled: true });
    const outline = bubbleOutline(shape.props);
    const tails =
      kind === "thought"
        ? outline.polygons.slice(1)
        : outline.tail
          ? [[outline.tail.base1, outline.tail.tip, outline.tail.base2]]
          : [];
    return new Group2d({
      children: [
        body,
        ...tails.map(
          (points) =>
            new Polygon2d({
              points: points.map((p) => new Vec(p.x, p.y)),
              isFilled: true,
              excludeFromShapeBounds: true,
            }),
        ),
      ],
    });
  }

  override getHandles(shape: BubbleShape): TLHandle[] {
    const { tail } = shape.props;
    if (!tail) return [];
    return [
      { id: TAIL_HANDLE, type: "vertex", index: "a1" as IndexKey, x: tail.x, y: tail.y, canSnap: false },
    ];
  }

  override onHandleDrag(shape: BubbleShape, { handle }: TLHandleDragInfo<BubbleShape>) {
    if (handle.id !== TAIL_HANDLE) return;
    return { ...shape, props: { ...shape.props, tail: { x: handle.x, y: handle.y } } };
  }

  /** Resizing moves the body; the tail's tip stays on the page where it points (at its character). */
  override onResize(shape: BubbleShape, info: TLResizeInfo<BubbleShape>) {
    const resized = resizeBox(shape, info);
    const { tail } = info.initialShape.props;
    if (!tail || shape.rotation !== 0) return resized;
    const moved = {
      x: info.initialShape.x + tail.x - (resized.x ?? shape.x),
      y: info.initialShape.y + tail.y - (resized.y ?? shape.y),
    };
    return { ...resized, props: { ...resized.props, tail: moved } };
  }

  override onTranslateEnd(_initial: BubbleShape, current: BubbleShape) {
    return this.belongToPanelUnder(current);
  }

  override onResizeEnd(_initial: BubbleShape, current: BubbleShape) {
    return this.belongToPanelUnder(current);
  }

  /** A bubble belongs to the panel under it: that panel clips it and places it in the reading order. */
  private belongToPanelUnder(shape: BubbleShape): TLShapePartial<BubbleShape> | undefined {
    const panelShapeId = panelUnderBubble(this.editor, shape);
    if (panelShapeId === shape.props.panelShapeId) return undefined;
    return { id: shape.id, type: BUBBLE_SHAPE, props: { panelShapeId } };
  }

  override component(shape: BubbleShape) {
    return <BubbleView shape={shape} />;
  }

  override getIndicatorPath(shape: BubbleShape) {
    const { path } = bubbleOutline(shape.props);
    if (path) return new Path2D(path);
    const rect = new Path2D();
    rect.rect(0, 0, shape.props.w, shape.props.h);
    return rect;
  }

  override toSvg(shape: BubbleShape) {
    return <BubbleSvg shape={shape} measure={measureText} clip={null} showText />;
  }
}
