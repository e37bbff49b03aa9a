import {
  DEFAULT_PANEL_BORDER,
  DEFAULT_PANEL_BORDER_WIDTH_PX,
  PANEL_SHAPE,
  type PanelShape,
  panelShapeMigrations,
  panelShapeProps,
} from "@comic-studio/shared";
import {
  BaseBoxShapeTool,
  BaseBoxShapeUtil,
  type BoundsSnapGeometry,
  HTMLContainer,
  stopEventPropagation,
  useEditor,
  useValue,
} from "tldraw";
import { usePanelActions } from "../panel-actions.ts";
import { PAGE_FRAME_ID, pageGutterPx, panelSnapPoints } from "../snap.ts";
import { GenerationOverlay } from "./GenerationOverlay.tsx";

export const NEW_PANEL_SIZE = { w: 240, h: 180 } as const;

/** A comic panel: a bordered frame holding its chosen image and its generation state. */
export class PanelShapeUtil extends BaseBoxShapeUtil<PanelShape> {
  static override type = PANEL_SHAPE;
  static override props = panelShapeProps;
  static override migrations = panelShapeMigrations;

  override getDefaultProps(): PanelShape["props"] {
    return {
      ...NEW_PANEL_SIZE,
      border: DEFAULT_PANEL_BORDER,
      borderWidth: DEFAULT_PANEL_BORDER_WIDTH_PX,
      // collab-server creates the panels row with this id (or gives the shape another one).
      panelId: crypto.randomUUID(),
      imageUrl: null,
      generation: null,
    };
  }

  override canEdit() {
    return false;
  }

  /**
   * Gutter snapping through tldraw's bounds snapping: panels that stay put offer points one page
   * gutter outside their edges; the panels being moved or resized (the selected ones) snap with
   * their own corners only. Re-derived by tldraw when the selection or the frame's gutter changes.
   */
  override getBoundsSnapGeometry(shape: PanelShape): BoundsSnapGeometry {
    const moving = this.editor.getSelectedShapeIds().includes(shape.id);
    const gutter = moving ? 0 : pageGutterPx(this.editor.getShape(PAGE_FRAME_ID));
    return { points: panelSnapPoints(shape.props, gutter) };
  }

  override component(shape: PanelShape) {
    return <PanelView shape={shape} />;
  }

  override getIndicatorPath(shape: PanelShape) {
    const path = new Path2D();
    path.rect(0, 0, shape.props.w, shape.props.h);
    return path;
  }
}

/** Draws a panel by dragging on the page, like the rectangle tool. */
export class PanelTool extends BaseBoxShapeTool {
  static override id = PANEL_SHAPE;
  static override initial = "idle";
  override shapeType = PANEL_SHAPE as typeof PANEL_SHAPE;
}

function PanelView({ shape }: { shape: PanelShape }) {
  const editor = useEditor();
  const actions = usePanelActions();
  const readonly = useValue("readonly", () => editor.getIsReadonly(), [editor]);
  const { w, h, border, borderWidth, imageUrl, generation } = shape.props;
  const preview = generation?.status === "running" ? generation.previewUrl : null;
  const shown = imageUrl ?? preview;

  const choose = (index: number) => {
    if (readonly || !generation) return;
    if (actions.chooseVariation) return actions.chooseVariation(shape, index);
    const variation = generation.variations[index];
    if (!variation) return;
    editor.markHistoryStoppingPoint("choose variation");
    editor.updateShape<PanelShape>({ id: shape.id, type: PANEL_SHAPE, props: { imageUrl: variation.url } });
  };

  return (
    <HTMLContainer
      className={`cs-panel cs-panel--${border}`}
      data-testid="panel-shape"
      data-panel-id={shape.props.panelId}
      style={{ width: w, height: h, borderWidth: border === "none" ? 0 : borderWidth }}
    >
      {shown ? (
        <img
          className={imageUrl ? "cs-panel__image" : "cs-panel__preview"}
          src={shown}
          alt=""
          draggable={false}
        />
      ) : (
        <div className="cs-panel__empty">Empty panel</div>
      )}
      {generation && (
        <GenerationOverlay
          generation={generation}
          chosenUrl={imageUrl}
          readonly={readonly}
          onChoose={choose}
          onRetry={actions.retry && !readonly ? () => actions.retry?.(shape) : undefined}
          stop={stopEventPropagation}
        />
      )}
    </HTMLContainer>
  );
}
