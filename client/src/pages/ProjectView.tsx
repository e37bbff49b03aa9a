import { pageEndpoints, projectEndpoints, reviewEndpoints } from "@comic-studio/shared";
import { useState } from "react";
import { ExportButton } from "../export/ExportDialog.tsx";
import { ApiError, call } from "../lib/api.ts";
import { Link } from "../lib/router.tsx";
import { useAsync } from "../lib/useAsync.ts";
import { NotFound } from "./NotFound.tsx";

export function ProjectView({ projectId }: { projectId: string }) {
  const project = useAsync(() => call(projectEndpoints.getProject, { params: { projectId } }), [projectId]);
  const pages = useAsync(() => call(pageEndpoints.listPages, { params: { projectId } }), [projectId]);
  const threads = useAsync(
    () => call(reviewEndpoints.listPageThreadCounts, { params: { projectId } }),
    [projectId],
  );
  const [error, setError] = useState<string | null>(null);

  if (project.error instanceof ApiError && project.error.status === 404) return <NotFound />;
  const p = project.data?.project;
  const canEdit = p?.role === "owner" || p?.role === "editor";

  async function addPage() {
    setError(null);
    try {
      await call(pageEndpoints.createPage, { params: { projectId }, body: { layoutTemplate: "4-panel" } });
      pages.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not add a page.");
    }
  }

  return (
    <main className="content">
      <div className="page-head">
        <div>
          <p className="crumbs">
            <Link to="/">Projects</Link> /
          </p>
          <h1>{p?.name ?? "…"}</h1>
          {p?.description && <p className="muted">{p.description}</p>}
        </div>
        <div className="inline-form">
          <Link to={`/projects/${projectId}/characters`} className="button">
            Characters
          </Link>
          <Link to={`/projects/${projectId}/styles`} className="button">
            Style
          </Link>
          <Link to={`/projects/${projectId}/locations`} className="button">
            Locations
          </Link>
          <Link to={`/projects/${projectId}/comments`} className="button">
            Comments
          </Link>
          <Link to={`/projects/${projectId}/settings`} className="button">
            Settings
          </Link>
          {p && pages.data && (
            <ExportButton projectId={projectId} pages={pages.data.pages} canEdit={canEdit} />
          )}
          {canEdit && (
            <button type="button" className="button primary" onClick={() => void addPage()}>
              Add page
            </button>
          )}
        </div>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ol className="page-strip" aria-label="Pages">
        {pages.data?.pages.map((page) => {
          const counts = threads.data?.pages.find((c) => c.pageId === page.id);
          return (
            <li key={page.id} className="card page-card">
              <Link to={`/projects/${projectId}/pages/${page.id}`}>
                <div className={`page-thumb layout-${page.layoutTemplate ?? "none"}`} aria-hidden="true" />
                <span>
                  Ch. {page.chapterNumber} · Page {page.pageNumber}
                </span>
                {page.title && <strong>{page.title}</strong>}
                {counts && counts.open > 0 && (
                  <span className="page-threads" data-testid="page-thread-count">
                    <span className="page-threads-pill" title={`${counts.open} open comment threads`}>
                      {counts.open} open {counts.open === 1 ? "thread" : "threads"}
                    </span>
                    {counts.openMentioningMe > 0 && (
                      <span
                        className="page-threads-pill page-threads-pill--mention"
                        title={`${counts.openMentioningMe} open ${counts.openMentioningMe === 1 ? "thread mentions" : "threads mention"} you`}
                      >
                        @you
                      </span>
                    )}
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ol>
      {pages.data?.pages.length === 0 && <p className="muted">No pages yet.</p>}
    </main>
  );
}
