import type { SerializedSchema } from "@tldraw/store";
import * as Y from "yjs";

// How a page lives in its Y.Doc (the layout every client and collab-server agree on):
//
//   doc.getMap("records")  record id -> Y.Map of the record's top-level fields
//                          (`props` and `meta` are nested Y.Maps, one key per prop),
//                          so moving a shape writes `x` and `y`, not the whole record;
//   doc.getMap("meta")     "schema" -> the tldraw SerializedSchema the records follow.
//
// Only document-scoped tldraw records live here; presence travels in Yjs awareness.

export const Y_RECORDS = "records";
export const Y_META = "meta";
export const META_SCHEMA = "schema";

/** Record fields stored as nested Y.Maps, so a change to one prop writes one key. */
const NESTED_FIELDS = new Set(["props", "meta"]);

export interface JsonRecord {
  id: string;
  typeName: string;
  [field: string]: unknown;
}

export type YRecord = Y.Map<unknown>;

export function recordsMap(doc: Y.Doc): Y.Map<YRecord> {
  return doc.getMap<YRecord>(Y_RECORDS);
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(Y_META);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  for (const k of ak) {
    if (
      !Object.hasOwn(b, k) ||
      !jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
    )
      return false;
  }
  return true;
}

function toYNested(value: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(value)) if (v !== undefined) map.set(k, v);
  return map;
}

/** A record as a new Y.Map (top-level fields; props and meta nested). */
export function toYRecord(record: object): YRecord {
  const map = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(record)) {
    if (v === undefined) continue;
    map.set(k, NESTED_FIELDS.has(k) && isPlainObject(v) ? toYNested(v) : v);
  }
  return map;
}

/** The JSON record a Y.Map holds. */
export function fromYRecord(map: YRecord): JsonRecord {
  const out: Record<string, unknown> = {};
  map.forEach((value, key) => {
    out[key] = value instanceof Y.Map ? value.toJSON() : value;
  });
  return out as JsonRecord;
}

export function readRecord(doc: Y.Doc, id: string): JsonRecord | undefined {
  const map = recordsMap(doc).get(id);
  return map ? fromYRecord(map) : undefined;
}

export function readAllRecords(doc: Y.Doc): JsonRecord[] {
  const out: JsonRecord[] = [];
  recordsMap(doc).forEach((map) => {
    out.push(fromYRecord(map));
  });
  return out;
}

/** Writes a whole record (creates or replaces its Y.Map). Call inside a transaction. */
export function writeRecord(records: Y.Map<YRecord>, record: object & { id: string }): void {
  records.set(record.id, toYRecord(record));
}

/**
 * Writes only what changed between `prev` and `next` of one record: changed top-level fields,
 * and for props/meta the changed keys. Returns how many keys were written. A record missing
 * from the map (removed concurrently) is written whole. Call inside a transaction.
 */
export function patchRecord(
  records: Y.Map<YRecord>,
  prev: object & { id: string },
  next: object & { id: string },
): number {
  const map = records.get(next.id);
  if (!map) {
    writeRecord(records, next);
    return 1;
  }
  const a = prev as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  let writes = 0;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === "id") continue;
    const before = a[key];
    const after = b[key];
    if (before === after) continue;
    if (after === undefined) {
      map.delete(key);
      writes++;
      continue;
    }
    if (NESTED_FIELDS.has(key) && isPlainObject(after)) {
      const nested = map.get(key);
      if (!(nested instanceof Y.Map) || !isPlainObject(before)) {
        map.set(key, toYNested(after));
        writes++;
        continue;
      }
      for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (after[k] === undefined) {
          if (before[k] !== undefined) {
            nested.delete(k);
            writes++;
          }
        } else if (!jsonEqual(before[k], after[k])) {
          nested.set(k, after[k]);
          writes++;
        }
      }
      continue;
    }
    if (!jsonEqual(before, after)) {
      map.set(key, after);
      writes++;
    }
  }
  return writes;
}

/** Sets one prop of a record's nested props map (server-side edits such as generation state). */
export function setRecordProp(doc: Y.Doc, id: string, prop: string, value: unknown): boolean {
  const map = recordsMap(doc).get(id);
  const props = map?.get("props");
  if (!(props instanceof Y.Map)) return false;
  if (jsonEqual(props.get(prop), value)) return false;
  props.set(prop, value);
  return true;
}

export function readDocumentSchema(doc: Y.Doc): SerializedSchema | null {
  const value = metaMap(doc).get(META_SCHEMA);
  return isPlainObject(value) ? (value as unknown as SerializedSchema) : null;
}

export function writeDocumentSchema(doc: Y.Doc, schema: SerializedSchema): void {
  const meta = metaMap(doc);
  if (!jsonEqual(meta.get(META_SCHEMA), schema)) meta.set(META_SCHEMA, schema);
}

/**
 * Makes the document hold exactly `target` (restoring a snapshot): records not in it are
 * removed, missing ones written, changed ones patched field by field. Call inside a
 * transaction; the result is an ordinary edit that every client receives.
 */
export function replaceAllRecords(doc: Y.Doc, target: JsonRecord[]): number {
  const records = recordsMap(doc);
  const wanted = new Map(target.map((r) => [r.id, r]));
  let writes = 0;
  for (const id of [...records.keys()]) {
    if (!wanted.has(id)) {
      records.delete(id);
      writes++;
    }
  }
  for (const record of target) {
    const map = records.get(record.id);
    if (!map) {
      writeRecord(records, record);
      writes++;
    } else {
      writes += patchRecord(records, fromYRecord(map), record);
    }
  }
  return writes;
}

/** The records held by an encoded Yjs state (a stored document or snapshot). */
export function recordsFromState(state: Uint8Array): JsonRecord[] {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return readAllRecords(doc);
  } finally {
    doc.destroy();
  }
}
