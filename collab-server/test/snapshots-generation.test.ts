import { type PanelShape, pageDocumentName, SESSION_COOKIE } from "@comic-studio/shared";
import type { TLShapeId } from "@tldraw/tlschema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APP_ORIGIN,
  connect,
  connectEditor,
  createFixture,
  type Fixture,
  panelsOf,
  sleep,
  startCollab,
  type TestCollab,
  waitFor,
} from "./helpers.ts";

let fixture: Fixture;
let collab: TestCollab;

beforeAll(async () => {
  fixture = await createFixture("snap");
  collab = await startCollab(fixture);
});
afterAll(async () => {
  await collab?.stop();
  await fixture?.close();
});

function api(path: string, token: string, init: RequestInit = {}) {
  return fetch(`${collab.running.httpUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      ...(init.headers ?? {}),
    },
  });
}

describe("health", () => {
  it("reports Postgres and Redis", async () => {
    const res = await fetch(`${collab.running.httpUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      checks: { postgres: { ok: true }, redis: { ok: true } },
    });
  });
});

describe("snapshots", () => {
  it("takes, lists and restores a snapshot; the restore is a live edit", async () => {
    const pageId = await fixture.createPage("3-panel");
    const editor = await connectEditor(collab.running.url, pageId, { token: fixture.users.editor.token });
    const watcher = connect(collab.running.url, pageId, { token: fixture.users.viewer.token });
    await watcher.synced();

    const taken = await api(`/collab/pages/${pageId}/snapshots`, fixture.users.editor.token, {
      method: "POST",
      body: JSON.stringify({ label: "three panels" }),
    });
    expect(taken.status).toBe(201);
    const { snapshot } = (await taken.json()) as { snapshot: { id: string; label: string } };
    expect(snapshot.label).toBe("three panels");

    const victims = panelsOf(editor.doc)
      .slice(0, 2)
      .map((p) => p.id as TLShapeId);
    editor.store.remove(victims);
    editor.flush();
    await waitFor(() => panelsOf(watcher.doc).length === 1, 5_000, "deletes to reach the watcher");

    const viewerRestore = await api(
      `/collab/pages/${pageId}/snapshots/${snapshot.id}/restore`,
      fixture.users.viewer.token,
      {
        method: "POST",
      },
    );
    expect(viewerRestore.status).toBe(403);
    expect(((await viewerRestore.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");

    const restored = await api(
      `/collab/pages/${pageId}/snapshots/${snapshot.id}/restore`,
      fixture.users.editor.token,
      {
        method: "POST",
      },
    );
    expect(restored.status).toBe(200);
    await waitFor(() => panelsOf(watcher.doc).length === 3, 5_000, "restore to reach the watcher");
    await waitFor(
      () =>
        editor.store.allRecords().filter((r) => r.typeName === "shape" && r.type === "panel").length === 3,
    );

    const listed = await api(`/collab/pages/${pageId}/snapshots`, fixture.users.viewer.token);
    expect(listed.status).toBe(200);
    const { snapshots } = (await listed.json()) as { snapshots: { label: string }[] };
    expect(snapshots.map((s) => s.label)).toEqual([`before restore of ${snapshot.id}`, "three panels"]);
    editor.destroy();
    watcher.destroy();
  });

  it("refuses strangers, bad ids and cross-site cookie posts with the error contract", async () => {
    const pageId = await fixture.createPage("1-panel");
    const outsider = await api(`/collab/pages/${pageId}/snapshots`, fixture.users.outsider.token);
    expect(outsider.status).toBe(404);
    expect(await outsider.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect((await fetch(`${collab.running.httpUrl}/collab/pages/${pageId}/snapshots`)).status).toBe(401);
    const bad = await api(
      `/collab/pages/${pageId}/snapshots/not-a-uuid/restore`,
      fixture.users.editor.token,
      {
        method: "POST",
      },
    );
    expect(bad.status).toBe(404);
    const csrf = await fetch(`${collab.running.httpUrl}/collab/pages/${pageId}/snapshots`, {
      method: "POST",
      headers: { cookie: `${SESSION_COOKIE}=${fixture.users.editor.token}`, origin: "https://evil.example" },
    });
    expect(csrf.status).toBe(403);
    const ok = await fetch(`${collab.running.httpUrl}/collab/pages/${pageId}/snapshots`, {
      method: "POST",
      headers: { cookie: `${SESSION_COOKIE}=${fixture.users.editor.token}`, origin: APP_ORIGIN },
    });
    expect(ok.status).toBe(201);
    const invalid = await api(`/collab/pages/${pageId}/snapshots`, fixture.users.editor.token, {
      method: "POST",
      body: JSON.stringify({ label: 42 }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
  });
});

describe("generation state in panels", () => {
  it("writes queued, running and done into the panel; replays change nothing; clients see each step", async () => {
    const pageId = await fixture.createPage("2-panel");
    const client = connect(collab.running.url, pageId, { token: fixture.users.viewer.token });
    await client.synced();
    const panel = panelsOf(client.doc)[0]!;
    const generationId = crypto.randomUUID();
    const seen: string[] = [];
    client.doc.on("update", () => {
      const p = panelsOf(client.doc).find((x) => x.id === panel.id);
      const g = p?.props.generation;
      if (g) seen.push(`${g.status}:${g.progress}`);
    });
    const base = { generationId, requestedAtMs: Date.now() };
    expect(
      await collab.applyPanelGenerationState(pageId, panel.id, {
        ...base,
        status: "queued",
        queuePosition: 2,
      }),
    ).toBe("applied");
    await waitFor(() => seen.at(-1) === "queued:0", 5_000, "queued to reach the client");
    expect(
      await collab.applyPanelGenerationState(pageId, panel.id, {
        ...base,
        status: "running",
        progress: 0.5,
        previewUrl: "/p.png",
      }),
    ).toBe("applied");
    await waitFor(() => seen.at(-1) === "running:0.5", 5_000, "running to reach the client");
    const done = {
      ...base,
      status: "done" as const,
      variations: [
        { url: "/v1.png", score: 0.7 },
        { url: "/v2.png", score: 0.9 },
      ],
      bestIndex: 1,
    };
    expect(await collab.applyPanelGenerationState(pageId, panel.id, done)).toBe("applied");
    expect(await collab.applyPanelGenerationState(pageId, panel.id, done)).toBe("unchanged");
    expect(
      await collab.applyPanelGenerationState(pageId, panel.id, { ...base, status: "running", progress: 0.6 }),
    ).toBe("unchanged");
    expect(await collab.applyPanelGenerationState(pageId, "shape:nope", done)).toBe("missing-shape");
    await waitFor(() => seen.at(-1) === "done:1", 5_000, "done to reach the client");
    expect(seen).toEqual(["queued:0", "running:0.5", "done:1"]);
    const final = panelsOf(client.doc).find((x) => x.id === panel.id) as PanelShape;
    expect(final.props.generation).toMatchObject({ bestIndex: 1, previewUrl: "/p.png" });

    expect(await collab.setPanelImage(pageId, panel.id, "/v2.png")).toBe("applied");
    await waitFor(() => panelsOf(client.doc).find((x) => x.id === panel.id)?.props.imageUrl === "/v2.png");
    client.destroy();
  });

  it("writes into a page nobody has open: loaded, edited, stored, unloaded", async () => {
    const pageId = await fixture.createPage("1-panel");
    const reader = connect(collab.running.url, pageId, { token: fixture.users.viewer.token });
    await reader.synced();
    const panel = panelsOf(reader.doc)[0]!;
    reader.destroy();
    await waitFor(() => !collab.hocuspocus.documents.has(pageDocumentName(pageId)), 5_000, "unload");
    const result = await collab.applyPanelGenerationState(pageId, panel.id, {
      generationId: crypto.randomUUID(),
      requestedAtMs: Date.now(),
      status: "failed",
      error: "The engine is out of memory.",
    });
    expect(result).toBe("applied");
    await waitFor(
      () => !collab.hocuspocus.documents.has(pageDocumentName(pageId)),
      10_000,
      "unload after store",
    );
    await sleep(50);
    const again = connect(collab.running.url, pageId, { token: fixture.users.viewer.token });
    await again.synced();
    expect(panelsOf(again.doc)[0]!.props.generation).toMatchObject({
      status: "failed",
      error: "The engine is out of memory.",
    });
    again.destroy();
  });
});
