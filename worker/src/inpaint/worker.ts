import { publishPageEvent } from "@comic-studio/infra";
import { type InpaintPayload, QUEUES } from "@comic-studio/shared";
import { QueueEvents, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { type InpaintDeps, processInpaint } from "./job.ts";

export interface InpaintWorkerOptions {
  redis: Redis;
  prefix: string;
  /** BullMQ lock; a job that holds it longer counts as stalled. */
  lockDurationMs: number;
  /** Jobs one process runs at once. Default 1 (they share the engine). */
  concurrency?: number;
}

export interface InpaintWorker {
  worker: Worker<InpaintPayload>;
  waitUntilReady(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The BullMQ worker for QUEUES.inpaint. A job that fails without the processor's final word
 * (stalled too often after a worker died) is still settled: row failed, hold released, panel told.
 */
export function createInpaintWorker(deps: InpaintDeps, options: InpaintWorkerOptions): InpaintWorker {
  const { redis, prefix } = options;
  const worker = new Worker<InpaintPayload>(
    QUEUES.inpaint,
    (job, _token, signal) => processInpaint(deps, job, signal),
    {
      connection: redis.duplicate(),
      prefix,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.lockDurationMs,
    },
  );
  worker.on("failed", (job, err) =>
    deps.logger.warn(
      { generationId: job?.id, attempt: job?.attemptsMade, err: err.message },
      "inpainting failed",
    ),
  );
  const events = new QueueEvents(QUEUES.inpaint, { connection: redis.duplicate(), prefix });
  events.on("failed", ({ jobId, failedReason }) => {
    void (async () => {
      const [row] = await deps.sql<{ reservation_id: string | null; params: InpaintPayload }[]>`
        update generations set status = 'failed', error_message = ${failedReason}, completed_at = now()
         where id = ${jobId} and status in ('pending', 'queued', 'processing')
         returning reservation_id, params`;
      if (!row) return;
      if (row.reservation_id) await deps.credits.release(row.reservation_id);
      await publishPageEvent(redis, prefix, {
        type: "generation",
        pageId: row.params.pageId,
        shapeId: row.params.shapeId,
        patch: {
          generationId: jobId,
          requestedAtMs: row.params.requestedAtMs,
          status: "failed",
          error: failedReason,
        },
      });
    })().catch((err: unknown) => deps.logger.error({ err, jobId }, "could not settle a failed inpainting"));
  });
  return {
    worker,
    waitUntilReady: () => Promise.all([worker.waitUntilReady(), events.waitUntilReady()]),
    async close() {
      await worker.close();
      await events.close();
    },
  };
}
