import { type Logger, type Sql, selectMessages, selectThreads, withMessages } from "@comic-studio/infra";
import {
  AppError,
  type CommentMessage,
  type CommentThread,
  type SessionUser,
  type ThreadAnchor,
} from "@comic-studio/shared";
import type postgres from "postgres";
import type { ThreadRef } from "./access.ts";
import type { EmailAdapter } from "./email.ts";
import type { ReviewPublisher } from "./events.ts";
import type { NotificationStream } from "./notification-stream.ts";
import { emailNotifications, recordNotifications } from "./notifications.ts";

export interface ReviewServices {
  sql: Sql;
  publisher: ReviewPublisher;
  /** Tells the recipients' open bells their unread count changed. */
  notifications: Pick<NotificationStream, "announce">;
  email: EmailAdapter;
  logger: Logger;
}

export interface ThreadFilter {
  status: "open" | "resolved" | "all";
  mine: "true" | "false";
  mentioning: "true" | "false";
}

/** The filter as a fragment over `t`, for the caller. */
export function filterFragment(sql: Sql, userId: string, filter: ThreadFilter) {
  return sql`
    ${filter.status === "all" ? sql`true` : sql`t.status = ${filter.status}`}
    ${filter.mine === "true" ? sql`and t.created_by = ${userId}` : sql``}
    ${
      filter.mentioning === "true"
        ? sql`and exists (select 1 from comment_mentions cm where cm.thread_id = t.id and cm.user_id = ${userId})`
        : sql``
    }`;
}

export async function listPageThreads(
  sql: Sql,
  pageId: string,
  user: SessionUser,
  filter: ThreadFilter,
): Promise<CommentThread[]> {
  const threads = await selectThreads(
    sql,
    sql`t.page_id = ${pageId} and ${filterFragment(sql, user.id, filter)}`,
    {
      viewerId: user.id,
    },
  );
  return withMessages(sql, threads);
}

/** One thread with its messages, as the caller sees it. */
export async function loadThread(
  sql: Sql,
  threadId: string,
  viewerId: string | null,
): Promise<CommentThread> {
  const [thread] = await selectThreads(sql, sql`t.id = ${threadId}`, { viewerId });
  if (!thread) throw new AppError("NOT_FOUND", "There is no such thread.");
  const [full] = await withMessages(sql, [thread]);
  return full!;
}

async function loadMessage(sql: Sql, messageId: string): Promise<CommentMessage> {
  const [message] = await selectMessages(sql, sql`m.id = ${messageId}`);
  if (!message) throw new AppError("NOT_FOUND", "There is no such message.");
  return message;
}

/** Mentioned ids must be members of the project; duplicates collapse. */
async function checkMentions(sql: Sql, projectId: string, mentions: readonly string[]): Promise<string[]> {
  const ids = [...new Set(mentions.map((m) => m.toLowerCase()))];
  if (ids.length === 0) return ids;
  const rows = await sql<{ user_id: string }[]>`
    select user_id from project_members where project_id = ${projectId} and user_id = any(${ids}::uuid[])`;
  const members = new Set(rows.map((r) => r.user_id));
  const strangers = ids.filter((id) => !members.has(id));
  if (strangers.length > 0) {
    throw new AppError("VALIDATION_FAILED", "Only members of the project can be mentioned.", {
      issues: [{ path: "body.mentions", message: "not a project member", code: "custom" }],
      userIds: strangers,
    });
  }
  return ids;
}

async function insertMessage(
  tx: postgres.TransactionSql,
  threadId: string,
  authorId: string,
  body: string,
  mentions: string[],
): Promise<string> {
  const [message] = await tx<{ id: string }[]>`
    insert into comment_messages (thread_id, author_id, body) values (${threadId}, ${authorId}, ${body})
    returning id`;
  for (const userId of mentions) {
    await tx`insert into comment_mentions (message_id, user_id, thread_id) values (${message!.id}, ${userId}, ${threadId})
             on conflict do nothing`;
  }
  // The author has read everything up to their own message.
  await tx`insert into thread_reads (user_id, thread_id, last_read_at) values (${authorId}, ${threadId}, now())
           on conflict (user_id, thread_id) do update set last_read_at = excluded.last_read_at`;
  return message!.id;
}

