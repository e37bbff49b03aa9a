import { projectEndpoints, reviewEndpoints } from "@comic-studio/shared";
import { useState } from "react";
import { call } from "../lib/api.ts";
import { Link } from "../lib/router.tsx";
import { useAsync } from "../lib/useAsync.ts";
import { formatTime } from "./format.ts";

type Status = "open" | "resolved" | "all";

/**
 * Every comment thread of a project in one list, from Postgres (no page is opened): open ones by
 * default, most recently active first, filterable by status, mine and mentioning me. Each row
 * opens its page with the thread chosen.
 */
export function ProjectComments({ projectId }: { projectId: string }) {
  const [status, setStatus] = useState<Status>("open");
  const [mine, setMine] = useState(false);
  const [mentioning, setMentioning] = useState(false);
  const project = useAsync(() => call(projectEndpoints.getProject, { params: { projectId } }), [projectId]);
  const threads = useAsync(
    () =>
      call(reviewEndpoints.listProjectThreads, {
        params: { projectId },
        query: { status, mine: String(mine), mentioning: String(mentioning), limit: "200" },
      }),
    [projectId, status, mine, mentioning],
  );
  const list = threads.data?.threads ?? [];
  return (
    <main className="content">
      <div className="page-head">
        <div>
          <p className="crumbs">
            <Link to="/">Projects</Link> /{" "}
            <Link to={`/projects/${projectId}`}>{project.data?.project.name ?? "…"}</Link> /
          </p>
          <h1>Comments</h1>
        </div>
      </div>
      <fieldset className="project-comments-filters">
        <legend className="sr-only">Filter comments</legend>
        <label>
          Status{" "}
          <select
            value={status}
            data-testid="project-threads-status"
            onChange={(e) => setStatus(e.target.value as Status)}
          >
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
            <option value="all">All</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> Mine
        </label>
        <label className="check">
          <input type="checkbox" checked={mentioning} onChange={(e) => setMentioning(e.target.checked)} />{" "}
          Mentioning me
        </label>
      </fieldset>
      {threads.error && (
        <p className="error" role="alert">
          {threads.error.message}
        </p>
      )}
      {threads.data && list.length === 0 && <p className="muted">No threads match.</p>}
      <ol className="project-comments" aria-label="Comment threads">
        {list.map((t) => {
          const page = `Ch. ${t.page.chapterNumber} · Page ${t.page.pageNumber}${t.page.title ? ` · ${t.page.title}` : ""}`;
          return (
            <li key={t.id} className="card project-thread" data-testid="project-thread" data-thread-id={t.id}>
              <Link to={`/projects/${projectId}/pages/${t.pageId}?thread=${encodeURIComponent(t.id)}`}>
                <span className="project-thread-head">
                  <span className={`project-thread-status project-thread-status--${t.status}`}>
                    {t.status}
                  </span>
                  <strong>{page}</strong>
                  {t.detached && <span className="muted">detached</span>}
                  {t.unreadCount > 0 && <span className="project-thread-unread">{t.unreadCount} new</span>}
                </span>
                <span className="project-thread-excerpt">{t.excerpt || "(first message deleted)"}</span>
                <span className="muted">
                  {t.createdBy.displayName} · {t.messageCount} {t.messageCount === 1 ? "message" : "messages"}{" "}
                  · last {formatTime(t.lastMessageAt)}
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
    </main>
  );
}
