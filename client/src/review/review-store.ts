import {
  type CommentMessage,
  type CommentThread,
  decodeReviewMessage,
  type ReviewEvent,
  type ReviewOutcome,
  type ReviewSession,
  reviewEndpoints as r,
  type ThreadAnchor,
} from "@comic-studio/shared";
import { ApiError, call } from "../lib/api.ts";

/** The signed-in user, as the review needs them. */
export interface ReviewMe {
  id: string;
  displayName: string;
}

export interface ReviewState {
  loaded: boolean;
  /** Why loading failed, for the sidebar. */
  error: string | null;
  /** The page's threads with their messages, in the server's order. */
  threads: CommentThread[];
  /** Review sessions of the page, newest first (the running one included). */
  sessions: ReviewSession[];
  /** The thread open in the sidebar and highlighted on the canvas. */
  selectedId: string | null;
  /** Comment mode: the next click on the canvas places a pin. */
  placing: boolean;
  /** Where a new thread is being written (before it is posted). */
  draft: { anchor: ThreadAnchor } | null;
  /** Which sidebar tab is shown. */
  tab: "generate" | "comments";
  /** Bumped when the camera should move to the selected thread's pin (list, notification, link). */
  focus: { threadId: string; seq: number } | null;
}

type Listener = () => void;

export function errorText(e: unknown): string {
  return e instanceof ApiError ? e.message : "That did not work. Try again.";
}

/** Inserts or replaces by id, keeping messages a thread-only update does not carry. */
function upsertThread(threads: CommentThread[], next: CommentThread): CommentThread[] {
  const index = threads.findIndex((t) => t.id === next.id);
  if (index < 0) return [...threads, next];
  const prev = threads[index]!;
  const merged: CommentThread = {
    ...next,
    messages: next.messages ?? prev.messages,
    // Live events carry 0 (they go to everyone); the count is ours to keep.
    unreadCount: prev.unreadCount,
  };
  return threads.map((t, i) => (i === index ? merged : t));
}

function upsertMessage(thread: CommentThread, message: CommentMessage): CommentThread {
  const messages = thread.messages ?? [];
  const known = messages.some((m) => m.id === message.id);
  const nextMessages = known
    ? messages.map((m) => (m.id === message.id ? message : m))
    : [...messages, message];
  return {
    ...thread,
    messages: nextMessages,
    messageCount: known ? thread.messageCount : Math.max(thread.messageCount, nextMessages.length),
    lastMessageAt: known ? thread.lastMessageAt : message.createdAt,
  };
}

