import { type PanelShape, pageDocumentName } from "@comic-studio/shared";
import type { TLShapeId } from "@tldraw/tlschema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connect,
  connectEditor,
  createFixture,
  type Fixture,
  panelsOf,
  sleep,
  sortedRecords,
  startCollab,
  storedRecords,
  type TestCollab,
  waitFor,
} from "./helpers.ts";

let fixture: Fixture;
let collab: TestCollab;

beforeAll(async () => {
  fixture = await createFixture("persist");
  collab = await startCollab(fixture);
});
afterAll(async () => {
  await collab?.stop();
  await fixture?.close();
});

const panelRows = (pageId: string) =>
  fixture.db.sql<{ id: string; shape_id: string; position: number; deleted_at: Date | null }[]>`
    select id, shape_id, position, deleted_at from panels where page_id = ${pageId} order by position`;

describe("persistence", () => {
  it("seeds a new page from its template once, with a panels row per panel shape", async () => {
    const pageId = await fixture.createPage("6-panel");
    const a = connect(collab.running.url, pageId, { token: fixture.users.editor.token });
    const b = connect(collab.running.url, pageId, { token: fixture.users.owner.token });
    await Promise.all([a.synced(), b.synced()]);
    const panels = panelsOf(a.doc);
    expect(panels).toHaveLength(6);
    expect(sortedRecords(b.doc)).toEqual(sortedRecords(a.doc));
    let rows = await panelRows(pageId);
    for (let i = 0; i < 50 && rows.length < 6; i++) {
      await sleep(50);
      rows = await panelRows(pageId);
    }
    expect(rows.map((r) => r.id).sort()).toEqual(panels.map((p) => p.props.panelId).sort());
    expect(new Set(rows.map((r) => r.shape_id))).toEqual(new Set(panels.map((p) => p.id)));
    expect(rows.map((r) => r.position)).toEqual([0, 1, 2, 3, 4, 5]);
    a.destroy();
    b.destroy();
  });

  it("stores edits (debounced) and a fresh server loads them from Postgres", async () => {
    const pageId = await fixture.createPage("4-panel");
    const editor = await connectEditor(collab.running.url, pageId, { token: fixture.users.editor.token });
    const target = editor.store
      .allRecords()
      .find((r) => r.typeName === "shape" && r.type === "panel") as PanelShape;
    editor.store.update(target.id, (r) => ({ ...r, x: 333, y: 444 }));
    editor.flush();
    await waitFor(() => editor.provider.unsyncedChanges === 0, 5_000, "server ack");
    let stored = await storedRecords(fixture, pageId);
    for (let i = 0; i < 60 && JSON.stringify(stored) !== JSON.stringify(sortedRecords(editor.doc)); i++) {
      await sleep(50);
      stored = await storedRecords(fixture, pageId);
    }
    expect(stored).toEqual(sortedRecords(editor.doc));
    editor.destroy();

    const second = await startCollab(fixture);
    try {
      const fresh = connect(second.running.url, pageId, { token: fixture.users.viewer.token });
      await fresh.synced();
      expect(sortedRecords(fresh.doc)).toEqual(stored);
      expect(panelsOf(fresh.doc).find((p) => p.id === target.id)).toMatchObject({ x: 333, y: 444 });
      fresh.destroy();
    } finally {
      await second.stop();
    }
  });

  it("keeps panel rows in step: delete soft-deletes, undo restores, a pasted copy gets its own row", async () => {
    const pageId = await fixture.createPage("2-panel");
    const editor = await connectEditor(collab.running.url, pageId, { token: fixture.users.editor.token });
    const [first] = panelsOf(editor.doc);
    const original = editor.store.get(first!.id as TLShapeId) as PanelShape;

    editor.store.remove([original.id]);
    editor.flush();
    await waitForRows(pageId, (rows) => rows.find((r) => r.shape_id === original.id)?.deleted_at != null);

    editor.store.put([original]);
    editor.flush();
    await waitForRows(pageId, (rows) => rows.find((r) => r.shape_id === original.id)?.deleted_at === null);
    const restored = (await panelRows(pageId)).find((r) => r.shape_id === original.id)!;
    expect(restored.id).toBe(original.props.panelId);

    const copy: PanelShape = { ...original, id: "shape:pasted-copy" as TLShapeId, x: original.x + 40 };
    editor.store.put([copy]);
    editor.flush();
    await waitFor(
      () => {
        const p = editor.store.get(copy.id) as PanelShape | undefined;
        return !!p && p.props.panelId !== original.props.panelId;
      },
      5_000,
      "server gives the copy its own panel id",
    );
    const copied = editor.store.get(copy.id) as PanelShape;
    const rows = await panelRows(pageId);
    expect(rows.find((r) => r.shape_id === copy.id)?.id).toBe(copied.props.panelId);
    expect(rows.filter((r) => r.deleted_at === null)).toHaveLength(3);
    editor.destroy();
  });

  it("a failed store keeps the document in memory and is retried until it succeeds", async () => {
    const pageId = await fixture.createPage("1-panel");
    const name = pageDocumentName(pageId);
    const editor = await connectEditor(collab.running.url, pageId, { token: fixture.users.editor.token });
    await sleep(300);
    await fixture.db.sql`alter table yjs_documents rename to yjs_documents_away`;
    try {
      const panel = panelsOf(editor.doc)[0]!;
      editor.store.update(panel.id as TLShapeId, (r) => ({ ...r, x: 777 }));
      editor.flush();
      await waitFor(() => collab.persistence.pendingRetries > 0, 5_000, "a failed store");
      editor.destroy();
      await sleep(300);
      // No client is left, yet the unstored document stays loaded.
      expect(collab.hocuspocus.documents.has(name)).toBe(true);
    } finally {
      await fixture.db.sql`alter table yjs_documents_away rename to yjs_documents`;
    }
    await waitFor(() => collab.persistence.pendingRetries === 0, 10_000, "the retry to succeed");
    const stored = await storedRecords(fixture, pageId);
    expect(stored?.find((r) => r.type === "panel")?.x).toBe(777);
    await waitFor(() => !collab.hocuspocus.documents.has(name), 5_000, "unload after the retry");
  });
});

async function waitForRows(
  pageId: string,
  check: (rows: { id: string; shape_id: string; deleted_at: Date | null }[]) => boolean,
): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check(await panelRows(pageId))) return;
    await sleep(50);
  }
  throw new Error("panel rows never reached the expected state");
}
