import {
  type CommentMessage,
  type CommentThread,
  encodeReviewMessage,
  type ReviewSession,
} from "@comic-studio/shared";
import { describe, expect, it } from "vitest";
import { bodyParts } from "./format.ts";
import { ReviewStore } from "./review-store.ts";
import { sessionThreads } from "./session-summary.ts";
import { threadNumbers } from "./thread-numbers.ts";

const me = { id: "u-me", displayName: "Me Myself" };
const ada = { id: "u-ada", displayName: "Ada Inker" };
const PAGE = "p-1";

function message(
  id: string,
  threadId: string,
  author = ada,
  at = "2026-01-01T10:00:00.000Z",
): CommentMessage {
  return {
    id,
    threadId,
    author,
    body: `text ${id}`,
    mentions: [],
    createdAt: at,
    editedAt: null,
    deletedAt: null,
  };
}

function thread(id: string, patch: Partial<CommentThread> = {}): CommentThread {
  return {
    id,
    projectId: "pr-1",
    pageId: PAGE,
    anchor: { kind: "point", x: 10, y: 20 },
    panelId: null,
    status: "open",
    detached: false,
    createdBy: ada,
    createdAt: "2026-01-01T10:00:00.000Z",
    updatedAt: "2026-01-01T10:00:00.000Z",
    resolvedBy: null,
    resolvedAt: null,
    sessionId: null,
    messageCount: 1,
    lastMessageAt: "2026-01-01T10:00:00.000Z",
    unreadCount: 0,
    messages: [message(`${id}-m1`, id)],
    ...patch,
  };
}

function session(id: string, patch: Partial<ReviewSession> = {}): ReviewSession {
  return {
    id,
    projectId: "pr-1",
    pageId: PAGE,
    status: "active",
    title: null,
    presenter: ada,
    startedAt: "2026-01-01T09:00:00.000Z",
    endedAt: null,
    endedBy: null,
    outcome: null,
    note: null,
    summary: {
      threadsOpened: 0,
      threadsResolved: 0,
      openedThreadIds: [],
      resolvedThreadIds: [],
      threadsStillOpen: 0,
    },
    ...patch,
  };
}

describe("ReviewStore live events", () => {
  it("marks someone else's new thread unread and applies a replayed event once", () => {
    const store = new ReviewStore(PAGE, "pr-1", me);
    const payload = encodeReviewMessage({ type: "thread-created", pageId: PAGE, thread: thread("t1") });
    store.receive(payload);
    store.receive(payload);
    expect(store.getState().threads).toHaveLength(1);
    expect(store.getState().threads[0]!.unreadCount).toBe(1);

    const reply = message("m2", "t1", ada, "2026-01-01T11:00:00.000Z");
    store.receive(encodeReviewMessage({ type: "message-created", pageId: PAGE, message: reply }));
    store.receive(encodeReviewMessage({ type: "message-created", pageId: PAGE, message: reply }));
    const t = store.getState().threads[0]!;
    expect(t.messages!.map((m) => m.id)).toEqual(["t1-m1", "m2"]);
    expect(t.unreadCount).toBe(2);
    expect(t.lastMessageAt).toBe("2026-01-01T11:00:00.000Z");
  });

  it("keeps messages and our unread count when a thread-only update arrives", () => {
    const store = new ReviewStore(PAGE, "pr-1", me);
    store.apply({ type: "thread-created", pageId: PAGE, thread: thread("t1") });
    const resolved = thread("t1", {
      status: "resolved",
      resolvedBy: me,
      messages: undefined,
      unreadCount: 0,
    });
    store.apply({ type: "thread-updated", pageId: PAGE, change: "resolved", thread: resolved });
    const t = store.getState().threads[0]!;
    expect(t.status).toBe("resolved");
    expect(t.messages).toHaveLength(1);
    expect(t.unreadCount).toBe(1);
  });

  it("does not count our own messages as unread and ignores other pages and other payloads", () => {
    const store = new ReviewStore(PAGE, "pr-1", me);
    store.apply({ type: "thread-created", pageId: PAGE, thread: thread("t1", { createdBy: me }) });
    store.apply({ type: "message-created", pageId: PAGE, message: message("m2", "t1", me) });
    expect(store.getState().threads[0]!.unreadCount).toBe(0);
    store.receive(encodeReviewMessage({ type: "thread-created", pageId: "other", thread: thread("t9") }));
    store.receive(JSON.stringify({ type: "something-else" }));
    store.receive("not json");
    expect(store.getState().threads.map((t) => t.id)).toEqual(["t1"]);
  });

  it("orders sessions newest first and replaces a session when it ends", () => {
    const store = new ReviewStore(PAGE, "pr-1", me);
    store.apply({ type: "session-started", pageId: PAGE, session: session("s1") });
    store.apply({
      type: "session-ended",
      pageId: PAGE,
      session: session("s1", { status: "ended", outcome: "approved" }),
    });
    store.apply({
      type: "session-started",
      pageId: PAGE,
      session: session("s2", { startedAt: "2026-01-02T09:00:00.000Z" }),
    });
    expect(store.getState().sessions.map((s) => [s.id, s.status])).toEqual([
      ["s2", "active"],
      ["s1", "ended"],
    ]);
  });
});

describe("review helpers", () => {
  it("counts a running session's threads live and an ended one's from its summary", () => {
    const threads = [
      thread("t1", { sessionId: "s1" }),
      thread("t2", { status: "resolved", resolvedAt: "2026-01-01T09:30:00.000Z" }),
      thread("t3", { status: "resolved", resolvedAt: "2026-01-01T08:00:00.000Z" }),
    ];
    const live = sessionThreads(session("s1"), threads);
    expect(live.opened.map((t) => t.id)).toEqual(["t1"]);
    expect(live.resolved.map((t) => t.id)).toEqual(["t2"]);
    const ended = session("s1", {
      status: "ended",
      summary: {
        threadsOpened: 1,
        threadsResolved: 1,
        openedThreadIds: ["t1"],
        resolvedThreadIds: ["t3"],
        threadsStillOpen: 1,
      },
    });
    expect(sessionThreads(ended, threads).resolved.map((t) => t.id)).toEqual(["t3"]);
  });

  it("numbers pins in the order threads were opened", () => {
    const numbers = threadNumbers([
      thread("late", { createdAt: "2026-01-03T00:00:00.000Z" }),
      thread("early", { createdAt: "2026-01-01T00:00:00.000Z" }),
    ]);
    expect([numbers.get("early"), numbers.get("late")]).toEqual([1, 2]);
  });

  it("splits a body into text and the mentions of the users it mentions", () => {
    const m = { ...message("m", "t"), body: "Hey @Ada Inker, see @Nobody", mentions: [ada] };
    expect(bodyParts(m)).toEqual([
      { text: "Hey ", mention: false },
      { text: "@Ada Inker", mention: true },
      { text: ", see @Nobody", mention: false },
    ]);
  });
});
