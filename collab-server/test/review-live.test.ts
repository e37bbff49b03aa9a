import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiConfigSchema, createApiServer, LocalDiskStorage, type RunningApi } from "@comic-studio/api";
import { createLogger, createRedis, TEST_REDIS_URL } from "@comic-studio/infra";
import {
  type CommentMessage,
  type CommentThread,
  decodeReviewMessage,
  pageDocumentName,
  type ReviewEvent,
} from "@comic-studio/shared";
import type { TLRecord } from "@tldraw/tlschema";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import {
  APP_ORIGIN,
  connect,
  connectEditor,
  createFixture,
  type Fixture,
  panelsOf,
  sleep,
  startCollab,
  type TestClient,
  type TestCollab,
  type TestUser,
  waitFor,
} from "./helpers.ts";

// Comments live beside a read-only canvas: a commenter's (and a viewer's) connection to the
// page document is read-only, yet review events written through the api reach it, on every
// collab-server instance, as stateless messages. The server refuses the same commenter's
// canvas writes. Real Postgres, Redis, api (Express, in process) and WebSockets.

/** Review events must reach every connection of the page within this time. */
const LIVE_WITHIN_MS = 1_000;

let fixture: Fixture;
let a: TestCollab;
let b: TestCollab;
let api: RunningApi;
let apiUrl: string;
let apiRedis: Redis;
let storageDir: string;
const latenciesMs: number[] = [];

async function call<T>(user: TestUser, method: string, path: string, body?: unknown) {
  const res = await fetch(`${apiUrl}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${user.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

interface Listener {
  client: TestClient;
  events: { event: ReviewEvent; at: number }[];
}

function listen(client: TestClient): Listener {
  const events: Listener["events"] = [];
  client.provider.on("stateless", ({ payload }: { payload: string }) => {
    const event = decodeReviewMessage(payload);
    if (event) events.push({ event, at: Date.now() });
  });
  return { client, events };
}

/** Waits for a matching event on a connection; records how long after `since` it came. */
async function received(
  listener: Listener,
  match: (e: ReviewEvent) => boolean,
  since: number,
  what: string,
): Promise<ReviewEvent> {
  await waitFor(() => listener.events.some((e) => match(e.event)), 5_000, what);
  const hit = listener.events.find((e) => match(e.event))!;
  const latency = hit.at - since;
  latenciesMs.push(latency);
  expect(latency, `${what} arrived after ${latency} ms`).toBeLessThan(LIVE_WITHIN_MS);
  return hit.event;
}

/** A modified client writes straight into its Y.Doc: the provider sends it as an update. */
function tamper(doc: Y.Doc): void {
  const records = doc.getMap<Y.Map<unknown>>("records");
  doc.transact(() => {
    for (const key of [...records.keys()]) records.delete(key);
  });
}

beforeAll(async () => {
  fixture = await createFixture("review-live");
  a = await startCollab(fixture, { INSTANCE_NAME: "collab-a" });
  b = await startCollab(fixture, { INSTANCE_NAME: "collab-b" });
  apiRedis = createRedis(TEST_REDIS_URL);
  storageDir = await mkdtemp(join(tmpdir(), "cs-review-live-"));
  const config = apiConfigSchema.parse({
    NODE_ENV: "test",
    DATABASE_URL: fixture.db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: fixture.prefix,
    APP_ORIGIN,
    STORAGE_DIR: storageDir,
    LOG_LEVEL: "silent",
    RESERVATION_SWEEP_MS: "0",
  });
  const server = createApiServer(config, {
    sql: fixture.db.sql,
    redis: apiRedis,
    logger: createLogger("api-test", "silent"),
    storage: new LocalDiskStorage(storageDir),
  });
  api = await server.listen(0, "127.0.0.1");
  apiUrl = `http://127.0.0.1:${api.port}`;
});

afterAll(async () => {
  await api?.close();
  await a?.stop();
  await b?.stop();
  apiRedis?.disconnect();
  await fixture?.close();
  if (storageDir) await rm(storageDir, { recursive: true, force: true });
  if (latenciesMs.length > 0) {
    const sorted = [...latenciesMs].sort((x, y) => x - y);
    const p50 = sorted[Math.floor(sorted.length / 2)];
    console.info(`review events: ${sorted.length} deliveries, p50 ${p50} ms, max ${sorted.at(-1)} ms`);
  }
});

