import { z } from "zod";
import {
  commentMessageSchema,
  commentThreadSchema,
  MAX_COMMENT_LENGTH,
  MAX_MENTIONS_PER_MESSAGE,
  REVIEW_OUTCOMES,
  reviewNotificationSchema,
  reviewSessionSchema,
  THREAD_STATUSES,
  threadAnchorSchema,
} from "../review.ts";
import { idSchema, pageParams, projectParams, roleSchema } from "./common.ts";
import { defineEndpoint } from "./endpoint.ts";

// Review: comment threads, review sessions, notifications and the review summary export.
// Commenters and above write comments; authors alone edit or delete their messages; editors
// and owners run review sessions; viewers read. Live changes arrive on the page document as
// stateless messages (see ../review.ts).

export const commentThreadParams = z.object({ threadId: idSchema });
export const commentMessageParams = commentThreadParams.extend({ messageId: idSchema });
export const reviewSessionParams = z.object({ sessionId: idSchema });

const flag = z.enum(["true", "false"]).default("false");

/** Filters of a thread list: all of them apply together. */
export const threadFilterQuery = z.object({
  status: z.enum([...THREAD_STATUSES, "all"]).default("all"),
  /** Threads the caller opened. */
  mine: flag,
  /** Threads with a message that mentions the caller. */
  mentioning: flag,
});

/** A message's text and the members it mentions (user ids; each must be a project member). */
export const commentMessageBody = z.object({
  body: z.string().trim().min(1).max(MAX_COMMENT_LENGTH),
  mentions: z.array(idSchema).max(MAX_MENTIONS_PER_MESSAGE).default([]),
});

export const createCommentThreadBody = commentMessageBody.extend({ anchor: threadAnchorSchema });

export const mentionableMemberSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: roleSchema,
});
export type MentionableMember = z.infer<typeof mentionableMemberSchema>;

/** A thread in the project-wide list, with where it is and how it starts. */
export const projectThreadSchema = commentThreadSchema.extend({
  page: z.object({
    chapterNumber: z.number().int(),
    pageNumber: z.number().int(),
    title: z.string().nullable(),
  }),
  /** The first message's text (empty if deleted), cut to a line. */
  excerpt: z.string(),
});
export type ProjectThread = z.infer<typeof projectThreadSchema>;

export const pageThreadCountsSchema = z.object({
  pageId: z.string(),
  open: z.number().int(),
  resolved: z.number().int(),
  /** Open threads with a message mentioning the caller. */
  openMentioningMe: z.number().int(),
});
export type PageThreadCounts = z.infer<typeof pageThreadCountsSchema>;

export const startReviewSessionBody = z.object({ title: z.string().trim().max(255).nullish() });
export const endReviewSessionBody = z.object({
  outcome: z.enum(REVIEW_OUTCOMES),
  note: z.string().trim().max(MAX_COMMENT_LENGTH).nullish(),
});

export const REVIEW_SUMMARY_FORMATS = ["md", "pdf"] as const;

const threadResponse = z.object({ thread: commentThreadSchema });
const messageResponse = z.object({ message: commentMessageSchema });
const sessionResponse = z.object({ session: reviewSessionSchema });
const READ_ERRORS = ["UNAUTHENTICATED", "NOT_FOUND"] as const;
const WRITE_ERRORS = ["UNAUTHENTICATED", "NOT_FOUND", "FORBIDDEN", "CSRF_REJECTED", "CONFLICT"] as const;

