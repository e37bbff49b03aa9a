import {
  PAGE_FRAME_SHAPE,
  type PageFrameShape,
  pageFrameShapeMigrations,
  pageFrameShapeProps,
} from "@comic-studio/shared";
import { BaseBoxShapeUtil, type BoundsSnapGeometry, HTMLContainer } from "tldraw";

/** The page itself: its trim size, safe margin guides, and snap points at the margins. */
export class PageFrameShapeUtil extends BaseBoxShapeUtil<PageFrameShape> {
  static override type = PAGE_FRAME_SHAPE;
  static override props = pageFrameShapeProps;
  static override migrations = pageFrameShapeMigrations;

  override getDefaultProps(): PageFrameShape["props"] {
    return { w: 680, h: 1040, trimWidthMm: 170, trimHeightMm: 260, marginPx: 40, gutterPx: 16 };
  }

  override canEdit() {
    return false;
  }
  override canResize() {
    return false;
  }
  override hideRotateHandle() {
    return true;
  }

  override getBoundsSnapGeometry(shape: PageFrameShape): BoundsSnapGeometry {
    const { w, h, marginPx: m } = shape.props;
    return {
      points: [
        { x: 0, y: 0 },
        { x: w, y: 0 },
        { x: 0, y: h },
        { x: w, y: h },
        { x: m, y: m },
        { x: w - m, y: m },
        { x: m, y: h - m },
        { x: w - m, y: h - m },
        { x: w / 2, y: h / 2 },
      ],
    };
  }

  override component(shape: PageFrameShape) {
    const { w, h, marginPx, gutterPx, trimWidthMm, trimHeightMm } = shape.props;
    return (
      <HTMLContainer
        className="cs-page-frame"
        style={{ width: w, height: h }}
        data-testid="page-frame"
        data-gutter-px={gutterPx}
      >
        <div className="cs-page-frame__margin" style={{ inset: marginPx }} />
        <span className="cs-page-frame__label">
          {trimWidthMm} × {trimHeightMm} mm
        </span>
      </HTMLContainer>
    );
  }

  override getIndicatorPath(shape: PageFrameShape) {
    const path = new Path2D();
    path.rect(0, 0, shape.props.w, shape.props.h);
    return path;
  }
}
