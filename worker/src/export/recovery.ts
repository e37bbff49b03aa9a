import type { Logger, Sql } from "@comic-studio/infra";
import type { ExportErrorCode, ExportOutcome } from "@comic-studio/shared";
import type { Queue } from "bullmq";
import type { ExportSettler } from "./job.ts";

// An export must never stay "processing" after its worker died. Three things see to it:
// BullMQ's stalled-job check moves a job whose lock expired back to the queue (the row says
// "waiting" again and the next worker runs it from scratch); a job that stalls more often than
// BullMQ allows fails, and the queue's `failed` event fails the row; and a periodic sweep fails
// rows whose job is gone from Redis altogether (a flushed Redis, a lost enqueue).

/** A running export writes its row at least this often (every progress step and the start). */
export const EXPORT_HEARTBEAT_STALE_MS = 5 * 60_000;
/** How often each worker process sweeps for rows left behind. */
export const EXPORT_SWEEP_EVERY_MS = 60_000;

/** The message the user sees on an export whose worker kept dying. */
export const WORKER_LOST_MESSAGE =
  "The export stopped: the worker running it was lost more than once. Nothing was charged; start it again.";

/** Fails an unfinished export row and releases its hold, once (a finished row is left alone). */
export async function failExport(
  sql: Sql,
  credits: ExportSettler,
  exportId: string,
  errorCode: ExportErrorCode,
  message: string,
): Promise<boolean> {
  const outcome: ExportOutcome = { files: [], errorCode };
  const [row] = await sql<{ reservation_id: string | null }[]>`
    update export_jobs
       set status = 'failed', error_message = ${message}, completed_at = now(), updated_at = now(),
           options = coalesce(options, '{}'::jsonb) || ${sql.json({ outcome } as never)}
     where id = ${exportId} and status in ('pending', 'processing')
     returning options->>'reservationId' as reservation_id`;
  if (!row) return false;
  if (row.reservation_id) await credits.release(row.reservation_id);
  return true;
}

/** A stalled job went back to the queue: the row says it waits again, from zero. */
export async function markRequeued(sql: Sql, exportId: string): Promise<void> {
  await sql`
    update export_jobs set status = 'pending', progress = 0, updated_at = now()
     where id = ${exportId} and status = 'processing'`;
}

/**
 * Fails unfinished rows not written for `staleMs` whose job BullMQ no longer holds as waiting,
 * delayed or active (missing, or finished without the row hearing of it). Returns their ids.
 */
export async function sweepLostExports(
  sql: Sql,
  queue: Pick<Queue, "getJobState">,
  credits: ExportSettler,
  staleMs = EXPORT_HEARTBEAT_STALE_MS,
): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select id from export_jobs
     where status in ('pending', 'processing') and updated_at < now() - ${staleMs} * interval '1 millisecond'
     order by updated_at limit 100`;
  const failed: string[] = [];
  for (const { id } of rows) {
    const state = await queue.getJobState(id);
    switch (state) {
      case "waiting":
      case "waiting-children":
      case "prioritized":
      case "delayed":
      case "active":
        // Still BullMQ's: a long queue, or a job whose lock BullMQ itself will judge.
        continue;
      default:
        if (await failExport(sql, credits, id, "WORKER_LOST", WORKER_LOST_MESSAGE)) failed.push(id);
    }
  }
  return failed;
}

/** Runs the sweep every `everyMs` until stopped; errors are logged, never thrown. */
export function startExportSweep(
  sql: Sql,
  queue: Pick<Queue, "getJobState">,
  credits: ExportSettler,
  logger: Logger,
  everyMs = EXPORT_SWEEP_EVERY_MS,
  staleMs = EXPORT_HEARTBEAT_STALE_MS,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepLostExports(sql, queue, credits, staleMs)
      .then((ids) => {
        if (ids.length > 0) logger.warn({ exportIds: ids }, "export: failed exports whose job was lost");
      })
      .catch((err: unknown) => logger.error({ err }, "export: sweep failed"))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
