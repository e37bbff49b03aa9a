import { type CreditLedger, type ExportQueue, enqueueExport, type Sql } from "@comic-studio/infra";
import {
  AppError,
  type CreateExportBody,
  type createExportBody,
  type Export,
  type ExportOutcome,
  type ExportPayload,
  type ExportRenderOptions,
  exportRenderOptions,
  isPanelShape,
  MAX_EXPORT_PAGES,
  PRICES,
  pageDocumentName,
  recordsFromState,
  type SessionUser,
} from "@comic-studio/shared";
import type { z } from "zod";
import type { ProjectAccess } from "./access.ts";

/** Exports one person may have waiting or running at once. */
export const MAX_ACTIVE_EXPORTS_PER_USER = 3;
/** A high-resolution hold lasts until the export has surely run (the queue may be long). */
export const EXPORT_RESERVATION_TTL_MS = 60 * 60_000;

export interface ExportServices {
  sql: Sql;
  credits: CreditLedger;
  queue: ExportQueue;
}

interface StoredOptions {
  request?: ExportRenderOptions;
  cost?: number;
  reservationId?: string | null;
  outcome?: ExportOutcome;
}

interface ExportRow {
  id: string;
  project_id: string;
  format: Export["format"];
  pages: string[] | null;
  options: StoredOptions | null;
  status: Export["status"];
  progress: number;
  attempts: number;
  requested_by?: string | null;
  result_url: string | null;
  error_message: string | null;
  created_at: Date;
  completed_at: Date | null;
}

const COLUMNS =
  "id, project_id, format, pages, options, status, progress, attempts, result_url, error_message, created_at, completed_at";
/** COLUMNS of `export_jobs e` with the requester's display name. */
const JOINED =
  "e.id, e.project_id, e.format, e.pages, e.options, e.status, e.progress, e.attempts, e.result_url, e.error_message, e.created_at, e.completed_at, u.display_name as requested_by";

