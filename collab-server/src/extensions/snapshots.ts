import type { Logger, Sql } from "@comic-studio/infra";
import { pageDocumentName, recordsFromState, replaceAllRecords } from "@comic-studio/shared";
import type {
  afterLoadDocumentPayload,
  afterUnloadDocumentPayload,
  Document,
  Extension,
  Hocuspocus,
  onConfigurePayload,
} from "@hocuspocus/server";
import * as Y from "yjs";

/** Defaults of {@link SnapshotExtension}. */
export const SNAPSHOT_DEFAULTS = {
  /** An open page that changed gets an automatic snapshot this often, in ms. */
  intervalMs: 10 * 60_000,
  /** Automatic snapshots kept per page; labelled ones are never pruned. */
  keep: 50,
} as const;

/** Label of automatic snapshots. */
export const AUTO_SNAPSHOT_LABEL = "auto";

export interface SnapshotOptions {
  sql: Sql;
  logger: Logger;
  /** Default {@link SNAPSHOT_DEFAULTS.intervalMs}; 0 turns automatic snapshots off. */
  intervalMs?: number;
  keep?: number;
}

export interface SnapshotInfo {
  id: string;
  label: string | null;
  createdBy: string | null;
  createdAt: string;
  bytes: number;
}

/** Origin of a restore: an edit made by the server on a user's behalf. */
export function restoreOrigin(userId: string) {
  return { source: "local" as const, context: { restoreBy: userId } };
}

/**
 * Snapshots of page documents in `yjs_snapshots`: automatically while a page is open and
 * changing, and on demand; listed newest first; restored as an ordinary edit (every
 * collaborator sees the page change back live), after a safety snapshot of the current state.
 */
export class SnapshotExtension implements Extension {
  extensionName = "comic-studio-snapshots";
  private instance: Hocuspocus | null = null;
  private readonly timers = new Map<string, ReturnType<typeof setInterval>>();
  private readonly lastSnapshotAt = new Map<string, number>();

  constructor(private readonly options: SnapshotOptions) {}

  async onConfigure({ instance }: onConfigurePayload): Promise<void> {
    this.instance = instance;
  }

  async afterLoadDocument({ documentName, document }: afterLoadDocumentPayload): Promise<void> {
    const interval = this.options.intervalMs ?? SNAPSHOT_DEFAULTS.intervalMs;
    if (interval <= 0 || this.timers.has(documentName)) return;
    this.lastSnapshotAt.set(documentName, Date.now());
    const timer = setInterval(() => void this.autoSnapshot(documentName, document), interval);
    timer.unref();
    this.timers.set(documentName, timer);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    const timer = this.timers.get(documentName);
    if (timer) clearInterval(timer);
    this.timers.delete(documentName);
    this.lastSnapshotAt.delete(documentName);
  }

  async onDestroy(): Promise<void> {
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
  }

  private async autoSnapshot(documentName: string, document: Document): Promise<void> {
    if (document.isDestroyed || document.lastChangeTime <= (this.lastSnapshotAt.get(documentName) ?? 0))
      return;
    try {
      this.lastSnapshotAt.set(documentName, Date.now());
      await this.insert(documentName, Y.encodeStateAsUpdate(document), AUTO_SNAPSHOT_LABEL, null);
      await this.prune(documentName);
    } catch (error) {
      this.options.logger.error({ err: error, documentName }, "automatic snapshot failed");
    }
  }

  /** Snapshots a page now: its live state when open here, else its stored state. */
  async create(pageId: string, label: string | null, userId: string | null): Promise<SnapshotInfo> {
    const name = pageDocumentName(pageId);
    const state = await this.currentState(name);
    return this.insert(name, state, label, userId);
  }

  async list(pageId: string, limit = 100): Promise<SnapshotInfo[]> {
    const rows = await this.options.sql<SnapshotRow[]>`
      select id, label, created_by, created_at, octet_length(state) as bytes
        from yjs_snapshots where document_name = ${pageDocumentName(pageId)}
       order by created_at desc limit ${limit}`;
    return rows.map(toInfo);
  }

  /**
   * Makes the page hold the snapshot's records again, as an edit every client receives.
   * The state before the restore is kept as a snapshot of its own. False when no such snapshot.
   */
  async restore(pageId: string, snapshotId: string, userId: string): Promise<boolean> {
    if (!this.instance) throw new Error("snapshot extension is not configured");
    const name = pageDocumentName(pageId);
    const [row] = await this.options.sql<{ state: Buffer }[]>`
      select state from yjs_snapshots where id = ${snapshotId} and document_name = ${name}`;
    if (!row) return false;
    const target = recordsFromState(row.state);
    const connection = await this.instance.openDirectConnection(name, { restoreBy: userId });
    try {
      const document = connection.document!;
      await this.insert(name, Y.encodeStateAsUpdate(document), `before restore of ${snapshotId}`, userId);
      document.transact(() => replaceAllRecords(document, target), restoreOrigin(userId));
    } finally {
      await connection.disconnect({ unloadImmediately: false });
    }
    this.options.logger.info({ pageId, snapshotId, userId }, "restored page snapshot");
    return true;
  }

  private async currentState(name: string): Promise<Uint8Array> {
    const live = this.instance?.documents.get(name);
    if (live) return Y.encodeStateAsUpdate(live);
    const [row] = await this.options.sql<
      { state: Buffer }[]
    >`select state from yjs_documents where name = ${name}`;
    if (row) return row.state;
    // Never opened: open it (seeding it from its template) to snapshot something real.
    if (!this.instance) throw new Error("snapshot extension is not configured");
    const connection = await this.instance.openDirectConnection(name, {});
    try {
      return Y.encodeStateAsUpdate(connection.document!);
    } finally {
      await connection.disconnect({ unloadImmediately: false });
    }
  }

  private async insert(
    name: string,
    state: Uint8Array,
    label: string | null,
    userId: string | null,
  ): Promise<SnapshotInfo> {
    const [row] = await this.options.sql<SnapshotRow[]>`
      insert into yjs_snapshots (document_name, state, label, created_by)
      values (${name}, ${Buffer.from(state)}, ${label}, ${userId})
      returning id, label, created_by, created_at, octet_length(state) as bytes`;
    return toInfo(row!);
  }

  private async prune(name: string): Promise<void> {
    const keep = this.options.keep ?? SNAPSHOT_DEFAULTS.keep;
    await this.options.sql`
      delete from yjs_snapshots where id in (
        select id from yjs_snapshots where document_name = ${name} and label = ${AUTO_SNAPSHOT_LABEL}
         order by created_at desc offset ${keep})`;
  }
}

interface SnapshotRow {
  id: string;
  label: string | null;
  created_by: string | null;
  created_at: Date;
  bytes: number;
}

function toInfo(row: SnapshotRow): SnapshotInfo {
  return {
    id: row.id,
    label: row.label,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    bytes: Number(row.bytes),
  };
}
