import type { Logger, Sql } from "@comic-studio/infra";
import {
  buildPageDocument,
  LAYOUT_TEMPLATES,
  type LayoutTemplate,
  pageSchema,
  parsePageDocumentName,
  recordsMap,
  writeDocumentSchema,
  writeRecord,
} from "@comic-studio/shared";
import type {
  afterUnloadDocumentPayload,
  beforeUnloadDocumentPayload,
  Document,
  Extension,
  Hocuspocus,
  onConfigurePayload,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from "@hocuspocus/server";
import * as Y from "yjs";

/** Defaults of {@link PersistenceExtension}. */
export const PERSISTENCE_DEFAULTS = {
  /** First retry of a failed store, in ms; doubles up to {@link PERSISTENCE_DEFAULTS.retryMaxMs}. */
  retryBaseMs: 500,
  retryMaxMs: 30_000,
} as const;

export interface PersistenceOptions {
  sql: Sql;
  logger: Logger;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Called after a brand-new page document was seeded from its layout template. */
  onSeeded?: (documentName: string) => void;
}

/** Origin of the merge of Postgres state into a live document: not stored again, not an edit. */
export const MERGE_ORIGIN = { source: "local", skipStoreHooks: true, context: { merge: true } } as const;

/**
 * Yjs state in Postgres (`yjs_documents`):
 * - load on first open; a page without state is seeded once from its layout template (an
 *   insert that loses a race between instances loads the winner's state instead);
 * - store (Hocuspocus debounces it, with a maximum delay) merges what Postgres holds into
 *   the live document first, so two instances storing one page never drop each other's edits;
 * - a failed store keeps the document in memory (Hocuspocus does not unload it) and is
 *   retried with backoff until it succeeds; {@link flush} stores every pending document.
 */
export class PersistenceExtension implements Extension {
  extensionName = "comic-studio-persistence";
  private instance: Hocuspocus | null = null;
  private readonly retries = new Map<string, { timer: ReturnType<typeof setTimeout>; attempt: number }>();
  /** Stores that failed since the last success; exported as a health signal. */
  failedStores = 0;

  constructor(private readonly options: PersistenceOptions) {}

  async onConfigure({ instance }: onConfigurePayload): Promise<void> {
    this.instance = instance;
  }

  async onLoadDocument({ documentName, document }: onLoadDocumentPayload): Promise<void> {
    const { sql } = this.options;
    const [row] = await sql<
      { state: Buffer }[]
    >`select state from yjs_documents where name = ${documentName}`;
    if (row) {
      Y.applyUpdate(document, row.state);
      return;
    }
    const pageId = parsePageDocumentName(documentName);
    if (!pageId) throw new Error(`not a page document: ${documentName}`);
    const [page] = await sql<
      {
        layout_template: string | null;
        trim_width_mm: string;
        trim_height_mm: string;
        title: string | null;
      }[]
    >`select layout_template, trim_width_mm, trim_height_mm, title from pages where id = ${pageId}`;
    if (!page) throw new Error(`page ${pageId} does not exist`);

    const seed = new Y.Doc();
    const template = (LAYOUT_TEMPLATES as readonly string[]).includes(page.layout_template ?? "")
      ? (page.layout_template as LayoutTemplate)
      : "blank";
    seed.transact(() => {
      const records = recordsMap(seed);
      for (const record of buildPageDocument({
        template,
        trimWidthMm: Number(page.trim_width_mm),
        trimHeightMm: Number(page.trim_height_mm),
        title: page.title,
        newPanelId: () => crypto.randomUUID(),
      })) {
        writeRecord(records, record);
      }
      writeDocumentSchema(seed, pageSchema().serialize());
    });
    const state = Y.encodeStateAsUpdate(seed);
    seed.destroy();
    const inserted = await sql`
      insert into yjs_documents (name, state) values (${documentName}, ${Buffer.from(state)})
      on conflict (name) do nothing returning name`;
    if (inserted.length > 0) {
      Y.applyUpdate(document, state);
      this.options.logger.info({ documentName, template }, "seeded page document");
      this.options.onSeeded?.(documentName);
      return;
    }
    const [winner] = await sql<
      { state: Buffer }[]
    >`select state from yjs_documents where name = ${documentName}`;
    if (winner) Y.applyUpdate(document, winner.state);
  }

  async onStoreDocument({ documentName, document }: onStoreDocumentPayload): Promise<void> {
    try {
      await this.store(documentName, document);
      this.clearRetry(documentName);
    } catch (error) {
      this.failedStores++;
      this.options.logger.error({ err: error, documentName }, "storing page document failed; will retry");
      this.scheduleRetry(documentName, document);
      // Rethrown so Hocuspocus keeps the document in memory instead of unloading it.
      throw error;
    }
  }

  /** A document whose store is still failing must stay in memory: refusing here keeps it. */
  async beforeUnloadDocument({ documentName }: beforeUnloadDocumentPayload): Promise<void> {
    if (this.retries.has(documentName)) throw new Error(`${documentName} has unstored changes`);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.clearRetry(documentName);
  }

  /** Stores every document still waiting for a retry (graceful shutdown). */
  async flush(): Promise<void> {
    const pending = [...this.retries.keys()];
    await Promise.all(
      pending.map(async (name) => {
        const document = this.instance?.documents.get(name);
        if (!document) return;
        try {
          await this.store(name, document);
          this.clearRetry(name);
        } catch (error) {
          this.options.logger.error({ err: error, documentName: name }, "final store failed");
        }
      }),
    );
  }

  get pendingRetries(): number {
    return this.retries.size;
  }

  private async store(documentName: string, document: Document): Promise<void> {
    await this.options.sql.begin(async (tx) => {
      const [row] = await tx<{ state: Buffer }[]>`
        select state from yjs_documents where name = ${documentName} for update`;
      // Another instance may have stored edits this one has not received yet: merge, never overwrite.
      if (row) Y.applyUpdate(document, row.state, MERGE_ORIGIN);
      const state = Buffer.from(Y.encodeStateAsUpdate(document));
      await tx`
        insert into yjs_documents (name, state, updated_at) values (${documentName}, ${state}, now())
        on conflict (name) do update set state = excluded.state, updated_at = now()`;
    });
  }

  private scheduleRetry(documentName: string, document: Document): void {
    const previous = this.retries.get(documentName);
    if (previous) clearTimeout(previous.timer);
    const attempt = (previous?.attempt ?? 0) + 1;
    const base = this.options.retryBaseMs ?? PERSISTENCE_DEFAULTS.retryBaseMs;
    const max = this.options.retryMaxMs ?? PERSISTENCE_DEFAULTS.retryMaxMs;
    const delay = Math.min(max, base * 2 ** (attempt - 1));
    const timer = setTimeout(async () => {
      if (document.isDestroyed) return this.clearRetry(documentName);
      try {
        await document.saveMutex.runExclusive(() => this.store(documentName, document));
        this.clearRetry(documentName);
        this.options.logger.info({ documentName, attempt }, "stored page document after retry");
        if (this.instance?.shouldUnloadDocument(document)) await this.instance.unloadDocument(document);
      } catch (error) {
        this.options.logger.error({ err: error, documentName, attempt }, "store retry failed");
        this.scheduleRetry(documentName, document);
      }
    }, delay);
    timer.unref();
    this.retries.set(documentName, { timer, attempt });
  }

  private clearRetry(documentName: string): void {
    const retry = this.retries.get(documentName);
    if (retry) clearTimeout(retry.timer);
    this.retries.delete(documentName);
  }
}