export async function createThread(
  svc: ReviewServices,
  page: { id: string; projectId: string },
  user: SessionUser,
  input: { anchor: ThreadAnchor; body: string; mentions: string[] },
): Promise<CommentThread> {
  const { sql } = svc;
  const mentions = await checkMentions(sql, page.projectId, input.mentions);
  const actor = { id: user.id, displayName: user.displayName };
  const shapeId = input.anchor.kind === "shape" ? input.anchor.shapeId : null;
  const { threadId, created } = await sql.begin(async (tx) => {
    const [session] = await tx<{ id: string }[]>`
      select id from review_sessions where page_id = ${page.id} and ended_at is null`;
    const [thread] = await tx<{ id: string }[]>`
      insert into comment_threads (project_id, page_id, anchor, shape_id, created_by, session_id)
      values (${page.projectId}, ${page.id}, ${tx.json(input.anchor)}, ${shapeId}, ${user.id}, ${session?.id ?? null})
      returning id`;
    const messageId = await insertMessage(tx, thread!.id, user.id, input.body, mentions);
    const created = await recordNotifications(tx, {
      projectId: page.projectId,
      pageId: page.id,
      threadId: thread!.id,
      messageId,
      actor,
      body: input.body,
      mentioned: mentions,
      threadOwner: null,
    });
    return { threadId: thread!.id, created };
  });
  const thread = await loadThread(sql, threadId, user.id);
  await svc.publisher.publish({
    type: "thread-created",
    pageId: page.id,
    thread: { ...thread, unreadCount: 0 },
  });
  await svc.notifications.announce(created.map((c) => c.userId));
  await emailNotifications(sql, svc.email, svc.logger, created, { actor, body: input.body, pageId: page.id });
  return thread;
}

export async function replyToThread(
  svc: ReviewServices,
  thread: ThreadRef,
  user: SessionUser,
  input: { body: string; mentions: string[] },
): Promise<CommentMessage> {
  const { sql } = svc;
  const mentions = await checkMentions(sql, thread.projectId, input.mentions);
  const actor = { id: user.id, displayName: user.displayName };
  const { messageId, created } = await sql.begin(async (tx) => {
    // The thread row lock keeps replies and a concurrent resolve in one order.
    await tx`select id from comment_threads where id = ${thread.id} for update`;
    const messageId = await insertMessage(tx, thread.id, user.id, input.body, mentions);
    await tx`update comment_threads set last_message_at = now(), updated_at = now() where id = ${thread.id}`;
    const created = await recordNotifications(tx, {
      projectId: thread.projectId,
      pageId: thread.pageId,
      threadId: thread.id,
      messageId,
      actor,
      body: input.body,
      mentioned: mentions,
      threadOwner: thread.createdBy,
    });
    return { messageId, created };
  });
  const message = await loadMessage(sql, messageId);
  await svc.publisher.publish({ type: "message-created", pageId: thread.pageId, message });
  await svc.notifications.announce(created.map((c) => c.userId));
  await emailNotifications(sql, svc.email, svc.logger, created, {
    actor,
    body: input.body,
    pageId: thread.pageId,
  });
  return message;
}

/** The message of this thread, checked to be the caller's and not deleted. */
async function ownMessage(sql: Sql, thread: ThreadRef, messageId: string, user: SessionUser) {
  const [row] = await sql<{ author_id: string; deleted_at: Date | null }[]>`
    select author_id, deleted_at from comment_messages where id = ${messageId} and thread_id = ${thread.id}`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such message in this thread.");
  if (row.author_id !== user.id) throw new AppError("FORBIDDEN", "Only its author can change a message.");
  if (row.deleted_at) throw new AppError("CONFLICT", "The message was deleted.");
}

