import { reviewEndpoints as e } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { requireUser } from "../http/session.ts";
import { projectAccess } from "../services/access.ts";
import { pageAccess, threadAccess } from "../services/reviews/access.ts";
import { createEmailAdapter } from "../services/reviews/email.ts";
import { ReviewPublisher } from "../services/reviews/events.ts";
import { listProjectThreads, mentionableMembers, pageThreadCounts } from "../services/reviews/lists.ts";
import {
  listNotifications,
  markNotificationsRead,
  unreadNotificationCount,
} from "../services/reviews/notifications.ts";
import {
  currentReviewSession,
  endReviewSession,
  findReviewSession,
  listReviewSessions,
  startReviewSession,
} from "../services/reviews/sessions.ts";
import { sendReviewSummary } from "../services/reviews/summary.ts";
import {
  createThread,
  deleteMessage,
  editMessage,
  listPageThreads,
  loadThread,
  markThreadRead,
  type ReviewServices,
  replyToThread,
  setThreadStatus,
} from "../services/reviews/threads.ts";

/**
 * Comment threads, review sessions, notifications and the review summary. Every request
 * checks the caller's project role: viewers read, commenters and above write comments,
 * authors alone change their messages, editors and owners run sessions.
 */
export function reviewRoutes(ctx: RouteContext): Router {
  const { sql } = ctx;
  const svc: ReviewServices = {
    sql,
    publisher: new ReviewPublisher(ctx.redis, ctx.config.REDIS_PREFIX, ctx.logger),
    notifications: ctx.notifications,
    email: createEmailAdapter(ctx.config.EMAIL_ADAPTER, ctx.logger),
    logger: ctx.logger,
  };
  const router = Router();

  // The bell's live count, as server-sent events (outside the JSON contract: a stream).
  router.get("/notifications/stream", (_req, res, next) => {
    try {
      const user = requireUser(res);
      ctx.notifications.open(user.id, res).catch(next);
    } catch (error) {
      next(error);
    }
  });

  serve(router, e.listPageThreads, async ({ user, params, query }) => {
    await pageAccess(sql, params.pageId, user);
    return { threads: await listPageThreads(sql, params.pageId, user, query) };
  });

  serve(router, e.listProjectThreads, async ({ user, params, query }) => {
    await projectAccess(sql, params.projectId, user);
    return { threads: await listProjectThreads(sql, params.projectId, user, query) };
  });

  serve(router, e.listPageThreadCounts, async ({ user, params }) => {
    await projectAccess(sql, params.projectId, user);
    return { pages: await pageThreadCounts(sql, params.projectId, user.id) };
  });

  serve(router, e.createThread, async ({ user, params, body }) => {
    const { page } = await pageAccess(sql, params.pageId, user, "commenter", true);
    return { thread: await createThread(svc, page, user, body) };
  });

  serve(router, e.getThread, async ({ user, params }) => {
    await threadAccess(sql, params.threadId, user);
    return { thread: await loadThread(sql, params.threadId, user.id) };
  });

  serve(router, e.replyToThread, async ({ user, params, body }) => {
    const { thread } = await threadAccess(sql, params.threadId, user, "commenter", true);
    return { message: await replyToThread(svc, thread, user, body) };
  });

  serve(router, e.editMessage, async ({ user, params, body }) => {
    const { thread } = await threadAccess(sql, params.threadId, user, "commenter", true);
    return { message: await editMessage(svc, thread, params.messageId, user, body) };
  });

  serve(router, e.deleteMessage, async ({ user, params }) => {
    const { thread } = await threadAccess(sql, params.threadId, user, "commenter", true);
    await deleteMessage(svc, thread, params.messageId, user);
    return undefined;
  });

  serve(router, e.resolveThread, async ({ user, params }) => {
    const { thread } = await threadAccess(sql, params.threadId, user, "commenter", true);
    return { thread: await setThreadStatus(svc, thread, user, "resolved") };
  });

  serve(router, e.reopenThread, async ({ user, params }) => {
    const { thread } = await threadAccess(sql, params.threadId, user, "commenter", true);
    return { thread: await setThreadStatus(svc, thread, user, "open") };
  });

  serve(router, e.markThreadRead, async ({ user, params }) => {
    await threadAccess(sql, params.threadId, user);
    await markThreadRead(sql, params.threadId, user.id);
    return undefined;
  });

  serve(router, e.listMentionableMembers, async ({ user, params, query }) => {
    await projectAccess(sql, params.projectId, user);
    return { members: await mentionableMembers(sql, params.projectId, query.q, query.limit) };
  });

  serve(router, e.startReviewSession, async ({ user, params, body }) => {
    const { page } = await pageAccess(sql, params.pageId, user, "editor", true);
    return { session: await startReviewSession(svc, page, user, body.title ?? null) };
  });

  serve(router, e.getCurrentReviewSession, async ({ user, params }) => {
    await pageAccess(sql, params.pageId, user);
    return { session: await currentReviewSession(sql, params.pageId) };
  });

  serve(router, e.listReviewSessions, async ({ user, params }) => {
    await pageAccess(sql, params.pageId, user);
    return { sessions: await listReviewSessions(sql, params.pageId) };
  });

  serve(router, e.endReviewSession, async ({ user, params, body }) => {
    const session = await findReviewSession(sql, params.sessionId);
    await pageAccess(sql, session.pageId, user, "editor", true);
    return {
      session: await endReviewSession(svc, session, user, { outcome: body.outcome, note: body.note ?? null }),
    };
  });

  serve(router, e.listNotifications, async ({ user, query }) => {
    const notifications = await listNotifications(sql, user.id, {
      unreadOnly: query.unread === "true",
      limit: query.limit,
    });
    return { notifications, unreadCount: await unreadNotificationCount(sql, user.id) };
  });

  serve(router, e.unreadNotificationCount, async ({ user }) => ({
    count: await unreadNotificationCount(sql, user.id),
  }));

  serve(router, e.markNotificationsRead, async ({ user, body }) => {
    const unreadCount = await markNotificationsRead(sql, user.id, body);
    // The user's other tabs and windows show the new count too.
    await ctx.notifications.announce([user.id]);
    return { unreadCount };
  });

  serve(router, e.exportReviewSummary, async ({ user, params, query, res }) => {
    const { page, access } = await pageAccess(sql, params.pageId, user);
    await sendReviewSummary(res, { sql, storage: ctx.storage }, page, access.name, user, query);
    return undefined;
  });

  return router;
}
