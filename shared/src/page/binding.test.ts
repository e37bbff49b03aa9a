import { reverseRecordsDiff } from "@tldraw/store";
import type { TLRecord, TLShapeId, TLStore } from "@tldraw/tlschema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { PageDocumentBinding } from "./binding.ts";
import { pageSchema } from "./schema.ts";
import type { PanelShape } from "./shapes.ts";
import { createHeadlessPageStore } from "./store.ts";
import { buildPageDocument, makePanelShape } from "./templates.ts";
import {
  META_SCHEMA,
  metaMap,
  readAllRecords,
  recordsMap,
  writeDocumentSchema,
  writeRecord,
} from "./ydoc.ts";

let n = 0;
const newPanelId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;

function seededDoc(template: "4-panel" | "blank" = "4-panel"): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const r of buildPageDocument({ template, trimWidthMm: 170, trimHeightMm: 260, newPanelId })) {
      writeRecord(recordsMap(doc), r);
    }
    writeDocumentSchema(doc, pageSchema().serialize());
  });
  return doc;
}

/** Two Y.Docs that exchange every update, like two providers on one server. */
function linked(a: Y.Doc, b: Y.Doc): { bytes: () => number } {
  let bytes = 0;
  a.on("update", (u: Uint8Array, origin: unknown) => {
    if (origin !== "net") {
      bytes += u.byteLength;
      Y.applyUpdate(b, u, "net");
    }
  });
  b.on("update", (u: Uint8Array, origin: unknown) => {
    if (origin !== "net") {
      bytes += u.byteLength;
      Y.applyUpdate(a, u, "net");
    }
  });
  return { bytes: () => bytes };
}

function client(doc: Y.Doc, writeMode?: "fields" | "records") {
  const store = createHeadlessPageStore();
  const binding = new PageDocumentBinding(store, doc, { writeMode });
  const comparison = binding.start();
  return { store, binding, comparison };
}

const flush = (store: TLStore) => (store as unknown as { _flushHistory(): void })._flushHistory();
const panels = (store: TLStore) =>
  store
    .allRecords()
    .filter((r): r is PanelShape => r.typeName === "shape" && r.type === "panel")
    .sort((a, b) => a.id.localeCompare(b.id));
const docRecords = (store: TLStore) =>
  store
    .allRecords()
    .filter((r) => store.scopedTypes.document.has(r.typeName))
    .sort((a, b) => a.id.localeCompare(b.id));

