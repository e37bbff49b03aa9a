import { COLLAB_CLOSE, pageDocumentName, SESSION_COOKIE } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  APP_ORIGIN,
  connect,
  createFixture,
  type Fixture,
  panelsOf,
  SCHEMA_VERSION,
  sleep,
  startCollab,
  type TestCollab,
  waitFor,
} from "./helpers.ts";

let fixture: Fixture;
let collab: TestCollab;
let pageId: string;

beforeAll(async () => {
  fixture = await createFixture("auth");
  collab = await startCollab(fixture);
  pageId = await fixture.createPage("4-panel");
});
afterAll(async () => {
  await collab?.stop();
  await fixture?.close();
});

describe("collab-server auth", () => {
  it("refuses a connection without a session, or with a bad one", async () => {
    for (const token of ["", "notavalidtokenatallnotavalid"]) {
      const client = connect(collab.running.url, pageId, { token });
      await waitFor(() => client.authFailures.length > 0, 5_000, "refusal");
      expect(client.authFailures[0]).toBe(COLLAB_CLOSE.unauthenticated.reason);
      expect(client.provider.isSynced).toBe(false);
      client.destroy();
    }
  });

  it("refuses non-members, unknown pages and names that are not pages", async () => {
    const outsider = connect(collab.running.url, pageId, { token: fixture.users.outsider.token });
    await waitFor(() => outsider.authFailures.length > 0, 5_000, "refusal");
    expect(outsider.authFailures[0]).toBe(COLLAB_CLOSE.forbidden.reason);
    expect(panelsOf(outsider.doc)).toHaveLength(0);
    outsider.destroy();

    const missing = connect(collab.running.url, crypto.randomUUID(), { token: fixture.users.owner.token });
    await waitFor(() => missing.authFailures.length > 0, 5_000, "refusal");
    expect(missing.authFailures[0]).toBe(COLLAB_CLOSE.notFound.reason);
    missing.destroy();
  });

  it("refuses a client whose schema is older than the server's", async () => {
    const old = connect(collab.running.url, pageId, {
      token: fixture.users.owner.token,
      schemaVersion: SCHEMA_VERSION - 1,
    });
    await waitFor(() => old.authFailures.length > 0, 5_000, "refusal");
    expect(old.authFailures[0]).toBe(COLLAB_CLOSE.clientOutdated.reason);
    old.destroy();
  });

  it("accepts the session cookie from the app's origin only", async () => {
    const cookie = `${SESSION_COOKIE}=${fixture.users.editor.token}`;
    const good = connect(collab.running.url, pageId, { headers: { cookie, origin: APP_ORIGIN } });
    await good.synced();
    expect(good.scope()).toBe("read-write");
    good.destroy();

    const evil = connect(collab.running.url, pageId, { headers: { cookie, origin: "https://evil.example" } });
    await waitFor(() => evil.authFailures.length > 0, 5_000, "refusal");
    expect(evil.authFailures[0]).toBe(COLLAB_CLOSE.forbidden.reason);
    evil.destroy();
  });

  it("serves the page read-only to commenters and viewers: updates they send change nothing", async () => {
    const editor = connect(collab.running.url, pageId, { token: fixture.users.editor.token });
    await editor.synced();
    expect(editor.scope()).toBe("read-write");
    const before = panelsOf(editor.doc).length;
    expect(before).toBe(4);

    for (const role of ["commenter", "viewer"] as const) {
      const raw = connect(collab.running.url, pageId, { token: fixture.users[role].token });
      await raw.synced();
      expect(raw.scope()).toBe("readonly");
      // A modified client: writes straight into its Y.Doc, which the provider sends as updates.
      const records = raw.doc.getMap<Y.Map<unknown>>("records");
      raw.doc.transact(() => {
        for (const key of [...records.keys()]) records.delete(key);
        const evil = new Y.Map<unknown>();
        evil.set("id", "shape:evil");
        records.set("shape:evil", evil);
      });
      expect(panelsOf(raw.doc)).toHaveLength(0);
      await sleep(500);
      raw.destroy();
    }

    // The editor, the server's document and a fresh reader still have every panel.
    expect(panelsOf(editor.doc)).toHaveLength(before);
    const live = collab.hocuspocus.documents.get(pageDocumentName(pageId))!;
    expect(panelsOf(live)).toHaveLength(before);
    expect(live.getMap("records").has("shape:evil")).toBe(false);
    const fresh = connect(collab.running.url, pageId, { token: fixture.users.viewer.token });
    await fresh.synced();
    expect(panelsOf(fresh.doc)).toHaveLength(before);
    fresh.destroy();
    editor.destroy();
  });

  it("a removed member is disconnected within seconds and cannot come back", async () => {
    const editor = connect(collab.running.url, pageId, { token: fixture.users.editor.token });
    await editor.synced();
    await fixture.setRole(fixture.users.editor.id, null);
    await waitFor(() => editor.closes.length > 0, 5_000, "close");
    expect(editor.closes[0]).toEqual({
      code: COLLAB_CLOSE.membershipRevoked.code,
      reason: COLLAB_CLOSE.membershipRevoked.reason,
    });
    await waitFor(() => editor.authFailures.length > 0, 5_000, "refusal on reconnect");
    expect(editor.authFailures[0]).toBe(COLLAB_CLOSE.forbidden.reason);
    editor.destroy();
    await fixture.setRole(fixture.users.editor.id, "editor").catch(async () => {
      await fixture.db.sql`insert into project_members (project_id, user_id, role)
                           values (${fixture.projectId}, ${fixture.users.editor.id}, 'editor')`;
    });
  });

  it("a downgrade to viewer makes the connection read-only within seconds", async () => {
    const [row] = await fixture.db
      .sql`select role from project_members where user_id = ${fixture.users.editor.id}`;
    if (!row) {
      await fixture.db.sql`insert into project_members (project_id, user_id, role)
                           values (${fixture.projectId}, ${fixture.users.editor.id}, 'editor')`;
    }
    const editor = connect(collab.running.url, pageId, { token: fixture.users.editor.token });
    await editor.synced();
    expect(editor.scope()).toBe("read-write");
    await fixture.setRole(fixture.users.editor.id, "viewer");
    await waitFor(
      () => editor.closes.some((c) => c.reason === COLLAB_CLOSE.roleChanged.reason),
      5_000,
      "close",
    );
    await waitFor(
      () => editor.scope() === "readonly" && editor.provider.isSynced,
      5_000,
      "read-only reconnect",
    );
    const records = editor.doc.getMap<Y.Map<unknown>>("records");
    const victim = panelsOf(editor.doc)[0]!.id;
    editor.doc.transact(() => records.delete(victim));
    await sleep(400);
    const live = collab.hocuspocus.documents.get(pageDocumentName(pageId))!;
    expect(live.getMap("records").has(victim)).toBe(true);
    editor.destroy();
    await fixture.setRole(fixture.users.editor.id, "editor");
  });

  it("presence carries the authenticated user's id and name, whatever the client claims", async () => {
    const liar = connect(collab.running.url, pageId, { token: fixture.users.viewer.token });
    const watcher = connect(collab.running.url, pageId, { token: fixture.users.editor.token });
    await Promise.all([liar.synced(), watcher.synced()]);
    liar.provider.setAwarenessField("presence", {
      userId: `user:${fixture.users.owner.id}`,
      userName: "The Owner",
    });
    const seen = () =>
      [...watcher.provider.awareness!.getStates().values()]
        .map((state) => state.presence as { userId: string; userName: string } | undefined)
        .find((p) => p !== undefined);
    await waitFor(() => seen() !== undefined, 5_000, "presence to arrive");
    expect(seen()).toEqual({
      userId: `user:${fixture.users.viewer.id}`,
      userName: fixture.users.viewer.displayName,
    });
    liar.destroy();
    watcher.destroy();
  });

  it("a signed-out session ends the connection", async () => {
    const owner = connect(collab.running.url, pageId, { token: fixture.users.owner.token });
    await owner.synced();
    await fixture.db.sql`delete from sessions where user_id = ${fixture.users.owner.id}`;
    await waitFor(() => owner.closes.length > 0, 5_000, "close");
    expect(owner.closes[0]?.code).toBe(COLLAB_CLOSE.unauthenticated.code);
    owner.destroy();
  });
});