describe("review events over the page connection", () => {
  it("a commenter creates, replies to and resolves threads live, while the server refuses their canvas writes", async () => {
    const pageId = await fixture.createPage("4-panel");
    const { commenter, editor } = fixture.users;
    const watcher = connect(a.running.url, pageId, { token: commenter.token });
    await watcher.synced();
    expect(watcher.scope()).toBe("readonly");
    const live = listen(watcher);
    const panelCount = panelsOf(watcher.doc).length;
    expect(panelCount).toBe(4);
    const shapeId = panelsOf(watcher.doc)[0]!.id;

    let since = Date.now();
    const created = await call<{ thread: CommentThread }>(commenter, "POST", `/pages/${pageId}/threads`, {
      anchor: { kind: "shape", shapeId, offset: { x: 0.5, y: 0.5 } },
      body: "Can we see her face here?",
    });
    expect(created.status).toBe(201);
    const threadId = created.body.thread.id;
    const first = await received(
      live,
      (e) => e.type === "thread-created" && e.thread.id === threadId,
      since,
      "thread-created",
    );
    expect(first).toMatchObject({
      pageId,
      thread: { anchor: { shapeId }, messages: [{ body: "Can we see her face here?" }] },
    });

    since = Date.now();
    const reply = await call<{ message: CommentMessage }>(editor, "POST", `/threads/${threadId}/messages`, {
      body: "Moving the camera.",
    });
    expect(reply.status).toBe(201);
    await received(
      live,
      (e) => e.type === "message-created" && e.message.id === reply.body.message.id,
      since,
      "editor's reply",
    );

    since = Date.now();
    const own = await call<{ message: CommentMessage }>(commenter, "POST", `/threads/${threadId}/messages`, {
      body: "Thanks!",
    });
    expect(own.status).toBe(201);
    await received(
      live,
      (e) => e.type === "message-created" && e.message.id === own.body.message.id,
      since,
      "commenter's reply",
    );

    // The same commenter, on the same connection, writes to the canvas: the server drops it.
    tamper(watcher.doc);
    expect(panelsOf(watcher.doc)).toHaveLength(0);
    await sleep(400);
    const serverDoc = a.hocuspocus.documents.get(pageDocumentName(pageId))!;
    expect(panelsOf(serverDoc)).toHaveLength(panelCount);
    const fresh = connect(b.running.url, pageId, { token: editor.token });
    await fresh.synced();
    expect(panelsOf(fresh.doc)).toHaveLength(panelCount);
    fresh.destroy();

    // ...and the comment channel still works for them after the refused write.
    since = Date.now();
    const resolved = await call<{ thread: CommentThread }>(commenter, "POST", `/threads/${threadId}/resolve`);
    expect(resolved.status).toBe(200);
    await received(
      live,
      (e) => e.type === "thread-updated" && e.change === "resolved" && e.thread.id === threadId,
      since,
      "thread resolved",
    );
    watcher.destroy();
  });

  it("a viewer receives the events but can neither comment nor change the canvas", async () => {
    const pageId = await fixture.createPage("2-panel");
    const { viewer, commenter } = fixture.users;
    const watcher = connect(a.running.url, pageId, { token: viewer.token });
    await watcher.synced();
    expect(watcher.scope()).toBe("readonly");
    const live = listen(watcher);
    const shapeId = panelsOf(watcher.doc)[0]!.id;
    const anchor = { kind: "shape", shapeId, offset: { x: 0.1, y: 0.9 } };

    const refused = await call<{ error: { code: string } }>(viewer, "POST", `/pages/${pageId}/threads`, {
      anchor,
      body: "I would like to say something",
    });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    const since = Date.now();
    const created = await call<{ thread: CommentThread }>(commenter, "POST", `/pages/${pageId}/threads`, {
      anchor,
      body: "Viewer should see this",
    });
    const threadId = created.body.thread.id;
    await received(
      live,
      (e) => e.type === "thread-created" && e.thread.id === threadId,
      since,
      "viewer live",
    );
    for (const [method, path, body] of [
      ["POST", `/threads/${threadId}/messages`, { body: "me too" }],
      ["POST", `/threads/${threadId}/resolve`, undefined],
    ] as const) {
      const answer = await call<{ error: { code: string } }>(viewer, method, path, body);
      expect(answer).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    }
    tamper(watcher.doc);
    await sleep(400);
    expect(panelsOf(a.hocuspocus.documents.get(pageDocumentName(pageId))!)).toHaveLength(2);
    // Nothing was written, so nothing but the creation reached the page.
    expect(live.events.map((e) => e.event.type)).toEqual(["thread-created"]);
    watcher.destroy();
  });

  it("every collab-server instance delivers the events to its own connections", async () => {
    const pageId = await fixture.createPage("3-panel");
    const { commenter, viewer, owner } = fixture.users;
    const onA = connect(a.running.url, pageId, { token: commenter.token });
    const onB = connect(b.running.url, pageId, { token: viewer.token });
    const ownerOnB = connect(b.running.url, pageId, { token: owner.token });
    await Promise.all([onA.synced(), onB.synced(), ownerOnB.synced()]);
    const listeners = [listen(onA), listen(onB), listen(ownerOnB)];

    const since = Date.now();
    const created = await call<{ thread: CommentThread }>(commenter, "POST", `/pages/${pageId}/threads`, {
      anchor: { kind: "point", x: 40, y: 60 },
      body: "Both instances?",
    });
    const threadId = created.body.thread.id;
    for (const listener of listeners) {
      await received(
        listener,
        (e) => e.type === "thread-created" && e.thread.id === threadId,
        since,
        "on each instance",
      );
    }
    const started = await call<{ session: { id: string } }>(
      owner,
      "POST",
      `/pages/${pageId}/review-sessions`,
      {},
    );
    expect(started.status).toBe(201);
    for (const listener of listeners) {
      await waitFor(
        () => listener.events.some((e) => e.event.type === "session-started"),
        5_000,
        "session-started everywhere",
      );
    }
    // Exactly once per connection: instances relay, they do not re-broadcast to each other.
    await sleep(300);
    for (const listener of listeners) {
      expect(listener.events.filter((e) => e.event.type === "thread-created")).toHaveLength(1);
    }
    await call(owner, "POST", `/review-sessions/${started.body.session.id}/end`, { outcome: "approved" });
    await waitFor(
      () => listeners[1]!.events.some((e) => e.event.type === "session-ended"),
      5_000,
      "session-ended",
    );
    for (const c of [onA, onB, ownerOnB]) c.destroy();
  });
});

