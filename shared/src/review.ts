import { z } from "zod";

// Review: comment threads pinned to a page, review sessions and notifications. The durable
// record is in Postgres (the api writes it); every change is also published as a live event
// that each collab-server instance forwards, as a Hocuspocus stateless message, to every
// connection of the page's document (read-only ones included), so commenters see comments
// live while the canvas stays read-only to them.

/** Longest message body, characters. */
export const MAX_COMMENT_LENGTH = 10_000;
/** Most users one message may mention. */
export const MAX_MENTIONS_PER_MESSAGE = 20;

export const THREAD_STATUSES = ["open", "resolved"] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export const REVIEW_OUTCOMES = ["approved", "changes_requested"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const NOTIFICATION_KINDS = ["mention", "reply"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const isoDate = z.string().describe("ISO 8601 timestamp");
const unit = z.number().min(0).max(1);

/**
 * Where a thread is pinned. `shape`: to a shape of the page document (a panel or any other
 * shape) at a point given relative to the shape's bounds (0..1 each way), so the pin follows
 * the shape when it moves or is resized. `point`: to a point of the page, in page coordinates.
 */
export const threadAnchorSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("shape"),
    /** The tldraw shape id, `shape:…`. */
    shapeId: z.string().min(1).max(100),
    offset: z.object({ x: unit, y: unit }),
  }),
  z.object({
    kind: z.literal("point"),
    x: z.number().finite(),
    y: z.number().finite(),
  }),
]);
export type ThreadAnchor = z.infer<typeof threadAnchorSchema>;

export const reviewUserSchema = z.object({ id: z.string(), displayName: z.string() });
export type ReviewUser = z.infer<typeof reviewUserSchema>;

export const commentMessageSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  author: reviewUserSchema,
  /** Empty when deleted. Mentions appear in the text as `@Display Name`. */
  body: z.string(),
  /** Users the message mentions (project members). */
  mentions: z.array(reviewUserSchema),
  createdAt: isoDate,
  /** Set when the author edited the body. */
  editedAt: isoDate.nullable(),
  /** Set when the author deleted the message; the thread keeps a placeholder in its place. */
  deletedAt: isoDate.nullable(),
});
export type CommentMessage = z.infer<typeof commentMessageSchema>;

export const commentThreadSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  pageId: z.string(),
  anchor: threadAnchorSchema,
  /** For a shape anchor on a panel: the panel row's id, for crops and the project-wide list. */
  panelId: z.string().nullable(),
  status: z.enum(THREAD_STATUSES),
  /** The anchored shape is no longer on the page; the thread stays readable. */
  detached: z.boolean(),
  createdBy: reviewUserSchema,
  createdAt: isoDate,
  updatedAt: isoDate,
  resolvedBy: reviewUserSchema.nullable(),
  resolvedAt: isoDate.nullable(),
  /** The review session that was running on the page when the thread was opened. */
  sessionId: z.string().nullable(),
  messageCount: z.number().int(),
  lastMessageAt: isoDate,
  /** Messages by others the caller has not read (0 in live events, which go to everyone). */
  unreadCount: z.number().int(),
  /** In order, oldest first. Present on page lists and single threads; absent on project lists. */
  messages: z.array(commentMessageSchema).optional(),
});
export type CommentThread = z.infer<typeof commentThreadSchema>;

export const reviewSessionSummarySchema = z.object({
  threadsOpened: z.number().int(),
  threadsResolved: z.number().int(),
  openedThreadIds: z.array(z.string()),
  resolvedThreadIds: z.array(z.string()),
  /** Threads of the page still open when the session ended. */
  threadsStillOpen: z.number().int(),
});
export type ReviewSessionSummary = z.infer<typeof reviewSessionSummarySchema>;

export const reviewSessionSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  pageId: z.string(),
  status: z.enum(["active", "ended"]),
  title: z.string().nullable(),
  /** Who presents: participants follow this user's viewport (tldraw presence `userId`). */
  presenter: reviewUserSchema,
  startedAt: isoDate,
  endedAt: isoDate.nullable(),
  endedBy: reviewUserSchema.nullable(),
  outcome: z.enum(REVIEW_OUTCOMES).nullable(),
  /** The closing note of whoever ended the session. */
  note: z.string().nullable(),
  /** Present once ended; for an active session, the counts so far. */
  summary: reviewSessionSummarySchema,
});
export type ReviewSession = z.infer<typeof reviewSessionSchema>;

export const reviewNotificationSchema = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  projectId: z.string(),
  pageId: z.string(),
  threadId: z.string(),
  messageId: z.string(),
  actor: reviewUserSchema,
  /** The start of the message, for the bell's list. */
  excerpt: z.string(),
  createdAt: isoDate,
  readAt: isoDate.nullable(),
});
export type ReviewNotification = z.infer<typeof reviewNotificationSchema>;

// ------------------------------------------------------------------ live events

/** The `type` of the JSON stateless message that carries a review event on a page document. */
export const REVIEW_STATELESS_TYPE = "comic-studio:review";

/** A change to a page's review state, as every connection of the page receives it. */
export const reviewEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("thread-created"), pageId: z.string(), thread: commentThreadSchema }),
  z.object({
    type: z.literal("thread-updated"),
    pageId: z.string(),
    /** What changed; `thread` is the thread after it (without messages). */
    change: z.enum(["resolved", "reopened", "detached", "reattached"]),
    thread: commentThreadSchema,
  }),
  z.object({ type: z.literal("message-created"), pageId: z.string(), message: commentMessageSchema }),
  z.object({ type: z.literal("message-edited"), pageId: z.string(), message: commentMessageSchema }),
  z.object({ type: z.literal("message-deleted"), pageId: z.string(), message: commentMessageSchema }),
  z.object({ type: z.literal("session-started"), pageId: z.string(), session: reviewSessionSchema }),
  z.object({ type: z.literal("session-ended"), pageId: z.string(), session: reviewSessionSchema }),
]);
export type ReviewEvent = z.infer<typeof reviewEventSchema>;
export type ReviewEventType = ReviewEvent["type"];

/** The stateless message on the page document: `JSON.stringify(envelope)`. */
export interface ReviewStatelessMessage {
  type: typeof REVIEW_STATELESS_TYPE;
  event: ReviewEvent;
}

/** The stateless payload for an event. */
export function encodeReviewMessage(event: ReviewEvent): string {
  const message: ReviewStatelessMessage = { type: REVIEW_STATELESS_TYPE, event };
  return JSON.stringify(message);
}

/**
 * The review event in a stateless payload, or null when the payload is some other message
 * (other stateless messages share the channel) or malformed.
 */
export function decodeReviewMessage(payload: string): ReviewEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const message = value as { type?: unknown; event?: unknown };
  if (message.type !== REVIEW_STATELESS_TYPE) return null;
  const parsed = reviewEventSchema.safeParse(message.event);
  return parsed.success ? parsed.data : null;
}

/**
 * Redis pub/sub channel on which the api (and collab-server, for detached pins) publish review
 * events as JSON; every collab-server instance subscribes and relays them to the page.
 */
export function reviewEventsChannel(redisPrefix: string): string {
  return `${redisPrefix}:review-events`;
}

/**
 * Redis channel on which the api announces new in-app notifications: JSON `{ userIds }`, the
 * recipients whose unread count changed. Every api instance relays it to its open streams.
 */
export function notificationsChannel(redisPrefix: string): string {
  return `${redisPrefix}:notifications`;
}
