import {
  flushPages,
  type Logger,
  type ObjectStorage,
  PostgresCreditLedger,
  type Sql,
} from "@comic-studio/infra";
import { type ExportPayload, exportPayloadSchema, QUEUES } from "@comic-studio/shared";
import { Queue, QueueEvents, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { ExportError } from "./errors.ts";

import { runExport } from "./job.ts";
import {
  EXPORT_HEARTBEAT_STALE_MS,
  EXPORT_SWEEP_EVERY_MS,
  failExport,
  markRequeued,
  startExportSweep,
  WORKER_LOST_MESSAGE,
} from "./recovery.ts";

export interface ExportWorkerOptions {
  sql: Sql;
  redis: Redis;
  prefix: string;
  storage: ObjectStorage;
  logger: Logger;
  urlFor(key: string): string;
  /** Exports one process renders at once. Default 1: a 600 dpi page is a few hundred MB of pixels. */
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal, and how often BullMQ looks for jobs whose
   * worker died. Default 30 s (the worker's WORKER_LOCK_MS).
   */
  lockDurationMs?: number;
  /** How often rows whose job was lost are swept. Default EXPORT_SWEEP_EVERY_MS (1 min). */
  sweepEveryMs?: number;
  /** A row not written for this long is checked against BullMQ. Default 5 min. */
  staleMs?: number;
}

/**
 * The BullMQ worker of the `export` queue, with the recovery that keeps rows honest when a
 * worker dies: a stalled job goes back to waiting (and the row says so), one that stalls too
 * often fails the row and releases its hold, and a sweep fails rows whose job is gone.
 */
export function createExportWorker(options: ExportWorkerOptions): Worker<ExportPayload> {
  const { sql, logger } = options;
  const credits = new PostgresCreditLedger(sql);
  const deps = {
    sql,
    storage: options.storage,
    credits,
    logger,
    urlFor: options.urlFor,
    flushPages: (pageIds: readonly string[]) => flushPages(options.redis, options.prefix, pageIds),
  };
  const lockDuration = options.lockDurationMs ?? 30_000;
  const worker = new Worker<ExportPayload>(
    QUEUES.export,
    async (job) => {
      const parsed = exportPayloadSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`Bad export payload: ${parsed.error.message}`);
      try {
        return await runExport(deps, parsed.data, (fraction) =>
          job.updateProgress(Math.round(fraction * 100)),
        );
      } catch (error) {
        if (error instanceof ExportError) throw new UnrecoverableError(`${error.code}: ${error.message}`);
        throw error;
      }
    },
    {
      connection: options.redis.duplicate(),
      prefix: options.prefix,
      concurrency: options.concurrency ?? 1,
      lockDuration,
      stalledInterval: lockDuration,
      // One retry after a lost worker: a second loss is likely the export itself (memory).
      maxStalledCount: 1,
    },
  );
  worker.on("failed", (job, err) => logger.warn({ exportId: job?.id, err: err.message }, "export failed"));
  worker.on("stalled", (jobId) => {
    logger.warn({ exportId: jobId }, "export: its worker was lost; queued again");
    markRequeued(sql, jobId).catch((err: unknown) =>
      logger.error({ err, exportId: jobId }, "export: could not mark a stalled export"),
    );
  });

  // A job that fails without runExport's last word (stalled too often) still fails its row.
  const events = new QueueEvents(QUEUES.export, {
    connection: options.redis.duplicate(),
    prefix: options.prefix,
  });
  events.on("failed", ({ jobId, failedReason }) => {
    // BullMQ gives a stalled-too-often job only this reason text (no code) to tell it by.
    const lost = /stalled more than allowable limit/i.test(failedReason);
    failExport(
      sql,
      credits,
      jobId,
      lost ? "WORKER_LOST" : "RENDER_FAILED",
      lost ? WORKER_LOST_MESSAGE : "The export could not be rendered.",
    ).catch((err: unknown) =>
      logger.error({ err, exportId: jobId }, "export: could not settle a failed export"),
    );
  });
  const queue = new Queue(QUEUES.export, { connection: options.redis.duplicate(), prefix: options.prefix });
  const stopSweep = startExportSweep(
    sql,
    queue,
    credits,
    logger,
    options.sweepEveryMs ?? EXPORT_SWEEP_EVERY_MS,
    options.staleMs ?? EXPORT_HEARTBEAT_STALE_MS,
  );
  worker.on("closing", () => {
    stopSweep();
    void events.close();
    void queue.close();
  });
  return worker;
}