describe("detached pins", () => {
  it("marks a thread detached when its shape is deleted, keeps it readable, and attaches it again when the shape returns", async () => {
    const pageId = await fixture.createPage("4-panel");
    const { commenter, editor } = fixture.users;
    const editing = await connectEditor(a.running.url, pageId, { token: editor.token });
    const watcher = connect(b.running.url, pageId, { token: commenter.token });
    await watcher.synced();
    const live = listen(watcher);
    const shape = panelsOf(editing.doc)[1]!;
    const created = await call<{ thread: CommentThread }>(commenter, "POST", `/pages/${pageId}/threads`, {
      anchor: { kind: "shape", shapeId: shape.id, offset: { x: 0.2, y: 0.3 } },
      body: "This panel feels empty",
    });
    const threadId = created.body.thread.id;
    expect(created.body.thread.detached).toBe(false);

    const record = editing.store.get(shape.id as TLRecord["id"])!;
    let since = Date.now();
    editing.store.remove([record.id]);
    editing.flush();
    const detached = await received(
      live,
      (e) => e.type === "thread-updated" && e.change === "detached" && e.thread.id === threadId,
      since,
      "detached",
    );
    expect(detached).toMatchObject({ thread: { detached: true, status: "open" } });
    const read = await call<{ thread: CommentThread }>(commenter, "GET", `/threads/${threadId}`);
    expect(read.body.thread).toMatchObject({
      detached: true,
      messages: [{ body: "This panel feels empty" }],
    });
    const reply = await call(commenter, "POST", `/threads/${threadId}/messages`, { body: "still here" });
    expect(reply.status).toBe(201);

    since = Date.now();
    editing.store.put([record]);
    editing.flush();
    await received(
      live,
      (e) => e.type === "thread-updated" && e.change === "reattached" && e.thread.id === threadId,
      since,
      "reattached",
    );
    const back = await call<{ thread: CommentThread }>(commenter, "GET", `/threads/${threadId}`);
    expect(back.body.thread.detached).toBe(false);
    // Moving the shape is no deletion: nothing changes.
    editing.store.update(record.id, (r) => ({ ...r, x: (r as { x: number }).x + 50 }) as TLRecord);
    editing.flush();
    await sleep(600);
    expect(
      live.events.filter((e) => e.event.type === "thread-updated" && e.event.thread.id === threadId),
    ).toHaveLength(2);

    // A thread opened on a shape that is already gone is detached at once.
    since = Date.now();
    const ghost = await call<{ thread: CommentThread }>(commenter, "POST", `/pages/${pageId}/threads`, {
      anchor: { kind: "shape", shapeId: "shape:deleted-meanwhile", offset: { x: 0.5, y: 0.5 } },
      body: "Where did it go?",
    });
    expect(ghost.status).toBe(201);
    await received(
      live,
      (e) => e.type === "thread-updated" && e.change === "detached" && e.thread.id === ghost.body.thread.id,
      since,
      "ghost detached",
    );
    watcher.destroy();
    editing.destroy();
  });
});
