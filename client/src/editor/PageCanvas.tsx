import "tldraw/tldraw.css";
import "./editor.css";
import {
  bindPresence,
  COLLAB_CLOSE,
  type CollabCloseKind,
  can,
  isPageFrameShape,
  PageDocumentBinding,
  pageSchema,
  type Role,
} from "@comic-studio/shared";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import {
  atom,
  createPresenceStateDerivation,
  createTLStore,
  createUserId,
  type Editor,
  type TLComponents,
  type TLRecord,
  type TLStore,
  type TLUiOverrides,
  type TLUser,
  Tldraw,
  UserRecordType,
  useTldrawCurrentUser,
} from "tldraw";
import { ReviewCanvasLayer } from "../review/ReviewCanvasLayer.tsx";
import { createAssetStore } from "./asset-store.ts";
import { assetUrls } from "./assets.ts";
import { CanvasSide, CanvasStatus, CanvasToolbar } from "./CanvasChrome.tsx";
import { CanvasContext, type CanvasContextValue } from "./canvas-context.ts";
import { CollabSession } from "./collab-session.ts";
import {
  addLetteringActions,
  addLetteringTools,
  bubbleTools,
  ReadingOrderOverlay,
} from "./lettering/index.ts";
import { type PanelActions, PanelActionsContext } from "./panel-actions.ts";
import { PAGE_SHAPE_UTILS } from "./shape-utils.ts";
import { PanelTool } from "./shapes/PanelShapeUtil.tsx";
import { userColor } from "./user-color.ts";

const tools = [PanelTool, ...bubbleTools];
const overrides: TLUiOverrides = {
  tools(editor, tools) {
    tools.panel = {
      id: "panel",
      icon: "tool-frame",
      label: "Panel",
      kbd: "p",
      onSelect: () => editor.setCurrentTool("panel"),
    };
    return addLetteringTools(editor, tools);
  },
  actions: addLetteringActions,
};
const components: TLComponents = {
  TopPanel: CanvasStatus,
  SharePanel: CanvasSide,
  Toolbar: CanvasToolbar,
  // Comment pins and comment mode (review); renders nothing outside a ReviewProvider.
  InFrontOfTheCanvas: ReviewCanvasLayer,
  // Reading-order numbers on panels and bubbles (lettering), shown on demand.
  OnTheCanvas: ReadingOrderOverlay,
};
const licenseKey = (import.meta.env.VITE_TLDRAW_LICENSE_KEY as string | undefined) || undefined;

export interface PageCanvasUser {
  id: string;
  displayName: string;
}

export interface PageCanvasProps {
  pageId: string;
  user: PageCanvasUser;
  /** The user's role in the page's project (from `GET /api/pages/:pageId`). */
  role: Role;
  /** The page's project: images dropped on the page are uploaded to it. */
  projectId?: string;
  /** What the buttons on panels do (retry a generation, choose a variation). */
  panelActions?: PanelActions;
  /** Called with the tldraw editor once the page is shown (and with null when it goes). */
  onEditor?: (editor: Editor | null) => void;
}

/**
 * The collaborative page canvas: tldraw bound to the page's Y.Doc on collab-server, with
 * presence (cursors, selections, names, follow), connection state and comic panels. Mount
 * it in a box with a size; it fills it.
 */
export function PageCanvas(props: PageCanvasProps) {
  const [session, setSession] = useState<CollabSession | null>(null);
  useEffect(() => {
    const created = new CollabSession(props.pageId);
    setSession(created);
    return () => {
      created.destroy();
      setSession(null);
    };
  }, [props.pageId]);
  if (!session) return <div className="cs-page-canvas cs-page-canvas--loading">Opening the page…</div>;
  return <SessionCanvas key={props.pageId} session={session} {...props} />;
}

