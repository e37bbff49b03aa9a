import {
  buildPageDocument,
  makePanelShape,
  PageDocumentBinding,
  type PanelShape,
  pageSchema,
  recordsMap,
  writeDocumentSchema,
  writeRecord,
} from "@comic-studio/shared";
import {
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  HistoryManager,
  type TLRecord,
  type TLShapeId,
  type TLStore,
} from "tldraw";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { PAGE_SHAPE_UTILS } from "./shape-utils.ts";

// The binding as the browser runs it: tldraw's own createTLStore and HistoryManager, in Node.

function seeded(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const template = buildPageDocument({
      template: "2-panel",
      trimWidthMm: 170,
      trimHeightMm: 260,
      newPanelId: () => crypto.randomUUID(),
    });
    for (const r of template) writeRecord(recordsMap(doc), r);
    writeDocumentSchema(doc, pageSchema().serialize());
  });
  return doc;
}

function linkedPair() {
  const server = seeded();
  const docs = [new Y.Doc(), new Y.Doc()] as const;
  for (const d of docs) Y.applyUpdate(d, Y.encodeStateAsUpdate(server));
  for (const [from, to] of [docs, [docs[1], docs[0]]] as const) {
    from.on("update", (u: Uint8Array, origin: unknown) => {
      if (origin !== "net") Y.applyUpdate(to, u, "net");
    });
  }
  return docs.map((doc) => {
    const store = createTLStore({ schema: pageSchema() });
    new PageDocumentBinding<TLRecord>(store, doc).start();
    const history = new HistoryManager<TLRecord>({ store });
    return { doc, store, history };
  });
}

const flush = (store: TLStore) => (store as unknown as { _flushHistory(): void })._flushHistory();
const panels = (store: TLStore) =>
  store.allRecords().filter((r): r is PanelShape => r.typeName === "shape" && r.type === "panel");

describe("tldraw store <-> page document (Node, no DOM)", () => {
  it("the shape utils describe exactly the schema shared with collab-server", () => {
    const fromUtils = createTLStore({
      shapeUtils: [...defaultShapeUtils, ...PAGE_SHAPE_UTILS],
      bindingUtils: defaultBindingUtils,
    });
    expect(fromUtils.schema.serialize()).toEqual(pageSchema().serialize());
  });

  it("each user's undo reverts only their own change; the other user sees it", () => {
    const [a, b] = linkedPair() as [
      ReturnType<typeof linkedPair>[number],
      ReturnType<typeof linkedPair>[number],
    ];
    const [p1, p2] = panels(a.store);
    const mark = (h: HistoryManager<TLRecord>, id: string) =>
      (h as unknown as { _mark(id: string): void })._mark(id);

    mark(a.history, "a-move");
    a.store.update(p1!.id, (r) => ({ ...r, x: 500 }));
    flush(a.store);
    mark(b.history, "b-move");
    b.store.update(p2!.id, (r) => ({ ...r, y: 900 }));
    flush(b.store);
    expect(b.store.get(p1!.id)?.x).toBe(500);
    expect(a.store.get(p2!.id)?.y).toBe(900);

    a.history.undo();
    flush(a.store);
    // A's move is undone everywhere; B's move, a remote change for A, stays.
    expect(b.store.get(p1!.id)?.x).toBe(p1!.x);
    expect(a.store.get(p2!.id)?.y).toBe(900);
    expect(b.history.getNumUndos()).toBeGreaterThan(0);
    a.history.redo();
    flush(a.store);
    expect(b.store.get(p1!.id)?.x).toBe(500);
  });

  it("a panel drawn in one store appears in the other, and deleting it there removes it here", () => {
    const [a, b] = linkedPair() as [
      ReturnType<typeof linkedPair>[number],
      ReturnType<typeof linkedPair>[number],
    ];
    const drawn = makePanelShape({
      id: "shape:drawn" as TLShapeId,
      panelId: crypto.randomUUID(),
      rect: { x: 10, y: 10, w: 120, h: 80 },
      index: "a9" as never,
    });
    a.store.put([drawn]);
    flush(a.store);
    expect(b.store.get(drawn.id)).toEqual(drawn);
    b.store.remove([drawn.id]);
    flush(b.store);
    expect(a.store.get(drawn.id)).toBeUndefined();
  });
});
