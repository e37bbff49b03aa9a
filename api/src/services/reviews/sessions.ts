import type { Sql } from "@comic-studio/infra";
import {
  AppError,
  type ReviewOutcome,
  type ReviewSession,
  type ReviewSessionSummary,
  type SessionUser,
} from "@comic-studio/shared";
import type { PageRef } from "./access.ts";
import type { ReviewServices } from "./threads.ts";

interface SessionRow {
  id: string;
  project_id: string;
  page_id: string;
  title: string | null;
  presenter_id: string;
  presenter_name: string;
  started_at: Date;
  ended_at: Date | null;
  ended_by: string | null;
  ended_by_name: string | null;
  outcome: ReviewOutcome | null;
  note: string | null;
  summary: ReviewSessionSummary | null;
}

async function selectSessions(sql: Sql, where: ReturnType<Sql>): Promise<SessionRow[]> {
  return sql<SessionRow[]>`
    select s.id, s.project_id, s.page_id, s.title, s.presenter_id, pu.display_name as presenter_name,
           s.started_at, s.ended_at, s.ended_by, eu.display_name as ended_by_name, s.outcome, s.note, s.summary
      from review_sessions s
      join users pu on pu.id = s.presenter_id
      left join users eu on eu.id = s.ended_by
     where ${where}
     order by s.started_at desc, s.id`;
}

/**
 * What happened on the page since `since` (until `until`, or now): threads opened, threads
 * resolved (and still resolved), threads still open.
 */
async function summarize(
  sql: Sql,
  pageId: string,
  since: Date,
  until: Date | null,
): Promise<ReviewSessionSummary> {
  const end = until ?? new Date("9999-12-31T00:00:00Z");
  const opened = await sql<{ id: string }[]>`
    select id from comment_threads where page_id = ${pageId} and created_at >= ${since} and created_at <= ${end}
     order by created_at, id`;
  const resolved = await sql<{ id: string }[]>`
    select id from comment_threads
     where page_id = ${pageId} and status = 'resolved' and resolved_at >= ${since} and resolved_at <= ${end}
     order by resolved_at, id`;
  const [open] = await sql<{ count: number }[]>`
    select count(*)::int as count from comment_threads where page_id = ${pageId} and status = 'open'`;
  return {
    threadsOpened: opened.length,
    threadsResolved: resolved.length,
    openedThreadIds: opened.map((r) => r.id),
    resolvedThreadIds: resolved.map((r) => r.id),
    threadsStillOpen: open?.count ?? 0,
  };
}

async function toSession(sql: Sql, row: SessionRow): Promise<ReviewSession> {
  return {
    id: row.id,
    projectId: row.project_id,
    pageId: row.page_id,
    status: row.ended_at ? "ended" : "active",
    title: row.title,
    presenter: { id: row.presenter_id, displayName: row.presenter_name },
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    endedBy: row.ended_by && row.ended_by_name ? { id: row.ended_by, displayName: row.ended_by_name } : null,
    outcome: row.outcome,
    note: row.note,
    summary: row.summary ?? (await summarize(sql, row.page_id, row.started_at, null)),
  };
}

export async function findReviewSession(sql: Sql, sessionId: string): Promise<ReviewSession> {
  const [row] = await selectSessions(sql, sql`s.id = ${sessionId}`);
  if (!row) throw new AppError("NOT_FOUND", "There is no such review session.");
  return toSession(sql, row);
}

export async function currentReviewSession(sql: Sql, pageId: string): Promise<ReviewSession | null> {
  const [row] = await selectSessions(sql, sql`s.page_id = ${pageId} and s.ended_at is null`);
  return row ? toSession(sql, row) : null;
}

export async function listReviewSessions(sql: Sql, pageId: string): Promise<ReviewSession[]> {
  const rows = await selectSessions(sql, sql`s.page_id = ${pageId}`);
  return Promise.all(rows.map((row) => toSession(sql, row)));
}

/** Starts a session presented by the caller; one runs per page at a time (CONFLICT otherwise). */
export async function startReviewSession(
  svc: ReviewServices,
  page: PageRef,
  user: SessionUser,
  title: string | null,
): Promise<ReviewSession> {
  const { sql } = svc;
  const inserted = await sql<{ id: string }[]>`
    insert into review_sessions (project_id, page_id, title, presenter_id)
    values (${page.projectId}, ${page.id}, ${title}, ${user.id})
    on conflict (page_id) where ended_at is null do nothing
    returning id`;
  if (inserted.length === 0) {
    throw new AppError("CONFLICT", "A review session is already running on this page.");
  }
  const session = await findReviewSession(sql, inserted[0]!.id);
  await svc.publisher.publish({ type: "session-started", pageId: page.id, session });
  return session;
}

/** Ends a running session with its outcome and records its summary. */
export async function endReviewSession(
  svc: ReviewServices,
  session: ReviewSession,
  user: SessionUser,
  input: { outcome: ReviewOutcome; note: string | null },
): Promise<ReviewSession> {
  const { sql } = svc;
  const endedAt = new Date();
  const summary = await summarize(sql, session.pageId, new Date(session.startedAt), endedAt);
  const updated = await sql`
    update review_sessions
       set ended_at = ${endedAt}, ended_by = ${user.id}, outcome = ${input.outcome}, note = ${input.note},
           summary = ${sql.json(summary)}
     where id = ${session.id} and ended_at is null
    returning id`;
  if (updated.length === 0) throw new AppError("CONFLICT", "The review session has already ended.");
  const ended = await findReviewSession(sql, session.id);
  await svc.publisher.publish({ type: "session-ended", pageId: session.pageId, session: ended });
  return ended;
}
