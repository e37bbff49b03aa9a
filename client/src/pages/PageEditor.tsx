import { generationEndpoints as g, pageEndpoints } from "@comic-studio/shared";
import { useCallback, useMemo, useState } from "react";
import type { Editor } from "tldraw";
import { PageCanvas } from "../editor/PageCanvas.tsx";
import type { PanelActions } from "../editor/panel-actions.ts";
import { GenerationPanel } from "../generation/GenerationPanel.tsx";
import { ApiError, call } from "../lib/api.ts";
import { Link } from "../lib/router.tsx";
import { useSession } from "../lib/session.tsx";
import { useAsync } from "../lib/useAsync.ts";
import { NotificationBell } from "../review/NotificationBell.tsx";
import { ReviewBar } from "../review/ReviewBar.tsx";
import { ReviewProvider } from "../review/ReviewContext.tsx";
import { ReviewSidebar } from "../review/ReviewSidebar.tsx";
import { NotFound } from "./NotFound.tsx";

/** The page editor: the shared canvas, page navigation and the selected panel's generation. */
export function PageEditor({ projectId, pageId }: { projectId: string; pageId: string }) {
  const { user } = useSession();
  const page = useAsync(() => call(pageEndpoints.getPage, { params: { pageId } }), [pageId]);
  const pages = useAsync(() => call(pageEndpoints.listPages, { params: { projectId } }), [projectId]);
  const [editor, setEditor] = useState<Editor | null>(null);
  const onEditor = useCallback((e: Editor | null) => setEditor(e), []);
  const panelActions: PanelActions = useMemo(
    () => ({
      retry: (panel) => {
        const id = panel.props.generation?.generationId;
        if (id) void call(g.retryGeneration, { params: { generationId: id } }).catch(() => undefined);
      },
      chooseVariation: (panel, index) => {
        const id = panel.props.generation?.generationId;
        if (id)
          void call(g.chooseVariation, { params: { generationId: id }, body: { index } }).catch(
            () => undefined,
          );
      },
    }),
    [],
  );

  if (page.error instanceof ApiError && page.error.status === 404) return <NotFound />;
  if (!page.data || !user) return <div className="splash">Opening the page…</div>;
  const { role, project } = page.data;
  const list = pages.data?.pages ?? [];
  const index = list.findIndex((p) => p.id === pageId);
  const prev = index > 0 ? list[index - 1] : undefined;
  const next = index >= 0 && index < list.length - 1 ? list[index + 1] : undefined;
  const canEdit = role === "owner" || role === "editor";

  const screen = (
    <div className="editor-screen">
      <header className="editor-bar">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width={20} height={20} />
        </Link>
        <p className="crumbs">
          <Link to={`/projects/${projectId}`}>{project.name}</Link> / Page {page.data.page.pageNumber}
          {page.data.page.title ? ` · ${page.data.page.title}` : ""}
        </p>
        <nav className="page-nav" aria-label="Pages">
          {prev ? (
            <Link to={`/projects/${projectId}/pages/${prev.id}`} className="button ghost">
              ← Page {prev.pageNumber}
            </Link>
          ) : null}
          {next ? (
            <Link to={`/projects/${projectId}/pages/${next.id}`} className="button ghost">
              Page {next.pageNumber} →
            </Link>
          ) : null}
        </nav>
        <ReviewBar editor={editor} role={role} />
        <NotificationBell />
        <span className={`role role-${role}`} title="Your role on this project">
          {role}
        </span>
      </header>
      <div className="editor-body">
        <div className="editor-canvas">
          <PageCanvas
            pageId={pageId}
            projectId={projectId}
            user={{ id: user.id, displayName: user.displayName }}
            role={role}
            panelActions={panelActions}
            onEditor={onEditor}
          />
        </div>
        <ReviewSidebar
          editor={editor}
          role={role}
          generation={
            editor ? (
              <GenerationPanel editor={editor} pageId={pageId} canEdit={canEdit} />
            ) : (
              // Same width from the start, so the canvas does not resize (and lose its fit) once ready.
              <aside className="gen-panel" aria-label="Generation" aria-busy="true" />
            )
          }
        />
      </div>
    </div>
  );
  // Review state (threads, sessions) is shared by the header, the sidebar and the canvas pins.
  return (
    <ReviewProvider
      pageId={pageId}
      projectId={projectId}
      me={{ id: user.id, displayName: user.displayName }}
      initialTab={canEdit ? "generate" : "comments"}
    >
      {screen}
    </ReviewProvider>
  );
}
