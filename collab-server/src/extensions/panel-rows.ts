import type { Logger, Sql } from "@comic-studio/infra";
import {
  isPanelShape,
  isUuid,
  type JsonRecord,
  type PanelShape,
  parsePageDocumentName,
  readAllRecords,
  readingOrder,
  setRecordProp,
} from "@comic-studio/shared";
import type {
  afterLoadDocumentPayload,
  beforeUnloadDocumentPayload,
  Document,
  Extension,
  Hocuspocus,
  onChangePayload,
  onConfigurePayload,
} from "@hocuspocus/server";
import { isTransactionOrigin } from "@hocuspocus/server";
import { DebouncedDocumentSync } from "./debounced-sync.ts";

/** Defaults of {@link PanelRowsExtension}. */
export const PANEL_ROWS_DEFAULTS = {
  /** Quiet period after a change before panel rows are brought in step, in ms. */
  debounceMs: 300,
} as const;

export interface PanelRowsOptions {
  sql: Sql;
  logger: Logger;
  debounceMs?: number;
}

/** Origin of collab-server's own fixes to panel shapes (a panelId that had to change). */
export const PANEL_ROWS_ORIGIN = { source: "local", context: { panelRows: true } } as const;

export interface PanelShapeRef {
  shapeId: string;
  panelId: string;
  position: number;
}

/** The panel shapes of a page document in reading order. */
export function panelShapesOf(document: Document): PanelShapeRef[] {
  const panels = readAllRecords(document).filter((r: JsonRecord) =>
    isPanelShape(r),
  ) as unknown as PanelShape[];
  return readingOrder(panels).map((p, position) => ({ shapeId: p.id, panelId: p.props.panelId, position }));
}

/**
 * Brings a page's panels rows in step with its panel shapes, in one transaction that holds
 * the page row lock (so instances serialise). Returns the shapes whose `panelId` must change:
 * a pasted copy carries its original's id, and an id already used elsewhere is replaced.
 * Idempotent: a second run with the same shapes changes nothing.
 */
export async function syncPanelRows(
  sql: Sql,
  pageId: string,
  shapes: PanelShapeRef[],
): Promise<{ shapeId: string; panelId: string }[]> {
  return sql.begin(async (tx) => {
    const [page] = await tx`select id from pages where id = ${pageId} for update`;
    if (!page) return [];
    const rows = await tx<
      { id: string; shape_id: string | null; position: number; deleted_at: Date | null }[]
    >`
      select id, shape_id, position, deleted_at from panels where page_id = ${pageId}`;
    const byShape = new Map(rows.filter((r) => r.shape_id).map((r) => [r.shape_id!, r]));
    const claimed = new Set<string>();
    const fixes: { shapeId: string; panelId: string }[] = [];
    for (const shape of shapes) {
      const row = byShape.get(shape.shapeId);
      if (row) {
        claimed.add(row.id);
        if (row.deleted_at || row.position !== shape.position) {
          await tx`update panels set deleted_at = null, position = ${shape.position}, updated_at = now()
                    where id = ${row.id}`;
        }
        if (row.id !== shape.panelId) fixes.push({ shapeId: shape.shapeId, panelId: row.id });
        continue;
      }
      let id =
        isUuid(shape.panelId) && !claimed.has(shape.panelId.toLowerCase())
          ? shape.panelId.toLowerCase()
          : null;
      if (id) {
        const [taken] = await tx`select 1 from panels where id = ${id}`;
        if (taken) id = null;
      }
      const [inserted] = await tx<{ id: string }[]>`
        insert into panels (id, page_id, shape_id, position)
        values (coalesce(${id}::uuid, gen_random_uuid()), ${pageId}, ${shape.shapeId}, ${shape.position})
        returning id`;
      claimed.add(inserted!.id);
      if (inserted!.id !== shape.panelId) fixes.push({ shapeId: shape.shapeId, panelId: inserted!.id });
    }
    const live = new Set(shapes.map((s) => s.shapeId));
    const gone = rows.filter((r) => r.shape_id && !live.has(r.shape_id) && !r.deleted_at).map((r) => r.id);
    if (gone.length > 0) {
      await tx`update panels set deleted_at = now(), updated_at = now() where id = any(${gone}::uuid[])`;
    }
    return fixes;
  });
}

/**
 * Keeps Postgres panels rows in step with the panel shapes of every open page: after a
 * change settles (debounced), on load, and before the document unloads. Changes that came
 * from another instance through Redis are left to that instance.
 */
export class PanelRowsExtension implements Extension {
  extensionName = "comic-studio-panel-rows";
  private instance: Hocuspocus | null = null;
  private readonly synced = new Map<string, string>();
  private readonly syncs = new DebouncedDocumentSync((name, document) => this.sync(name, document));

  constructor(private readonly options: PanelRowsOptions) {}

  async onConfigure({ instance }: onConfigurePayload): Promise<void> {
    this.instance = instance;
  }

  async afterLoadDocument({ documentName, document }: afterLoadDocumentPayload): Promise<void> {
    this.syncs.schedule(documentName, document, 0);
  }

  async onChange({ documentName, document, transactionOrigin }: onChangePayload): Promise<void> {
    if (isTransactionOrigin(transactionOrigin) && transactionOrigin.source === "redis") return;
    this.syncs.schedule(documentName, document, this.options.debounceMs ?? PANEL_ROWS_DEFAULTS.debounceMs);
  }

  async beforeUnloadDocument({ documentName, document }: beforeUnloadDocumentPayload): Promise<void> {
    await this.syncs.flush(documentName, document);
    this.synced.delete(documentName);
  }

  async onDestroy(): Promise<void> {
    await this.syncs.close();
  }

  /** Brings one open document's rows in step now (tests, shutdown). */
  async syncNow(documentName: string): Promise<void> {
    const document = this.instance?.documents.get(documentName);
    if (document) await this.syncs.run(documentName, document);
  }

  private async sync(documentName: string, document: Document): Promise<void> {
    const pageId = parsePageDocumentName(documentName);
    if (!pageId || document.isDestroyed) return;
    const shapes = panelShapesOf(document);
    const signature = JSON.stringify(shapes);
    if (this.synced.get(documentName) === signature) return;
    try {
      const fixes = await syncPanelRows(this.options.sql, pageId, shapes);
      if (fixes.length > 0 && !document.isDestroyed) {
        document.transact(() => {
          for (const fix of fixes) setRecordProp(document, fix.shapeId, "panelId", fix.panelId);
        }, PANEL_ROWS_ORIGIN);
        this.options.logger.info({ documentName, fixes: fixes.length }, "gave panel shapes their rows' ids");
      }
      this.synced.set(documentName, fixes.length > 0 ? JSON.stringify(panelShapesOf(document)) : signature);
    } catch (error) {
      this.options.logger.error(
        { err: error, documentName },
        "panel rows sync failed; will retry on next change",
      );
      this.syncs.schedule(documentName, document, 5_000);
    }
  }
}
