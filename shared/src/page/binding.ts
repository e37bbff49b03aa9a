import type { HistoryEntry, SerializedSchema, Store, UnknownRecord } from "@tldraw/store";
import type * as Y from "yjs";
import { compareSchemas, type SchemaComparison } from "./schema.ts";
import {
  fromYRecord,
  type JsonRecord,
  metaMap,
  patchRecord,
  readDocumentSchema,
  recordsMap,
  writeDocumentSchema,
  writeRecord,
  type YRecord,
} from "./ydoc.ts";

/** Options for {@link PageDocumentBinding}. */
export interface PageDocumentBindingOptions {
  /**
   * "fields" (default) writes only the keys that changed; "records" rewrites each changed
   * record whole, as the public tldraw-yjs example does (kept for measurements).
   */
  writeMode?: "fields" | "records";
  /** The document now follows a newer schema than this code: stop editing and reload. */
  onOutdated?: () => void;
  /** A record from the document failed validation and was left out of the store. */
  onInvalidRecord?: (id: string, error: unknown) => void;
  /**
   * While true, local changes stay local (the server would refuse them anyway): a read-only
   * user's editor still writes records of its own, such as tldraw's user record.
   */
  isReadOnly?: () => boolean;
}

export interface BindingStats {
  /** Yjs transactions written for local changes. */
  localTransactions: number;
  /** Keys written into the Y.Doc for local changes. */
  keysWritten: number;
  /** Records put into or removed from the store for remote changes. */
  remoteRecordsApplied: number;
}

/**
 * Binds a tldraw store to a page's Y.Doc: one Y.Map entry per document record.
 *
 * - Local changes (store source "user": the user's edits, undo and redo) go into the Y.Doc in
 *   one Yjs transaction per store flush, with {@link origin}, writing only what changed.
 * - Remote changes are applied with `store.mergeRemoteChanges`, so they never echo back and
 *   tldraw's history (each user's undo/redo) records only that user's own changes.
 * - The document's schema is checked on start and whenever it changes: records from an older
 *   schema are migrated (and written back), a newer schema stops the binding (reload).
 *
 * Pure: no I/O. The provider that moves the Y.Doc over the network is the caller's.
 */
export class PageDocumentBinding<R extends UnknownRecord> {
  /** Transaction origin of this binding's writes. */
  readonly origin: { readonly binding: PageDocumentBinding<R> } = { binding: this };
  readonly stats: BindingStats = { localTransactions: 0, keysWritten: 0, remoteRecordsApplied: 0 };
  private readonly records: Y.Map<YRecord>;
  private readonly ours: ReturnType<Store<R>["schema"]["serialize"]>;
  /** Set while the document's records follow an older schema than ours. */
  private migrateFrom: SerializedSchema | null = null;
  private unlisten: (() => void) | null = null;
  private state: "idle" | "bound" | "outdated" | "disposed" = "idle";

  constructor(
    readonly store: Store<R>,
    readonly doc: Y.Doc,
    private readonly options: PageDocumentBindingOptions = {},
  ) {
    this.records = recordsMap(doc);
    this.ours = store.schema.serialize();
  }

  get status(): "idle" | "bound" | "outdated" | "disposed" {
    return this.state;
  }

  /**
   * Replaces the store's document records with the Y.Doc's and starts syncing both ways.
   * Call once the provider has synced. Returns how the document's schema compared to ours.
   */
  start(): SchemaComparison {
    if (this.state !== "idle") throw new Error(`binding already ${this.state}`);
    const docSchema = readDocumentSchema(this.doc);
    const comparison = docSchema ? compareSchemas(this.ours, docSchema) : "document-older";
    if (comparison === "document-newer") {
      this.becomeOutdated();
      return comparison;
    }
    this.migrateFrom = comparison === "document-older" ? docSchema : null;

    const incoming: R[] = [];
    const rewrite: R[] = [];
    this.records.forEach((map) => {
      const accepted = this.accept(fromYRecord(map), null);
      if (!accepted) return;
      incoming.push(accepted.record);
      if (accepted.migrated) rewrite.push(accepted.record);
    });
    const keep = new Set(incoming.map((r) => r.id));
    const documentTypes = this.store.scopedTypes.document;
    const stale = this.store
      .allRecords()
      .filter((r) => documentTypes.has(r.typeName) && !keep.has(r.id))
      .map((r) => r.id);
    this.store.mergeRemoteChanges(() => {
      if (stale.length > 0) this.store.remove(stale);
      if (incoming.length > 0) this.store.put(incoming);
    });

    if (comparison !== "same" || rewrite.length > 0) {
      this.doc.transact(() => {
        for (const record of rewrite) writeRecord(this.records, record);
        writeDocumentSchema(this.doc, this.ours);
      }, this.origin);
      this.migrateFrom = null;
    }

    const stopStore = this.store.listen(this.onLocalChange, { source: "user", scope: "document" });
    this.records.observeDeep(this.onRemoteChange);
    const meta = metaMap(this.doc);
    meta.observe(this.onMetaChange);
    this.unlisten = () => {
      stopStore();
      this.records.unobserveDeep(this.onRemoteChange);
      meta.unobserve(this.onMetaChange);
    };
    this.state = "bound";
    return comparison;
  }