function SessionCanvas({
  session,
  user,
  role,
  projectId,
  panelActions,
  onEditor,
}: PageCanvasProps & { session: CollabSession }) {
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const [outdated, setOutdated] = useState(false);
  const [store, setStore] = useState<TLStore | null>(null);
  const color = userColor(user.id);
  const [signals] = useState(() => ({
    mode: atom<"readonly" | "readwrite">("collab mode", "readonly"),
    status: atom<"online" | "offline">("collab status", "offline"),
    // The signed-in user as tldraw's user record: presence, attribution and the people list.
    user: atom<TLUser | null>(
      "current user",
      UserRecordType.create({ id: createUserId(user.id), name: user.displayName, color }),
    ),
  }));

  const readonly = outdated || state.refused !== null || !can.editCanvas(role) || state.scope === "readonly";
  useEffect(() => {
    signals.mode.set(readonly ? "readonly" : "readwrite");
  }, [readonly, signals]);
  useEffect(() => {
    signals.status.set(state.connection === "connected" ? "online" : "offline");
  }, [state.connection, signals]);

  // Bind once the first sync finished: the store starts with exactly the document's records.
  useEffect(() => {
    if (!state.synced) return;
    const created = createTLStore({
      schema: pageSchema(),
      users: { currentUser: signals.user },
      assets: createAssetStore(projectId),
      collaboration: { mode: signals.mode, status: signals.status },
    });
    const binding = new PageDocumentBinding<TLRecord>(created, session.doc, {
      onOutdated: () => setOutdated(true),
      // Read-only users keep local-only records (tldraw's own user record) out of the page.
      isReadOnly: () => signals.mode.get() === "readonly",
    });
    binding.start();
    setStore(created);
    return () => {
      binding.dispose();
      setStore(null);
    };
    // `synced` never goes back to false: the store lives as long as the session, through reconnects.
  }, [state.synced, session, projectId, signals]);

  const currentUser = useTldrawCurrentUser({
    // Panels snap to gutters and margins without a modifier key, as a layout tool should.
    userPreferences: { id: user.id, name: user.displayName, color, isSnapMode: true },
  });
  const context: CanvasContextValue = useMemo(
    () => ({ session, state, role, outdated, readonly }),
    [session, state, role, outdated, readonly],
  );

  const onMount = (editor: Editor) => {
    const presence$ = createPresenceStateDerivation(signals.user)(editor.store);
    const unbindPresence = bindPresence(editor.store, session.awareness, presence$);
    const frame = editor.getCurrentPageShapes().find((s) => isPageFrameShape(s));
    const bounds = frame ? editor.getShapePageBounds(frame.id) : null;
    if (bounds) editor.zoomToBounds(bounds, { inset: 48 });
    else editor.zoomToFit();
    onEditor?.(editor);
    return () => {
      unbindPresence();
      onEditor?.(null);
    };
  };

  if (!store) {
    return (
      <div className="cs-page-canvas cs-page-canvas--loading" data-testid="page-canvas-loading">
        {state.refused ? <RefusedMessage kind={state.refused} /> : "Connecting to the page…"}
      </div>
    );
  }
  return (
    <CanvasContext.Provider value={context}>
      <PanelActionsContext.Provider value={panelActions ?? {}}>
        <div className="cs-page-canvas" data-testid="page-canvas" data-readonly={readonly}>
          <Tldraw
            store={store}
            shapeUtils={PAGE_SHAPE_UTILS}
            tools={tools}
            overrides={overrides}
            components={components}
            assetUrls={assetUrls}
            user={currentUser}
            licenseKey={licenseKey}
            onMount={onMount}
          />
        </div>
      </PanelActionsContext.Provider>
    </CanvasContext.Provider>
  );
}

function RefusedMessage({ kind }: { kind: CollabCloseKind }) {
  return (
    <div className="cs-refused" role="alert" data-testid="canvas-refused">
      <p>{COLLAB_CLOSE[kind].message}</p>
      {kind === "clientOutdated" && (
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      )}
      {kind === "unauthenticated" && (
        <a className="button" href="/">
          Sign in
        </a>
      )}
    </div>
  );
}