describe("PageDocumentBinding", () => {
  it("loads the document into the store and syncs creates, moves and deletes both ways", () => {
    const server = seededDoc();
    const docA = new Y.Doc();
    Y.applyUpdate(docA, Y.encodeStateAsUpdate(server));
    const docB = new Y.Doc();
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(server));
    linked(docA, docB);
    const a = client(docA);
    const b = client(docB);
    expect(a.comparison).toBe("same");
    expect(panels(a.store)).toHaveLength(4);

    const first = panels(a.store)[0]!;
    a.store.update(first.id, (r) => ({ ...r, x: r.x + 50 }));
    const added = makePanelShape({
      panelId: newPanelId(),
      rect: { x: 10, y: 10, w: 100, h: 80 },
      index: "a9" as never,
    });
    a.store.put([added]);
    flush(a.store);
    expect(b.store.get(first.id)?.x).toBe(first.x + 50);
    expect(b.store.get(added.id)).toEqual(added);

    b.store.remove([added.id]);
    flush(b.store);
    expect(a.store.get(added.id)).toBeUndefined();
    expect(docRecords(a.store)).toEqual(docRecords(b.store));
  });

  it("never echoes remote changes back into the document", () => {
    const server = seededDoc();
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    Y.applyUpdate(docA, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(server));
    linked(docA, docB);
    const a = client(docA);
    const b = client(docB);
    const id = panels(a.store)[0]!.id;
    a.store.update(id, (r) => ({ ...r, y: 123 }));
    flush(a.store);
    flush(b.store);
    expect(b.binding.stats.localTransactions).toBe(0);
    expect(b.binding.stats.remoteRecordsApplied).toBe(1);
  });

  it("writes only changed fields: a move costs far fewer bytes than rewriting the record", () => {
    const measure = (mode: "fields" | "records") => {
      const server = seededDoc();
      const docA = new Y.Doc();
      const docB = new Y.Doc();
      Y.applyUpdate(docA, Y.encodeStateAsUpdate(server));
      Y.applyUpdate(docB, Y.encodeStateAsUpdate(server));
      const wire = linked(docA, docB);
      const a = client(docA, mode);
      const b = client(docB, mode);
      const id = panels(a.store)[0]!.id;
      for (let i = 1; i <= 20; i++) {
        a.store.update(id, (r) => ({ ...r, x: r.x + i, y: r.y + i }));
        flush(a.store);
      }
      expect(b.store.get(id)).toEqual(a.store.get(id));
      return wire.bytes() / 20;
    };
    const fields = measure("fields");
    const records = measure("records");
    expect(fields).toBeLessThan(records / 3);
  });

  it("undoing a local change (the reverse diff, as tldraw's history applies it) reaches the other client", () => {
    const server = seededDoc();
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    Y.applyUpdate(docA, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(server));
    linked(docA, docB);
    const a = client(docA);
    const b = client(docB);
    const id = panels(a.store)[1]!.id;
    const before = a.store.get(id)!;
    const diff = a.store.extractingChanges(() => a.store.update(id, (r) => ({ ...r, x: 400 })));
    flush(a.store);
    expect(b.store.get(id)?.x).toBe(400);
    a.store.applyDiff(reverseRecordsDiff(diff));
    flush(a.store);
    expect(b.store.get(id)).toEqual(before);
  });

  it("migrates records of an older document and stops on a newer one", () => {
    const older = seededDoc("blank");
    const schema = pageSchema().serialize();
    const oldSchema = { ...schema, sequences: { ...schema.sequences } };
    delete (oldSchema.sequences as Record<string, number>)["com.tldraw.shape.panel"];
    metaMap(older).set(META_SCHEMA, oldSchema);
    const a = client(older);
    expect(a.comparison).toBe("document-older");
    expect(metaMap(older).get(META_SCHEMA)).toEqual(schema);

    const newer = seededDoc("blank");
    metaMap(newer).set(META_SCHEMA, {
      ...schema,
      sequences: { ...schema.sequences, "com.example.future": 3 },
    });
    let outdated = 0;
    const store = createHeadlessPageStore();
    const binding = new PageDocumentBinding(store, newer, { onOutdated: () => outdated++ });
    expect(binding.start()).toBe("document-newer");
    expect(outdated).toBe(1);
    expect(store.allRecords()).toHaveLength(0);
  });

  it("goes outdated when another client writes a newer schema while bound", () => {
    const doc = seededDoc("blank");
    let outdated = 0;
    const store = createHeadlessPageStore();
    const binding = new PageDocumentBinding(store, doc, { onOutdated: () => outdated++ });
    binding.start();
    const schema = pageSchema().serialize();
    metaMap(doc).set(META_SCHEMA, { ...schema, sequences: { ...schema.sequences, "com.example.future": 1 } });
    expect(outdated).toBe(1);
    expect(binding.status).toBe("outdated");
  });

  it("leaves out invalid records from the document instead of failing", () => {
    const doc = seededDoc("blank");
    const bad: Record<string, unknown> = {
      ...makePanelShape({ panelId: newPanelId(), rect: { x: 0, y: 0, w: 10, h: 10 }, index: "a5" as never }),
    };
    (bad.props as Record<string, unknown>).border = "sparkly";
    writeRecord(recordsMap(doc), bad as { id: string });
    const invalid: string[] = [];
    const store = createHeadlessPageStore();
    new PageDocumentBinding(store, doc, { onInvalidRecord: (id) => invalid.push(id) }).start();
    expect(invalid).toEqual([bad.id]);
    expect(store.get(bad.id as TLShapeId)).toBeUndefined();
  });

  it("the Y.Doc holds exactly the store's document records", () => {
    const doc = seededDoc();
    const a = client(doc);
    const fromDoc = readAllRecords(doc).sort((x, y) => x.id.localeCompare(y.id));
    expect(fromDoc).toEqual(docRecords(a.store) as unknown as TLRecord[]);
  });
});