  dispose(): void {
    this.unlisten?.();
    this.unlisten = null;
    if (this.state !== "outdated") this.state = "disposed";
  }

  private becomeOutdated(): void {
    this.unlisten?.();
    this.unlisten = null;
    this.state = "outdated";
    this.options.onOutdated?.();
  }

  /** Migrates (when the document is older) and validates a record; null when invalid. */
  private accept(raw: JsonRecord, before: R | null): { record: R; migrated: boolean } | null {
    let record = raw as unknown as R;
    try {
      let migrated = false;
      if (this.migrateFrom) {
        const result = this.store.schema.migratePersistedRecord(record, this.migrateFrom);
        if (result.type === "error") throw new Error(`migration failed: ${result.reason}`);
        migrated = result.value !== record;
        record = result.value;
      }
      const phase = before ? "updateRecord" : "initialize";
      return { record: this.store.schema.validateRecord(this.store, record, phase, before) as R, migrated };
    } catch (error) {
      this.options.onInvalidRecord?.(raw.id, error);
      return null;
    }
  }

  private readonly onLocalChange = ({ changes }: HistoryEntry<R>): void => {
    if (this.state !== "bound" || this.options.isReadOnly?.()) return;
    const whole = this.options.writeMode === "records";
    let keys = 0;
    this.doc.transact(() => {
      for (const record of Object.values(changes.added) as R[]) {
        writeRecord(this.records, record);
        keys++;
      }
      for (const [from, to] of Object.values(changes.updated) as [R, R][]) {
        if (whole) {
          writeRecord(this.records, to);
          keys++;
        } else {
          keys += patchRecord(this.records, from, to);
        }
      }
      for (const id of Object.keys(changes.removed)) {
        if (this.records.has(id)) {
          this.records.delete(id);
          keys++;
        }
      }
    }, this.origin);
    this.stats.localTransactions++;
    this.stats.keysWritten += keys;
  };

  private readonly onRemoteChange = (
    events: Y.YEvent<Y.AbstractType<unknown>>[],
    tx: Y.Transaction,
  ): void => {
    if (tx.origin === this.origin || this.state !== "bound") return;
    const touched = new Set<string>();
    for (const event of events) {
      if (event.target === this.records) {
        for (const key of (event as Y.YMapEvent<YRecord>).keysChanged) touched.add(key);
      } else {
        const id = event.path[0];
        if (typeof id === "string") touched.add(id);
      }
    }
    const put: R[] = [];
    const remove: R["id"][] = [];
    for (const id of touched) {
      const map = this.records.get(id);
      const existing = (this.store.get(id as R["id"]) as R | undefined) ?? null;
      if (!map) {
        if (existing) remove.push(existing.id);
        continue;
      }
      const accepted = this.accept(fromYRecord(map), existing);
      if (accepted) put.push(accepted.record);
    }
    if (put.length === 0 && remove.length === 0) return;
    this.store.mergeRemoteChanges(() => {
      if (remove.length > 0) this.store.remove(remove);
      if (put.length > 0) this.store.put(put);
    });
    this.stats.remoteRecordsApplied += put.length + remove.length;
  };

  private readonly onMetaChange = (_event: Y.YMapEvent<unknown>, tx: Y.Transaction): void => {
    if (tx.origin === this.origin) return;
    const schema = readDocumentSchema(this.doc);
    if (!schema) return;
    const comparison = compareSchemas(this.ours, schema);
    if (comparison === "document-newer") this.becomeOutdated();
    else this.migrateFrom = comparison === "document-older" ? schema : null;
  };
}
