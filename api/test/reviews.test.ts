import { createRedis, TEST_REDIS_URL } from "@comic-studio/infra";
import {
  type CommentMessage,
  type CommentThread,
  type Page,
  type Project,
  type ProjectThread,
  type ReviewEvent,
  type ReviewNotification,
  type ReviewSession,
  reviewEventSchema,
  reviewEventsChannel,
  SESSION_COOKIE,
} from "@comic-studio/shared";
import type { Redis } from "ioredis";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskStorage } from "../src/storage/index.ts";
import { expectError, signUp, startTestApi, type TestApi, type TestClient } from "./helpers.ts";

// pdfjs 6 calls Promise.withResolvers (Node 22+); these machines run Node 20.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== "function") {
  Object.defineProperty(Promise, "withResolvers", {
    value<T>() {
      let resolve!: (value: T) => void;
      let reject!: (reason: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

let api: TestApi;
let owner: TestClient;
let editor: TestClient;
let commenter: TestClient;
let viewer: TestClient;
let outsider: TestClient;
let projectId: string;
let pageId: string;
let sub: Redis;
const events: ReviewEvent[] = [];

const PANEL_SHAPE = "shape:panel-one";
const shapeAnchor = (x = 0.25, y = 0.75) => ({ kind: "shape", shapeId: PANEL_SHAPE, offset: { x, y } });

async function newPage(): Promise<string> {
  const reply = await owner.post<{ page: Page }>(`/projects/${projectId}/pages`, { layoutTemplate: "blank" });
  expect(reply.status).toBe(201);
  return reply.body.page.id;
}

async function open(client: TestClient, page: string, body: string, extra: Record<string, unknown> = {}) {
  const reply = await client.post<{ thread: CommentThread }>(`/pages/${page}/threads`, {
    anchor: shapeAnchor(),
    body,
    ...extra,
  });
  expect(reply.status).toBe(201);
  return reply.body.thread;
}

async function waitForEvent(check: (e: ReviewEvent) => boolean, what: string): Promise<ReviewEvent> {
  const start = Date.now();
  for (;;) {
    const found = events.find(check);
    if (found) return found;
    if (Date.now() - start > 5_000) throw new Error(`no ${what} event`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  api = await startTestApi({}, "reviews");
  [owner, editor, commenter, viewer, outsider] = [
    api.client(),
    api.client(),
    api.client(),
    api.client(),
    api.client(),
  ];
  await signUp(owner, "owner");
  await signUp(editor, "editor");
  await signUp(commenter, "commenter");
  await signUp(viewer, "viewer");
  await signUp(outsider, "outsider");
  const project = await owner.post<{ project: Project }>("/projects", { name: "Review comic" });
  projectId = project.body.project.id;
  for (const [client, role] of [
    [editor, "editor"],
    [commenter, "commenter"],
    [viewer, "viewer"],
  ] as const) {
    const added = await owner.post(`/projects/${projectId}/members`, { email: client.user!.email, role });
    expect(added.status).toBe(201);
  }
  pageId = await newPage();
  sub = createRedis(TEST_REDIS_URL);
  sub.on("message", (_channel: string, message: string) => {
    events.push(reviewEventSchema.parse(JSON.parse(message)));
  });
  await sub.subscribe(reviewEventsChannel(api.config.REDIS_PREFIX));
});
afterAll(async () => {
  await sub?.quit();
  await api?.close();
});

describe("comment threads", () => {
  it("lets commenters write, viewers read, and hides the page from outsiders", async () => {
    const thread = await open(commenter, pageId, "The sky looks flat here.");
    expect(thread).toMatchObject({
      pageId,
      projectId,
      status: "open",
      detached: false,
      anchor: shapeAnchor(),
      createdBy: { id: commenter.user!.id },
      messageCount: 1,
    });
    expect(thread.messages).toHaveLength(1);
    const point = await commenter.post<{ thread: CommentThread }>(`/pages/${pageId}/threads`, {
      anchor: { kind: "point", x: 120.5, y: -40 },
      body: "Gutter too narrow",
    });
    expect(point.status).toBe(201);
    expect(point.body.thread.anchor).toEqual({ kind: "point", x: 120.5, y: -40 });

    expectError(
      await viewer.post(`/pages/${pageId}/threads`, { anchor: shapeAnchor(), body: "x" }),
      403,
      "FORBIDDEN",
    );
    expectError(await viewer.post(`/threads/${thread.id}/messages`, { body: "x" }), 403, "FORBIDDEN");
    expectError(await viewer.post(`/threads/${thread.id}/resolve`), 403, "FORBIDDEN");
    const read = await viewer.get<{ threads: CommentThread[] }>(`/pages/${pageId}/threads`);
    expect(read.status).toBe(200);
    expect(read.body.threads.map((t) => t.id)).toContain(thread.id);
    expect((await viewer.get(`/threads/${thread.id}`)).status).toBe(200);

    expectError(await outsider.get(`/pages/${pageId}/threads`), 404, "NOT_FOUND");
    expectError(await outsider.get(`/threads/${thread.id}`), 404, "NOT_FOUND");
    expectError(await outsider.post(`/threads/${thread.id}/messages`, { body: "x" }), 404, "NOT_FOUND");
    expectError(await outsider.get(`/projects/${projectId}/threads`), 404, "NOT_FOUND");
    expectError(await api.client().get(`/pages/${pageId}/threads`), 401, "UNAUTHENTICATED");
    expectError(
      await commenter.post(`/pages/${pageId}/threads`, { anchor: shapeAnchor(1.5, 0), body: "x" }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await commenter.post(`/pages/${pageId}/threads`, { anchor: shapeAnchor(), body: "   " }),
      400,
      "VALIDATION_FAILED",
    );
  });

  it("lets only authors edit or delete their messages, and publishes every change", async () => {
    const thread = await open(commenter, pageId, "Is the lamp on?");
    const reply = await editor.post<{ message: CommentMessage }>(`/threads/${thread.id}/messages`, {
      body: "Yes, warm light.",
    });
    expect(reply.status).toBe(201);
    const messageId = reply.body.message.id;
    expectError(
      await commenter.patch(`/threads/${thread.id}/messages/${messageId}`, { body: "hijack" }),
      403,
      "FORBIDDEN",
    );
    expectError(await owner.delete(`/threads/${thread.id}/messages/${messageId}`), 403, "FORBIDDEN");
    const edited = await editor.patch<{ message: CommentMessage }>(
      `/threads/${thread.id}/messages/${messageId}`,
      {
        body: "Yes, warm orange light.",
      },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.message.body).toBe("Yes, warm orange light.");
    expect(edited.body.message.editedAt).not.toBeNull();
    expect((await editor.delete(`/threads/${thread.id}/messages/${messageId}`)).status).toBe(204);
    expectError(
      await editor.patch(`/threads/${thread.id}/messages/${messageId}`, { body: "again" }),
      409,
      "CONFLICT",
    );
    const full = await viewer.get<{ thread: CommentThread }>(`/threads/${thread.id}`);
    const deleted = full.body.thread.messages!.find((m) => m.id === messageId)!;
    expect(deleted).toMatchObject({ body: "", deletedAt: expect.any(String) });
    expect(full.body.thread.messageCount).toBe(1);
    // A message id from another thread is not found through this one.
    const other = await open(commenter, pageId, "other");
    expectError(
      await commenter.patch(`/threads/${thread.id}/messages/${other.messages![0]!.id}`, { body: "x" }),
      404,
      "NOT_FOUND",
    );

    const resolved = await commenter.post<{ thread: CommentThread }>(`/threads/${thread.id}/resolve`);
    expect(resolved.body.thread).toMatchObject({
      status: "resolved",
      resolvedBy: { id: commenter.user!.id },
    });
    const reopened = await viewer.get<{ thread: CommentThread }>(`/threads/${thread.id}`);
    expect(reopened.body.thread.status).toBe("resolved");
    expect(
      (await commenter.post<{ thread: CommentThread }>(`/threads/${thread.id}/reopen`)).body.thread,
    ).toMatchObject({ status: "open", resolvedBy: null, resolvedAt: null });

    const mine = (type: ReviewEvent["type"]) => (e: ReviewEvent) =>
      e.type === type &&
      (("thread" in e && e.thread.id === thread.id) || ("message" in e && e.message.threadId === thread.id));
    await waitForEvent(mine("thread-created"), "thread-created");
    expect(await waitForEvent(mine("message-created"), "message-created")).toMatchObject({
      message: { id: messageId, body: "Yes, warm light." },
    });
    expect(await waitForEvent(mine("message-edited"), "message-edited")).toMatchObject({
      message: { body: "Yes, warm orange light." },
    });
    expect(await waitForEvent(mine("message-deleted"), "message-deleted")).toMatchObject({
      message: { id: messageId, body: "" },
    });
    const updates = events.filter((e) => e.type === "thread-updated" && e.thread.id === thread.id);
    await waitForEvent(
      (e) => e.type === "thread-updated" && e.change === "reopened" && e.thread.id === thread.id,
      "reopen",
    );
    expect(updates.map((e) => e.type === "thread-updated" && e.change).slice(0, 1)).toEqual(["resolved"]);
  });

  it("notifies mentioned members and thread owners, and offers members to mention", async () => {
    const found = await commenter.get<{ members: { userId: string; displayName: string }[] }>(
      `/projects/${projectId}/mentionable?q=${encodeURIComponent("editor")}`,
    );
    expect(found.status).toBe(200);
    expect(found.body.members.map((m) => m.userId)).toEqual([editor.user!.id]);
    // A word's start, not any substring: "ter" is inside "commenter 3" but starts no word.
    const inside = await commenter.get<{ members: unknown[] }>(`/projects/${projectId}/mentionable?q=ter`);
    expect(inside.body.members).toHaveLength(0);
    const second = await commenter.get<{ members: { userId: string }[] }>(
      `/projects/${projectId}/mentionable?q=${encodeURIComponent(editor.user!.displayName.split(" ")[1]!)}`,
    );
    expect(second.body.members.map((m) => m.userId)).toEqual([editor.user!.id]);
    const all = await viewer.get<{ members: unknown[] }>(`/projects/${projectId}/mentionable`);
    expect(all.body.members).toHaveLength(4);
    expectError(await outsider.get(`/projects/${projectId}/mentionable`), 404, "NOT_FOUND");

    const before = (await editor.get<{ count: number }>("/notifications/unread-count")).body.count;
    const thread = await open(commenter, pageId, `@${editor.user!.displayName} can you fix the tail?`, {
      mentions: [editor.user!.id, commenter.user!.id],
    });
    expect(thread.messages![0]!.mentions.map((m) => m.id).sort()).toEqual(
      [editor.user!.id, commenter.user!.id].sort(),
    );
    expect((await editor.get<{ count: number }>("/notifications/unread-count")).body.count).toBe(before + 1);
    // Mentioning oneself notifies no one.
    const own = await commenter.get<{ notifications: ReviewNotification[] }>("/notifications");
    expect(own.body.notifications.filter((n) => n.threadId === thread.id)).toHaveLength(0);

    await editor.post(`/threads/${thread.id}/messages`, { body: "On it." });
    const replies = await commenter.get<{ notifications: ReviewNotification[]; unreadCount: number }>(
      "/notifications?unread=true",
    );
    const reply = replies.body.notifications.find((n) => n.threadId === thread.id);
    expect(reply).toMatchObject({
      kind: "reply",
      actor: { id: editor.user!.id },
      excerpt: "On it.",
      readAt: null,
    });
    expect(replies.body.unreadCount).toBeGreaterThanOrEqual(1);

    expectError(
      await commenter.post(`/threads/${thread.id}/messages`, { body: "hey", mentions: [outsider.user!.id] }),
      400,
      "VALIDATION_FAILED",
    );
    // An edit that adds a mention notifies the newly mentioned member once.
    const viewerBefore = (await viewer.get<{ count: number }>("/notifications/unread-count")).body.count;
    const msg = thread.messages![0]!;
    for (let i = 0; i < 2; i += 1) {
      const edit = await commenter.patch(`/threads/${thread.id}/messages/${msg.id}`, {
        body: `@${viewer.user!.displayName} too`,
        mentions: [viewer.user!.id],
      });
      expect(edit.status).toBe(200);
    }
    const viewerList = await viewer.get<{ notifications: ReviewNotification[]; unreadCount: number }>(
      "/notifications",
    );
    expect(viewerList.body.unreadCount).toBe(viewerBefore + 1);
    expect(viewerList.body.notifications[0]).toMatchObject({ kind: "mention", threadId: thread.id });

    const marked = await viewer.post<{ unreadCount: number }>("/notifications/read", {
      ids: [viewerList.body.notifications[0]!.id],
    });
    expect(marked.body.unreadCount).toBe(viewerBefore);
    expect(
      (await editor.post<{ unreadCount: number }>("/notifications/read", { all: true })).body.unreadCount,
    ).toBe(0);
    expectError(await editor.post("/notifications/read", {}), 400, "VALIDATION_FAILED");
  });

  it("filters page and project lists by status, author and mentions, and counts unread messages", async () => {
    const page = await newPage();
    const a = await open(commenter, page, "A by commenter");
    const b = await open(editor, page, `B mentions @${commenter.user!.displayName}`, {
      mentions: [commenter.user!.id],
    });
    const c = await open(owner, page, "C by owner");
    await commenter.post(`/threads/${c.id}/resolve`);
    const ids = async (client: TestClient, query: string) =>
      (await client.get<{ threads: CommentThread[] }>(`/pages/${page}/threads${query}`)).body.threads.map(
        (t) => t.id,
      );
    expect(await ids(commenter, "")).toEqual([a.id, b.id, c.id]);
    expect(await ids(commenter, "?status=open")).toEqual([a.id, b.id]);
    expect(await ids(commenter, "?status=resolved")).toEqual([c.id]);
    expect(await ids(commenter, "?mine=true")).toEqual([a.id]);
    expect(await ids(commenter, "?mentioning=true")).toEqual([b.id]);
    expect(await ids(commenter, "?mentioning=true&status=resolved")).toEqual([]);
    expectError(await commenter.get(`/pages/${page}/threads?status=maybe`), 400, "VALIDATION_FAILED");

    const project = await commenter.get<{ threads: ProjectThread[] }>(
      `/projects/${projectId}/threads?status=open&pageId=${page}`,
    );
    expect(project.body.threads.map((t) => t.id).sort()).toEqual([a.id, b.id].sort());
    const listedB = project.body.threads.find((t) => t.id === b.id)!;
    expect(listedB.excerpt).toContain("B mentions");
    expect(listedB.page.pageNumber).toBeGreaterThan(0);
    expect(listedB.messages).toBeUndefined();
    const mentioning = await commenter.get<{ threads: ProjectThread[] }>(
      `/projects/${projectId}/threads?mentioning=true`,
    );
    expect(mentioning.body.threads.map((t) => t.id)).toContain(b.id);
    expect(mentioning.body.threads.every((t) => t.status === "open" || t.status === "resolved")).toBe(true);

    const counts = await commenter.get<{
      pages: { pageId: string; open: number; resolved: number; openMentioningMe: number }[];
    }>(`/projects/${projectId}/thread-counts`);
    expect(counts.body.pages.find((p) => p.pageId === page)).toEqual({
      pageId: page,
      open: 2,
      resolved: 1,
      openMentioningMe: 1,
    });
    expectError(await outsider.get(`/projects/${projectId}/thread-counts`), 404, "NOT_FOUND");

    // Unread: others' messages after the caller last read the thread.
    const unread = async () =>
      (await commenter.get<{ thread: CommentThread }>(`/threads/${b.id}`)).body.thread.unreadCount;
    expect(await unread()).toBe(1);
    expect((await commenter.post(`/threads/${b.id}/read`)).status).toBe(204);
    expect(await unread()).toBe(0);
    await editor.post(`/threads/${b.id}/messages`, { body: "one more" });
    expect(await unread()).toBe(1);
    await commenter.post(`/threads/${b.id}/messages`, { body: "read it" });
    expect(await unread()).toBe(0);
  });

  it("refuses writes in an archived project but keeps it readable", async () => {
    const project = await owner.post<{ project: Project }>("/projects", { name: "Archived" });
    const id = project.body.project.id;
    await owner.post(`/projects/${id}/members`, { email: commenter.user!.email, role: "commenter" });
    const page = (await owner.post<{ page: Page }>(`/projects/${id}/pages`, {})).body.page.id;
    const thread = await open(commenter, page, "before archiving");
    expect((await owner.post(`/projects/${id}/archive`)).status).toBe(200);
    expectError(await commenter.post(`/threads/${thread.id}/messages`, { body: "x" }), 409, "CONFLICT");
    expectError(
      await commenter.post(`/pages/${page}/threads`, { anchor: shapeAnchor(), body: "x" }),
      409,
      "CONFLICT",
    );
    expect((await commenter.get(`/pages/${page}/threads`)).status).toBe(200);
  });
});

describe("live notification counts", () => {
  /** Opens the bell's event stream as `client` and collects the unread counts it receives. */
  async function openStream(client: TestClient) {
    const controller = new AbortController();
    const res = await fetch(`${api.url}/api/notifications/stream`, {
      headers: client.cookie ? { cookie: `${SESSION_COOKIE}=${client.cookie}` } : {},
      signal: controller.signal,
    });
    const counts: number[] = [];
    if (res.ok && res.body) {
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      void (async () => {
        let buffer = "";
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += value;
            let end = buffer.indexOf("\n\n");
            while (end >= 0) {
              const frame = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = frame.split("\n").find((l) => l.startsWith("data: "));
              if (frame.includes("event: unread") && data) counts.push(JSON.parse(data.slice(6)).unreadCount);
              end = buffer.indexOf("\n\n");
            }
          }
        } catch {
          // aborted
        }
      })();
    }
    return { res, counts, close: () => controller.abort() };
  }

  async function until(check: () => boolean, what: string) {
    const start = Date.now();
    while (!check()) {
      if (Date.now() - start > 5_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("pushes a member's new unread count when they are mentioned, and when they read it elsewhere", async () => {
    const anonymous = await fetch(`${api.url}/api/notifications/stream`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");

    const stream = await openStream(viewer);
    try {
      expect(stream.res.status).toBe(200);
      expect(stream.res.headers.get("content-type")).toContain("text/event-stream");
      await until(() => stream.counts.length === 1, "the first count");
      const before = stream.counts[0]!;
      await open(commenter, pageId, `@${viewer.user!.displayName} does this read well?`, {
        mentions: [viewer.user!.id],
      });
      await until(() => stream.counts.length === 2, "the mention's count");
      expect(stream.counts[1]).toBe(before + 1);
      // Another member's mention says nothing to this stream.
      await open(commenter, pageId, `@${editor.user!.displayName} and you?`, { mentions: [editor.user!.id] });
      // Read in another tab: this one hears the new count.
      const read = await viewer.post<{ unreadCount: number }>("/notifications/read", { all: true });
      expect(read.status).toBe(200);
      await until(() => stream.counts.length === 3, "the count after reading");
      expect(stream.counts[2]).toBe(0);
    } finally {
      stream.close();
    }
  });
});

describe("review sessions", () => {
  it("records who presented, the outcome and the threads opened and resolved during it", async () => {
    const page = await newPage();
    const earlier = await open(commenter, page, "from before the session");
    expectError(await commenter.post(`/pages/${page}/review-sessions`, {}), 403, "FORBIDDEN");
    expectError(await outsider.post(`/pages/${page}/review-sessions`, {}), 404, "NOT_FOUND");
    const started = await editor.post<{ session: ReviewSession }>(`/pages/${page}/review-sessions`, {
      title: "Pencils pass",
    });
    expect(started.status).toBe(201);
    const session = started.body.session;
    expect(session).toMatchObject({
      status: "active",
      presenter: { id: editor.user!.id },
      title: "Pencils pass",
    });
    expectError(await owner.post(`/pages/${page}/review-sessions`, {}), 409, "CONFLICT");
    await waitForEvent((e) => e.type === "session-started" && e.session.id === session.id, "session-started");

    const during = await open(commenter, page, "found during the session");
    expect(during.sessionId).toBe(session.id);
    const second = await open(owner, page, "and another");
    await commenter.post(`/threads/${earlier.id}/resolve`);
    await editor.post(`/threads/${second.id}/resolve`);
    const current = await viewer.get<{ session: ReviewSession }>(`/pages/${page}/review-sessions/current`);
    expect(current.body.session).toMatchObject({
      id: session.id,
      summary: { threadsOpened: 2, threadsResolved: 2 },
    });

    expectError(
      await commenter.post(`/review-sessions/${session.id}/end`, { outcome: "approved" }),
      403,
      "FORBIDDEN",
    );
    expectError(
      await editor.post(`/review-sessions/${session.id}/end`, { outcome: "meh" }),
      400,
      "VALIDATION_FAILED",
    );
    const ended = await owner.post<{ session: ReviewSession }>(`/review-sessions/${session.id}/end`, {
      outcome: "changes_requested",
      note: "Fix the tail first",
    });
    expect(ended.status).toBe(200);
    expect(ended.body.session).toMatchObject({
      status: "ended",
      outcome: "changes_requested",
      note: "Fix the tail first",
      endedBy: { id: owner.user!.id },
      presenter: { id: editor.user!.id },
      summary: {
        threadsOpened: 2,
        threadsResolved: 2,
        threadsStillOpen: 1,
        openedThreadIds: [during.id, second.id],
      },
    });
    expect(ended.body.session.summary.resolvedThreadIds.sort()).toEqual([earlier.id, second.id].sort());
    expectError(
      await owner.post(`/review-sessions/${session.id}/end`, { outcome: "approved" }),
      409,
      "CONFLICT",
    );
    await waitForEvent((e) => e.type === "session-ended" && e.session.id === session.id, "session-ended");

    // A thread opened after the session does not change its record.
    await open(commenter, page, "after");
    const next = await editor.post<{ session: ReviewSession }>(`/pages/${page}/review-sessions`, {});
    expect(next.status).toBe(201);
    const list = await viewer.get<{ sessions: ReviewSession[] }>(`/pages/${page}/review-sessions`);
    expect(list.body.sessions.map((s) => s.id)).toEqual([next.body.session.id, session.id]);
    expect(list.body.sessions[1]!.summary.threadsOpened).toBe(2);
    expect(
      (await viewer.get<{ session: ReviewSession | null }>(`/pages/${page}/review-sessions/current`)).body
        .session?.id,
    ).toBe(next.body.session.id);
  });
});

describe("review summary export", () => {
  it("downloads Markdown and PDF with every thread, its messages and a crop of its panel", async () => {
    const page = await newPage();
    const png = await sharp({
      create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 120, b: 200 } },
    })
      .png()
      .toBuffer();
    const key = `projects/${projectId}/renders/review-panel.png`;
    await new LocalDiskStorage(api.storageDir).put(key, png, "image/png");
    await api.db.sql`
      insert into panels (page_id, shape_id, position, image_url)
      values (${page}, ${PANEL_SHAPE}, 0, ${`/api/files/${key}`})`;
    const pinned = await open(commenter, page, "Sky needs *more* contrast");
    await editor.post(`/threads/${pinned.id}/messages`, { body: "Agreed; I'll regenerate." });
    await commenter.post(`/threads/${pinned.id}/messages`, { body: "Ship it 🚀 — 日本 — Готово, καλό" });
    const loose = await commenter.post<{ thread: CommentThread }>(`/pages/${page}/threads`, {
      anchor: { kind: "point", x: 10, y: 20 },
      body: "Page number missing",
    });
    await owner.post(`/threads/${loose.body.thread.id}/resolve`);
    expect(pinned.panelId).not.toBeNull();

    const md = await viewer.get<string>(`/pages/${page}/review-summary?format=md`);
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(md.headers.get("content-disposition")).toMatch(
      /attachment; filename="review-summary-ch1-p\d+\.md"/,
    );
    const text = md.body;
    expect(text).toContain("# Review summary: Review comic");
    expect(text).toContain("2 threads: 1 open, 1 resolved.");
    expect(text).toContain("## 1. Open, on panel 1");
    expect(text).toContain("> Sky needs \\*more\\* contrast");
    expect(text).toContain(`**${editor.user!.displayName}**`);
    expect(text).toContain("## 2. Resolved, on page point (10, 20)");
    expect(text).toContain("> Ship it 🚀 — 日本 — Готово, καλό");
    expect(text).toContain(`Resolved by ${owner.user!.displayName}`);
    const image = /!\[Panel 1\]\(data:image\/jpeg;base64,([A-Za-z0-9+/=]+)\)/.exec(text);
    expect(image).not.toBeNull();
    const crop = await sharp(Buffer.from(image![1]!, "base64")).metadata();
    expect(crop).toMatchObject({ format: "jpeg", width: 480, height: 360 });

    const onlyOpen = await viewer.get<string>(`/pages/${page}/review-summary?format=md&status=open`);
    expect(onlyOpen.body).toContain("1 threads: 1 open, 0 resolved.");

    const res = await fetch(`${api.url}/api/pages/${page}/review-summary?format=pdf`, {
      headers: { cookie: `${SESSION_COOKIE}=${viewer.cookie}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
    let pdfText = "";
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const p = await pdf.getPage(n);
      const content = await p.getTextContent();
      pdfText += content.items.map((i) => ("str" in i ? i.str : "")).join("\n");
    }
    expect(pdfText).toContain("Review summary: Review comic");
    expect(pdfText).toContain("Sky needs *more* contrast");
    expect(pdfText).toContain("Agreed; I'll regenerate.");
    expect(pdfText).toContain("Resolved, on page point (10, 20)");
    // The embedded DejaVu Sans draws Cyrillic and Greek; what it has no glyph for (emoji, CJK)
    // prints as "?" rather than failing.
    expect(pdfText).toContain("Ship it ? — ?? — Готово, καλό");
    // One embedded picture: the crop of the pinned panel (the page point has none).
    const raw = Buffer.from(bytes).toString("latin1");
    expect(raw.match(/\/Subtype \/Image/g) ?? []).toHaveLength(1);
    expect(raw).toMatch(/\/Filter \/DCTDecode/);

    expectError(await outsider.get(`/pages/${page}/review-summary`), 404, "NOT_FOUND");
    expectError(await viewer.get(`/pages/${page}/review-summary?format=docx`), 400, "VALIDATION_FAILED");
  });
});