export function toExport(row: ExportRow): Export {
  const o = row.options ?? {};
  return {
    id: row.id,
    projectId: row.project_id,
    format: row.format,
    pageIds: row.pages ?? [],
    status: row.status,
    progress: row.progress,
    attempts: row.attempts,
    requestedBy: row.requested_by ?? null,
    highRes: o.request?.highRes ?? false,
    dpi: row.format === "webtoon" ? null : (o.request?.dpi ?? null),
    preset: o.request?.preset ?? null,
    cost: o.cost ?? 0,
    resultUrl: row.result_url,
    files: o.outcome?.files ?? [],
    error: row.error_message,
    errorCode: o.outcome?.errorCode ?? null,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

export async function findExport(sql: Sql, id: string): Promise<ExportRow> {
  const [row] = await sql<ExportRow[]>`
    select ${sql.unsafe(JOINED)} from export_jobs e left join users u on u.id = e.user_id where e.id = ${id}`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such export.");
  return row;
}

export async function listExports(sql: Sql, projectId: string, limit = 50): Promise<Export[]> {
  const rows = await sql<ExportRow[]>`
    select ${sql.unsafe(JOINED)} from export_jobs e left join users u on u.id = e.user_id
     where e.project_id = ${projectId} order by e.created_at desc limit ${limit}`;
  return rows.map(toExport);
}

/** The pages to export, in book order; every id asked for must be a page of the project. */
async function resolvePages(sql: Sql, projectId: string, body: CreateExportBody): Promise<string[]> {
  if (body.pageIds) {
    const wanted = [...new Set(body.pageIds.map((id) => id.toLowerCase()))];
    const rows = await sql<{ id: string }[]>`
      select id from pages where project_id = ${projectId} and id = any(${wanted}::uuid[])
       order by chapter_number, page_number`;
    if (rows.length !== wanted.length) {
      const found = new Set(rows.map((r) => r.id));
      throw new AppError("NOT_FOUND", "Some of those pages are not in this project.", {
        missing: wanted.filter((id) => !found.has(id)),
      });
    }
    return rows.map((r) => r.id);
  }
  const rows = await sql<{ id: string }[]>`
    select id from pages where project_id = ${projectId}
       and (${body.chapter ?? null}::int is null or chapter_number = ${body.chapter ?? null}::int)
     order by chapter_number, page_number`;
  if (rows.length === 0) {
    throw new AppError(
      "CONFLICT",
      body.chapter ? `Chapter ${body.chapter} has no pages.` : "This project has no pages to export.",
    );
  }
  if (rows.length > MAX_EXPORT_PAGES) {
    throw new AppError(
      "BAD_REQUEST",
      `An export holds at most ${MAX_EXPORT_PAGES} pages; choose pages or a chapter.`,
    );
  }
  return rows.map((r) => r.id);
}

/** Panels with a chosen picture on the pages' stored documents: what high resolution is priced by. */
export async function countPricedPanels(sql: Sql, pageIds: string[]): Promise<number> {
  const docs = await sql<{ state: Buffer }[]>`
    select state from yjs_documents where name = any(${pageIds.map(pageDocumentName)})`;
  let count = 0;
  for (const doc of docs) {
    for (const record of recordsFromState(new Uint8Array(doc.state))) {
      if (isPanelShape(record as never) && (record as { props?: { imageUrl?: unknown } }).props?.imageUrl)
        count++;
    }
  }
  return count;
}

/**
 * Records an export and queues it. Standard exports are free; a high-resolution one holds
 * PRICES.highResExportPerPanel per panel with a picture, committed by the worker once the files
 * are stored and released if it fails. Nothing is held when the request is refused.
 */
export async function requestExport(
  svc: ExportServices,
  access: ProjectAccess,
  user: SessionUser,
  body: z.output<typeof createExportBody>,
): Promise<Export> {
  const { sql } = svc;
  const [active] = await sql<{ n: number }[]>`
    select count(*)::int as n from export_jobs where user_id = ${user.id} and status in ('pending', 'processing')`;
  if ((active?.n ?? 0) >= MAX_ACTIVE_EXPORTS_PER_USER) {
    throw new AppError(
      "RATE_LIMITED",
      `You already have ${MAX_ACTIVE_EXPORTS_PER_USER} exports running. Wait for one to finish.`,
      { retryAfterS: 10, limit: MAX_ACTIVE_EXPORTS_PER_USER },
    );
  }
  const pageIds = await resolvePages(sql, access.projectId, body);
  const options = exportRenderOptions(body);
  const cost = options.highRes ? (await countPricedPanels(sql, pageIds)) * PRICES.highResExportPerPanel : 0;
  const reservation =
    cost > 0
      ? await svc.credits.reserve(user.id, {
          action: "highResExportPerPanel",
          amount: cost,
          ttlMs: EXPORT_RESERVATION_TTL_MS,
        })
      : null;
  const reservationId = reservation?.reservationId ?? null;
  let row: ExportRow;
  try {
    const stored: StoredOptions = { request: options, cost, reservationId };
    const [inserted] = await sql<ExportRow[]>`
      insert into export_jobs (project_id, user_id, format, pages, options)
      values (${access.projectId}, ${user.id}, ${body.format}, ${pageIds}::uuid[], ${sql.json(stored as never)})
      returning ${sql.unsafe(COLUMNS)}`;
    row = { ...inserted!, requested_by: user.displayName };
  } catch (error) {
    if (reservationId) await svc.credits.release(reservationId);
    throw error;
  }
  const payload: ExportPayload = {
    exportId: row.id,
    projectId: access.projectId,
    userId: user.id,
    format: body.format,
    pageIds,
    reservationId,
    options,
  };
  try {
    await enqueueExport(svc.queue, payload);
  } catch {
    await sql`update export_jobs set status = 'failed', error_message = 'Could not queue the job', completed_at = now()
               where id = ${row.id}`;
    if (reservationId) await svc.credits.release(reservationId);
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "The job queue is not reachable. Nothing was charged; try again.",
    );
  }
  return toExport(row);
}
