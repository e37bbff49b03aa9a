import {
  type CommentMessage,
  type CommentThread,
  type ReviewEvent,
  reviewEventsChannel,
  type ThreadAnchor,
} from "@comic-studio/shared";
import type { Redis } from "ioredis";
import type postgres from "postgres";
import type { Sql } from "./db.ts";

// The review record (comment threads and messages) as both the api, which writes it, and
// collab-server, which marks pins detached when their shape leaves the page, read it. One
// query shape, so a live event carries the same thread an api answer does.

type Fragment = postgres.PendingQuery<postgres.Row[]>;

interface ThreadRow {
  id: string;
  project_id: string;
  page_id: string;
  anchor: ThreadAnchor;
  panel_id: string | null;
  status: "open" | "resolved";
  detached_at: Date | null;
  created_by: string;
  created_by_name: string;
  created_at: Date;
  updated_at: Date;
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolved_at: Date | null;
  session_id: string | null;
  message_count: number;
  last_message_at: Date;
  unread_count: number;
}

/**
 * Comment threads matching `where` (a fragment over `t`, the comment_threads row), ordered by
 * `orderBy` (default: oldest first). `viewerId` sets `unreadCount` (0 without a viewer).
 */
export async function selectThreads(
  sql: Sql,
  where: Fragment,
  options: { viewerId?: string | null; orderBy?: Fragment; limit?: number } = {},
): Promise<CommentThread[]> {
  const viewer = options.viewerId ?? null;
  const rows = await sql<ThreadRow[]>`
    select t.id, t.project_id, t.page_id, t.anchor, t.status, t.detached_at, t.created_at,
           t.updated_at, t.last_message_at, t.resolved_at, t.session_id,
           t.created_by, cu.display_name as created_by_name,
           t.resolved_by, ru.display_name as resolved_by_name,
           pn.id as panel_id,
           (select count(*) from comment_messages m
             where m.thread_id = t.id and m.deleted_at is null)::int as message_count,
           (select count(*) from comment_messages m
             where m.thread_id = t.id and m.deleted_at is null and m.author_id <> ${viewer}::uuid
               and m.created_at > coalesce(
                 (select r.last_read_at from thread_reads r
                   where r.thread_id = t.id and r.user_id = ${viewer}::uuid), '-infinity'))::int
             as unread_count
      from comment_threads t
      join users cu on cu.id = t.created_by
      left join users ru on ru.id = t.resolved_by
      left join panels pn on pn.page_id = t.page_id and pn.shape_id = t.shape_id
     where ${where}
     order by ${options.orderBy ?? sql`t.created_at, t.id`}
     ${options.limit ? sql`limit ${options.limit}` : sql``}`;
  return rows.map(toThread);
}

function toThread(row: ThreadRow): CommentThread {
  return {
    id: row.id,
    projectId: row.project_id,
    pageId: row.page_id,
    anchor: row.anchor,
    panelId: row.panel_id,
    status: row.status,
    detached: row.detached_at !== null,
    createdBy: { id: row.created_by, displayName: row.created_by_name },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    resolvedBy:
      row.resolved_by && row.resolved_by_name
        ? { id: row.resolved_by, displayName: row.resolved_by_name }
        : null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    sessionId: row.session_id,
    messageCount: row.message_count,
    lastMessageAt: row.last_message_at.toISOString(),
    unreadCount: row.unread_count,
  };
}

interface MessageRow {
  id: string;
  thread_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  mentions: { id: string; displayName: string }[];
}

/** Messages matching `where` (a fragment over `m`, the comment_messages row), oldest first. */
export async function selectMessages(sql: Sql, where: Fragment): Promise<CommentMessage[]> {
  const rows = await sql<MessageRow[]>`
    select m.id, m.thread_id, m.author_id, u.display_name as author_name, m.body, m.created_at,
           m.edited_at, m.deleted_at,
           coalesce((select json_agg(json_build_object('id', mu.id, 'displayName', mu.display_name)
                                     order by mu.display_name)
                       from comment_mentions cm join users mu on mu.id = cm.user_id
                      where cm.message_id = m.id), '[]'::json) as mentions
      from comment_messages m join users u on u.id = m.author_id
     where ${where}
     order by m.created_at, m.id`;
  return rows.map((row) => ({
    id: row.id,
    threadId: row.thread_id,
    author: { id: row.author_id, displayName: row.author_name },
    // A deleted message keeps its place in the thread, not its words.
    body: row.deleted_at ? "" : row.body,
    mentions: row.deleted_at ? [] : row.mentions,
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at?.toISOString() ?? null,
    deletedAt: row.deleted_at?.toISOString() ?? null,
  }));
}

/** Threads with their messages attached. */
export async function withMessages(sql: Sql, threads: CommentThread[]): Promise<CommentThread[]> {
  if (threads.length === 0) return threads;
  const ids = threads.map((t) => t.id);
  const messages = await selectMessages(sql, sql`m.thread_id = any(${ids}::uuid[])`);
  const byThread = new Map<string, CommentMessage[]>(ids.map((id) => [id, []]));
  for (const message of messages) byThread.get(message.threadId)?.push(message);
  return threads.map((t) => ({ ...t, messages: byThread.get(t.id) ?? [] }));
}

/** Publishes a review event to every collab-server instance (they relay it to the page). */
export async function publishReviewEvent(
  redis: Redis,
  redisPrefix: string,
  event: ReviewEvent,
): Promise<void> {
  await redis.publish(reviewEventsChannel(redisPrefix), JSON.stringify(event));
}

/**
 * Brings the detached marks of a page's shape-pinned threads in step with the shapes on the
 * page: threads whose shape is gone become detached, those whose shape is back (an undo) are
 * attached again. Returns the threads that changed, after the change. Idempotent.
 */
export async function syncDetachedThreads(
  sql: Sql,
  pageId: string,
  liveShapeIds: readonly string[],
): Promise<{ detached: CommentThread[]; reattached: CommentThread[] }> {
  const shapes = [...liveShapeIds];
  const gone = await sql<{ id: string }[]>`
    update comment_threads set detached_at = now(), updated_at = now()
     where page_id = ${pageId} and shape_id is not null and detached_at is null
       and not (shape_id = any(${shapes}::text[]))
     returning id`;
  const back = await sql<{ id: string }[]>`
    update comment_threads set detached_at = null, updated_at = now()
     where page_id = ${pageId} and shape_id is not null and detached_at is not null
       and shape_id = any(${shapes}::text[])
     returning id`;
  const load = async (rows: { id: string }[]) =>
    rows.length === 0 ? [] : selectThreads(sql, sql`t.id = any(${rows.map((r) => r.id)}::uuid[])`);
  return { detached: await load(gone), reattached: await load(back) };
}