function upsertSession(sessions: ReviewSession[], next: ReviewSession): ReviewSession[] {
  const rest = sessions.filter((s) => s.id !== next.id);
  return [next, ...rest].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/**
 * One page's review state for the signed-in user: threads, sessions and what the sidebar and
 * the canvas show. Loaded over REST; kept live by the page document's stateless messages,
 * which every connection receives (read-only commenters included). Every change is applied
 * idempotently, so the REST answer to our own action and its live echo do not double up.
 */
export class ReviewStore {
  private state: ReviewState = {
    loaded: false,
    error: null,
    threads: [],
    sessions: [],
    selectedId: null,
    placing: false,
    draft: null,
    tab: "generate",
    focus: null,
  };
  private readonly listeners = new Set<Listener>();
  /** Called on every live event (the notification bell refreshes on them). */
  readonly eventListeners = new Set<(event: ReviewEvent) => void>();

  constructor(
    readonly pageId: string,
    readonly projectId: string,
    readonly me: ReviewMe,
    initialTab: ReviewState["tab"] = "generate",
  ) {
    this.state.tab = initialTab;
  }

  getState = (): ReviewState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<ReviewState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  async load(): Promise<void> {
    try {
      const [threads, sessions] = await Promise.all([
        call(r.listPageThreads, { params: { pageId: this.pageId } }),
        call(r.listReviewSessions, { params: { pageId: this.pageId } }),
      ]);
      this.set({ loaded: true, error: null, threads: threads.threads, sessions: sessions.sessions });
    } catch (e) {
      this.set({ loaded: true, error: errorText(e) });
    }
  }

  /** Applies a stateless payload from the page document; other messages are ignored. */
  receive = (payload: string): void => {
    const event = decodeReviewMessage(payload);
    if (!event || event.pageId !== this.pageId) return;
    this.apply(event);
    for (const listener of this.eventListeners) listener(event);
  };

  apply(event: ReviewEvent): void {
    switch (event.type) {
      case "thread-created": {
        const known = this.state.threads.some((t) => t.id === event.thread.id);
        // Live events carry no per-user counts: someone else's new thread is unread for us.
        const unread = !known && event.thread.createdBy.id !== this.me.id;
        const thread = unread
          ? { ...event.thread, unreadCount: Math.max(1, event.thread.messageCount) }
          : event.thread;
        this.set({ threads: upsertThread(this.state.threads, thread) });
        return;
      }
      case "thread-updated":
        this.set({ threads: upsertThread(this.state.threads, event.thread) });
        return;
      case "message-created":
      case "message-edited":
      case "message-deleted":
        this.applyMessage(event.message, event.type === "message-created");
        return;
      case "session-started":
      case "session-ended":
        this.set({ sessions: upsertSession(this.state.sessions, event.session) });
        return;
      default:
        event satisfies never;
    }
  }

  private applyMessage(message: CommentMessage, created: boolean): void {
    const thread = this.state.threads.find((t) => t.id === message.threadId);
    if (!thread) {
      // A reply to a thread we do not have yet (it was opened while we loaded): fetch it.
      void call(r.getThread, { params: { threadId: message.threadId } })
        .then(({ thread: t }) => this.set({ threads: upsertThread(this.state.threads, t) }))
        .catch(() => undefined);
      return;
    }
    const isNew = created && !(thread.messages ?? []).some((m) => m.id === message.id);
    let next = upsertMessage(thread, message);
    if (isNew && message.author.id !== this.me.id) {
      if (this.state.selectedId === thread.id) void this.markRead(thread.id);
      else next = { ...next, unreadCount: next.unreadCount + 1 };
    }
    this.set({ threads: this.state.threads.map((t) => (t.id === thread.id ? next : t)) });
  }

  // ------------------------------------------------------------------ UI state

  setTab(tab: ReviewState["tab"]): void {
    this.set({ tab });
  }

  setPlacing(placing: boolean): void {
    this.set({ placing, ...(placing ? { draft: null, tab: "comments" as const } : {}) });
  }

  startDraft(anchor: ThreadAnchor): void {
    this.set({ placing: false, draft: { anchor }, selectedId: null, tab: "comments" });
  }

  cancelDraft(): void {
    this.set({ draft: null });
  }

  /** Opens a thread in the sidebar; `focus` also moves the camera to its pin. */
  select(threadId: string | null, options: { focus?: boolean } = {}): void {
    const focus =
      threadId && options.focus ? { threadId, seq: (this.state.focus?.seq ?? 0) + 1 } : this.state.focus;
    this.set({
      selectedId: threadId,
      focus,
      ...(threadId ? { tab: "comments" as const, draft: null, placing: false } : {}),
    });
    if (threadId) void this.markRead(threadId);
  }

  /**
   * Marks a thread read on the server even when our count says 0: a reply that arrived while
   * the thread was open never counted here, but the server counts it until we say so.
   */
  private async markRead(threadId: string): Promise<void> {
    if (this.state.threads.some((t) => t.id === threadId && t.unreadCount > 0)) {
      this.set({
        threads: this.state.threads.map((t) => (t.id === threadId ? { ...t, unreadCount: 0 } : t)),
      });
    }
    await call(r.markThreadRead, { params: { threadId } }).catch(() => undefined);
  }

  // ------------------------------------------------------------------ actions (throw ApiError)

  async createThread(anchor: ThreadAnchor, body: string, mentions: string[]): Promise<CommentThread> {
    const { thread } = await call(r.createThread, {
      params: { pageId: this.pageId },
      body: { anchor, body, mentions },
    });
    this.set({ threads: upsertThread(this.state.threads, thread), draft: null, selectedId: thread.id });
    return thread;
  }

  async reply(threadId: string, body: string, mentions: string[]): Promise<void> {
    const { message } = await call(r.replyToThread, { params: { threadId }, body: { body, mentions } });
    this.applyMessage(message, true);
  }

  async editMessage(threadId: string, messageId: string, body: string, mentions: string[]): Promise<void> {
    const { message } = await call(r.editMessage, {
      params: { threadId, messageId },
      body: { body, mentions },
    });
    this.applyMessage(message, false);
  }

  async deleteMessage(threadId: string, messageId: string): Promise<void> {
    await call(r.deleteMessage, { params: { threadId, messageId } });
    const thread = this.state.threads.find((t) => t.id === threadId);
    const message = thread?.messages?.find((m) => m.id === messageId);
    if (message) this.applyMessage({ ...message, body: "", deletedAt: new Date().toISOString() }, false);
  }

  async setResolved(threadId: string, resolved: boolean): Promise<void> {
    const endpoint = resolved ? r.resolveThread : r.reopenThread;
    const { thread } = await call(endpoint, { params: { threadId } });
    this.set({ threads: upsertThread(this.state.threads, thread) });
  }

  async startSession(title: string | null): Promise<void> {
    const { session } = await call(r.startReviewSession, {
      params: { pageId: this.pageId },
      body: { title },
    });
    this.set({ sessions: upsertSession(this.state.sessions, session) });
  }

  async endSession(sessionId: string, outcome: ReviewOutcome, note: string | null): Promise<void> {
    const { session } = await call(r.endReviewSession, {
      params: { sessionId },
      body: { outcome, note },
    });
    this.set({ sessions: upsertSession(this.state.sessions, session) });
  }
}

/** The running session of a page, if any. */
export function activeSession(state: ReviewState): ReviewSession | null {
  return state.sessions.find((s) => s.status === "active") ?? null;
}