export async function editMessage(
  svc: ReviewServices,
  thread: ThreadRef,
  messageId: string,
  user: SessionUser,
  input: { body: string; mentions: string[] },
): Promise<CommentMessage> {
  const { sql } = svc;
  await ownMessage(sql, thread, messageId, user);
  const mentions = await checkMentions(sql, thread.projectId, input.mentions);
  const actor = { id: user.id, displayName: user.displayName };
  const created = await sql.begin(async (tx) => {
    await tx`update comment_messages set body = ${input.body}, edited_at = now() where id = ${messageId}`;
    await tx`delete from comment_mentions where message_id = ${messageId}
              and not (user_id = any(${mentions}::uuid[]))`;
    for (const userId of mentions) {
      await tx`insert into comment_mentions (message_id, user_id, thread_id) values (${messageId}, ${userId}, ${thread.id})
               on conflict do nothing`;
    }
    await tx`update comment_threads set updated_at = now() where id = ${thread.id}`;
    // Only newly mentioned members hear of an edit; the thread's owner heard of the reply already.
    return recordNotifications(tx, {
      projectId: thread.projectId,
      pageId: thread.pageId,
      threadId: thread.id,
      messageId,
      actor,
      body: input.body,
      mentioned: mentions,
      threadOwner: null,
    });
  });
  const message = await loadMessage(sql, messageId);
  await svc.publisher.publish({ type: "message-edited", pageId: thread.pageId, message });
  await svc.notifications.announce(created.map((c) => c.userId));
  await emailNotifications(sql, svc.email, svc.logger, created, {
    actor,
    body: input.body,
    pageId: thread.pageId,
  });
  return message;
}

export async function deleteMessage(
  svc: ReviewServices,
  thread: ThreadRef,
  messageId: string,
  user: SessionUser,
): Promise<void> {
  const { sql } = svc;
  await ownMessage(sql, thread, messageId, user);
  await sql.begin(async (tx) => {
    await tx`update comment_messages set deleted_at = now() where id = ${messageId}`;
    // A deleted message no longer mentions anyone, nor keeps a notification pointing at it.
    await tx`delete from comment_mentions where message_id = ${messageId}`;
    await tx`delete from notifications where message_id = ${messageId}`;
    await tx`update comment_threads set updated_at = now() where id = ${thread.id}`;
  });
  const message = await loadMessage(sql, messageId);
  await svc.publisher.publish({ type: "message-deleted", pageId: thread.pageId, message });
}

/** Resolves or reopens a thread; a thread already in that state is returned unchanged. */
export async function setThreadStatus(
  svc: ReviewServices,
  thread: ThreadRef,
  user: SessionUser,
  status: "open" | "resolved",
): Promise<CommentThread> {
  const { sql } = svc;
  const changed =
    status === "resolved"
      ? await sql`update comment_threads set status = 'resolved', resolved_by = ${user.id}, resolved_at = now(),
                   updated_at = now() where id = ${thread.id} and status = 'open' returning id`
      : await sql`update comment_threads set status = 'open', resolved_by = null, resolved_at = null,
                   updated_at = now() where id = ${thread.id} and status = 'resolved' returning id`;
  const full = await loadThread(sql, thread.id, user.id);
  if (changed.length > 0) {
    const { messages: _messages, ...summary } = full;
    await svc.publisher.publish({
      type: "thread-updated",
      pageId: thread.pageId,
      change: status === "resolved" ? "resolved" : "reopened",
      thread: { ...summary, unreadCount: 0 },
    });
  }
  return full;
}

/** Marks the thread read for the caller up to now. */
export async function markThreadRead(sql: Sql, threadId: string, userId: string): Promise<void> {
  await sql`insert into thread_reads (user_id, thread_id, last_read_at) values (${userId}, ${threadId}, now())
            on conflict (user_id, thread_id) do update set last_read_at = greatest(thread_reads.last_read_at, excluded.last_read_at)`;
}