export const reviewEndpoints = {
  listPageThreads: defineEndpoint({
    method: "get",
    path: "/pages/:pageId/threads",
    summary: "Comment threads of a page with their messages, oldest first",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: pageParams,
    query: threadFilterQuery,
    response: z.object({ threads: z.array(commentThreadSchema) }),
    errors: READ_ERRORS,
  }),
  listProjectThreads: defineEndpoint({
    method: "get",
    path: "/projects/:projectId/threads",
    summary: "Comment threads across a project (no messages), most recently active first",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: projectParams,
    query: threadFilterQuery.extend({
      pageId: idSchema.optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: z.object({ threads: z.array(projectThreadSchema) }),
    errors: READ_ERRORS,
  }),
  listPageThreadCounts: defineEndpoint({
    method: "get",
    path: "/projects/:projectId/thread-counts",
    summary: "Open and resolved thread counts of every page of a project that has threads",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: projectParams,
    response: z.object({ pages: z.array(pageThreadCountsSchema) }),
    errors: READ_ERRORS,
  }),
  createThread: defineEndpoint({
    method: "post",
    path: "/pages/:pageId/threads",
    summary: "Open a thread pinned to a shape or a page point, with its first message (commenter)",
    tag: "reviews",
    auth: "session",
    status: 201,
    params: pageParams,
    body: createCommentThreadBody,
    response: threadResponse,
    errors: WRITE_ERRORS,
  }),
  getThread: defineEndpoint({
    method: "get",
    path: "/threads/:threadId",
    summary: "One thread with its messages",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: commentThreadParams,
    response: threadResponse,
    errors: READ_ERRORS,
  }),
  replyToThread: defineEndpoint({
    method: "post",
    path: "/threads/:threadId/messages",
    summary: "Reply to a thread (commenter)",
    tag: "reviews",
    auth: "session",
    status: 201,
    params: commentThreadParams,
    body: commentMessageBody,
    response: messageResponse,
    errors: WRITE_ERRORS,
  }),
  editMessage: defineEndpoint({
    method: "patch",
    path: "/threads/:threadId/messages/:messageId",
    summary: "Edit one's own message (its author only)",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: commentMessageParams,
    body: commentMessageBody,
    response: messageResponse,
    errors: WRITE_ERRORS,
  }),
  deleteMessage: defineEndpoint({
    method: "delete",
    path: "/threads/:threadId/messages/:messageId",
    summary: "Delete one's own message (its author only); the thread keeps a placeholder",
    tag: "reviews",
    auth: "session",
    status: 204,
    params: commentMessageParams,
    errors: WRITE_ERRORS,
  }),
  resolveThread: defineEndpoint({
    method: "post",
    path: "/threads/:threadId/resolve",
    summary: "Resolve a thread (commenter)",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: commentThreadParams,
    response: threadResponse,
    errors: WRITE_ERRORS,
  }),
  reopenThread: defineEndpoint({
    method: "post",
    path: "/threads/:threadId/reopen",
    summary: "Reopen a resolved thread (commenter)",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: commentThreadParams,
    response: threadResponse,
    errors: WRITE_ERRORS,
  }),
  markThreadRead: defineEndpoint({
    method: "post",
    path: "/threads/:threadId/read",
    summary: "Mark a thread read up to its latest message, for the caller (any member)",
    tag: "reviews",
    auth: "session",
    status: 204,
    params: commentThreadParams,
    errors: ["UNAUTHENTICATED", "NOT_FOUND", "CSRF_REJECTED"],
  }),
  listMentionableMembers: defineEndpoint({
    method: "get",
    path: "/projects/:projectId/mentionable",
    summary: "Members a comment may mention, matching `q` by name or email (for autocomplete)",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: projectParams,
    query: z.object({
      q: z.string().trim().max(120).default(""),
      limit: z.coerce.number().int().min(1).max(50).default(10),
    }),
    response: z.object({ members: z.array(mentionableMemberSchema) }),
    errors: READ_ERRORS,
  }),
  startReviewSession: defineEndpoint({
    method: "post",
    path: "/pages/:pageId/review-sessions",
    summary: "Start a review session on a page, presented by the caller (editor); one at a time",
    tag: "reviews",
    auth: "session",
    status: 201,
    params: pageParams,
    body: startReviewSessionBody,
    response: sessionResponse,
    errors: WRITE_ERRORS,
  }),
  getCurrentReviewSession: defineEndpoint({
    method: "get",
    path: "/pages/:pageId/review-sessions/current",
    summary: "The review session running on a page, or null",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: pageParams,
    response: z.object({ session: reviewSessionSchema.nullable() }),
    errors: READ_ERRORS,
  }),
  listReviewSessions: defineEndpoint({
    method: "get",
    path: "/pages/:pageId/review-sessions",
    summary: "Review sessions of a page, newest first (the running one included)",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: pageParams,
    response: z.object({ sessions: z.array(reviewSessionSchema) }),
    errors: READ_ERRORS,
  }),
  endReviewSession: defineEndpoint({
    method: "post",
    path: "/review-sessions/:sessionId/end",
    summary: "End a review session with its outcome; records the threads opened and resolved (editor)",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: reviewSessionParams,
    body: endReviewSessionBody,
    response: sessionResponse,
    errors: WRITE_ERRORS,
  }),
  listNotifications: defineEndpoint({
    method: "get",
    path: "/notifications",
    summary: "The caller's notifications (mentions, replies to their threads), newest first",
    tag: "reviews",
    auth: "session",
    status: 200,
    query: z.object({
      unread: flag,
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: z.object({ notifications: z.array(reviewNotificationSchema), unreadCount: z.number().int() }),
    errors: ["UNAUTHENTICATED"],
  }),
  unreadNotificationCount: defineEndpoint({
    method: "get",
    path: "/notifications/unread-count",
    summary: "How many of the caller's notifications are unread (the bell's badge)",
    tag: "reviews",
    auth: "session",
    status: 200,
    response: z.object({ count: z.number().int() }),
    errors: ["UNAUTHENTICATED"],
  }),
  markNotificationsRead: defineEndpoint({
    method: "post",
    path: "/notifications/read",
    summary: "Mark some (`ids`) or all (`all: true`) of the caller's notifications read",
    tag: "reviews",
    auth: "session",
    status: 200,
    body: z
      .object({ ids: z.array(idSchema).max(500).optional(), all: z.boolean().optional() })
      .refine((b) => b.all === true || (b.ids?.length ?? 0) > 0, "Give ids or all: true"),
    response: z.object({ unreadCount: z.number().int() }),
    errors: ["UNAUTHENTICATED", "CSRF_REJECTED"],
  }),
  exportReviewSummary: defineEndpoint({
    method: "get",
    path: "/pages/:pageId/review-summary",
    summary:
      "A page's review summary as a download: each thread with its messages, authors, times, status and a crop of its panel (Markdown or PDF)",
    tag: "reviews",
    auth: "session",
    status: 200,
    params: pageParams,
    query: z.object({
      format: z.enum(REVIEW_SUMMARY_FORMATS).default("md"),
      status: z.enum([...THREAD_STATUSES, "all"]).default("all"),
    }),
    content: "binary",
    errors: READ_ERRORS,
  }),
} as const;
