import {
  COLLAB_CLOSE,
  isPanelShape,
  PANEL_BORDERS,
  PANEL_SHAPE,
  type PanelBorder,
  type PanelShape,
} from "@comic-studio/shared";
import { DefaultToolbar, DefaultToolbarContent, TldrawUiMenuToolItem, useEditor, useValue } from "tldraw";
import { ConnectionBadge } from "./ConnectionBadge.tsx";
import { useCanvasContext } from "./canvas-context.ts";
import {
  LetteringControls,
  LetteringToolItems,
  ReadingOrderControls,
  ReadingOrderPanel,
} from "./lettering/index.ts";
import { PanelList } from "./PanelList.tsx";
import { HistoryButton } from "./SnapshotHistory.tsx";
import { WhoIsHere } from "./WhoIsHere.tsx";

/** Top of the canvas: connection state, read-only, and notices the user must act on. */
export function CanvasStatus() {
  const { state, readonly, outdated } = useCanvasContext();
  const notice = state.notice && !state.refused ? COLLAB_CLOSE[state.notice].message : null;
  return (
    <div className="cs-canvas-status">
      <ConnectionBadge state={state} readonly={readonly} />
      {!state.refused && <HistoryButton />}
      {outdated && (
        <div className="cs-notice" role="alert">
          {COLLAB_CLOSE.clientOutdated.message}{" "}
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      )}
      {state.refused && (
        <div className="cs-notice" role="alert" data-testid="canvas-refused">
          {COLLAB_CLOSE[state.refused].message}
          {state.refused === "clientOutdated" && (
            <button type="button" onClick={() => window.location.reload()}>
              Reload
            </button>
          )}
        </div>
      )}
      {notice && <div className="cs-notice cs-notice--info">{notice}</div>}
      {!readonly && <PanelControls />}
      {!state.refused && <ReadingOrderControls />}
    </div>
  );
}

/** Border style of the selected panels. */
function PanelControls() {
  const editor = useEditor();
  const panels = useValue(
    "selected panels",
    () => editor.getSelectedShapes().filter((s): s is PanelShape => isPanelShape(s)),
    [editor],
  );
  if (panels.length === 0) return null;
  const current = panels.every((p) => p.props.border === panels[0]!.props.border)
    ? panels[0]!.props.border
    : "";
  return (
    <label className="cs-panel-controls">
      Border
      <select
        value={current}
        data-testid="panel-border"
        onChange={(event) => {
          const border = event.target.value as PanelBorder;
          editor.markHistoryStoppingPoint("panel border");
          editor.updateShapes(panels.map((p) => ({ id: p.id, type: PANEL_SHAPE, props: { border } })));
        }}
      >
        {current === "" && <option value="">Mixed</option>}
        {PANEL_BORDERS.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Right side: who is here (with follow) and the page's panels. */
export function CanvasSide() {
  return (
    <div className="cs-canvas-side">
      <WhoIsHere />
      <LetteringControls />
      <ReadingOrderPanel />
      <PanelList />
    </div>
  );
}

/** tldraw's toolbar with the panel tool first. */
export function CanvasToolbar() {
  const { readonly } = useCanvasContext();
  return (
    <DefaultToolbar>
      {!readonly && <TldrawUiMenuToolItem toolId={PANEL_SHAPE} />}
      {!readonly && <LetteringToolItems />}
      <DefaultToolbarContent />
    </DefaultToolbar>
  );
}
