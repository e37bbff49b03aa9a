import type { Logger, Sql } from "@comic-studio/infra";
import type { ReviewNotification } from "@comic-studio/shared";
import type postgres from "postgres";
import type { EmailAdapter } from "./email.ts";

/** Longest excerpt of a message a notification keeps, characters. */
export const NOTIFICATION_EXCERPT_CHARS = 280;

export interface NotifyInput {
  projectId: string;
  pageId: string;
  threadId: string;
  messageId: string;
  actor: { id: string; displayName: string };
  body: string;
  /** Users the message mentions (the actor is skipped). */
  mentioned: readonly string[];
  /** The thread's creator, told of replies (skipped when the actor, or already mentioned). */
  threadOwner: string | null;
}

/**
 * Records in-app notifications for one message: a `mention` for each mentioned member, a
 * `reply` for the thread's creator. One per recipient and message (an edit that mentions
 * someone again adds nothing). Returns the new notifications' recipients and kinds.
 */
export async function recordNotifications(
  tx: postgres.TransactionSql,
  input: NotifyInput,
): Promise<{ userId: string; kind: "mention" | "reply" }[]> {
  const excerpt = excerptOf(input.body);
  const wanted = new Map<string, "mention" | "reply">();
  for (const userId of input.mentioned) if (userId !== input.actor.id) wanted.set(userId, "mention");
  if (input.threadOwner && input.threadOwner !== input.actor.id && !wanted.has(input.threadOwner)) {
    wanted.set(input.threadOwner, "reply");
  }
  const created: { userId: string; kind: "mention" | "reply" }[] = [];
  for (const [userId, kind] of wanted) {
    const rows = await tx`
      insert into notifications (user_id, kind, project_id, page_id, thread_id, message_id, actor_id, excerpt)
      values (${userId}, ${kind}, ${input.projectId}, ${input.pageId}, ${input.threadId}, ${input.messageId},
              ${input.actor.id}, ${excerpt})
      on conflict (user_id, message_id) do nothing
      returning id`;
    if (rows.length > 0) created.push({ userId, kind });
  }
  return created;
}

export function excerptOf(body: string): string {
  const line = body.replace(/\s+/g, " ").trim();
  return line.length > NOTIFICATION_EXCERPT_CHARS
    ? `${line.slice(0, NOTIFICATION_EXCERPT_CHARS - 1)}…`
    : line;
}

/**
 * Emails the recipients of new notifications through the configured adapter. Runs after the
 * commit and never fails the request: a mail problem is logged, the in-app bell still counts.
 */
export async function emailNotifications(
  sql: Sql,
  email: EmailAdapter,
  logger: Logger,
  created: { userId: string; kind: "mention" | "reply" }[],
  input: Pick<NotifyInput, "actor" | "body" | "pageId">,
): Promise<void> {
  if (created.length === 0) return;
  const users = await sql<{ id: string; email: string }[]>`
    select id, email from users where id = any(${created.map((c) => c.userId)}::uuid[]) and deleted_at is null`;
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  await Promise.all(
    created.map(async ({ userId, kind }) => {
      const to = emailOf.get(userId);
      if (!to) return;
      const subject =
        kind === "mention"
          ? `${input.actor.displayName} mentioned you in a comment`
          : `${input.actor.displayName} replied to your comment`;
      try {
        await email.send({ to, subject, text: `${excerptOf(input.body)}\n\nPage ${input.pageId}` });
      } catch (error) {
        logger.warn({ err: error, userId }, "notification email failed");
      }
    }),
  );
}

interface NotificationRow {
  id: string;
  kind: "mention" | "reply";
  project_id: string;
  page_id: string;
  thread_id: string;
  message_id: string;
  actor_id: string;
  actor_name: string;
  excerpt: string;
  created_at: Date;
  read_at: Date | null;
}

/** The caller's notifications, newest first, of projects they still belong to. */
export async function listNotifications(
  sql: Sql,
  userId: string,
  options: { unreadOnly: boolean; limit: number },
): Promise<ReviewNotification[]> {
  const rows = await sql<NotificationRow[]>`
    select n.id, n.kind, n.project_id, n.page_id, n.thread_id, n.message_id, n.actor_id,
           u.display_name as actor_name, n.excerpt, n.created_at, n.read_at
      from notifications n
      join users u on u.id = n.actor_id
      join project_members pm on pm.project_id = n.project_id and pm.user_id = n.user_id
      join projects p on p.id = n.project_id and p.deleted_at is null
     where n.user_id = ${userId} ${options.unreadOnly ? sql`and n.read_at is null` : sql``}
     order by n.created_at desc, n.id
     limit ${options.limit}`;
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    projectId: r.project_id,
    pageId: r.page_id,
    threadId: r.thread_id,
    messageId: r.message_id,
    actor: { id: r.actor_id, displayName: r.actor_name },
    excerpt: r.excerpt,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
  }));
}

export async function unreadNotificationCount(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql<{ count: number }[]>`
    select count(*)::int as count
      from notifications n
      join project_members pm on pm.project_id = n.project_id and pm.user_id = n.user_id
      join projects p on p.id = n.project_id and p.deleted_at is null
     where n.user_id = ${userId} and n.read_at is null`;
  return row?.count ?? 0;
}

/** Marks the given (or all) of the caller's notifications read; ids of others are ignored. */
export async function markNotificationsRead(
  sql: Sql,
  userId: string,
  target: { ids?: string[] | undefined; all?: boolean | undefined },
): Promise<number> {
  if (target.all) {
    await sql`update notifications set read_at = now() where user_id = ${userId} and read_at is null`;
  } else if (target.ids && target.ids.length > 0) {
    await sql`update notifications set read_at = now()
               where user_id = ${userId} and read_at is null and id = any(${target.ids}::uuid[])`;
  }
  return unreadNotificationCount(sql, userId);
}
