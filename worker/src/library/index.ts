import type { LibraryJobPayload } from "@comic-studio/shared";
import { QUEUES } from "@comic-studio/shared";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { LibraryDeps } from "./deps.ts";
import { processLibraryJob, settleLostJob } from "./runner.ts";

export type { LibraryDeps } from "./deps.ts";
export { withLibraryImages } from "./panel-images.ts";
export { processLibraryJob, settleLostJob } from "./runner.ts";

export interface LibraryWorkerOptions {
  redis: Redis;
  prefix: string;
  /** Library jobs one process runs at once. Default 1: each keeps a core busy for seconds. */
  concurrency?: number;
  /** BullMQ lock duration (and stalled-job check interval), ms. Default 30 s. */
  lockDurationMs?: number;
}

/** The BullMQ worker of the library queue (character setup, anchors, styles, locations). */
export function createLibraryWorker(
  deps: LibraryDeps,
  options: LibraryWorkerOptions,
): Worker<LibraryJobPayload> {
  const lockDuration = options.lockDurationMs ?? 30_000;
  const worker = new Worker<LibraryJobPayload>(
    QUEUES.library,
    (job, _token, signal) => processLibraryJob(deps, job, signal),
    {
      connection: options.redis.duplicate(),
      prefix: options.prefix,
      concurrency: options.concurrency ?? 1,
      lockDuration,
      stalledInterval: lockDuration,
    },
  );
  worker.on("failed", (job, err) => {
    deps.logger.warn({ jobId: job?.id, kind: job?.data.kind, err: err.message }, "library job failed");
    // A job that stalled too often (its worker died) fails here without the processor's word.
    if (job?.id) {
      void settleLostJob(deps, job.id, err.message).catch((error: unknown) =>
        deps.logger.error({ err: error, jobId: job.id }, "could not settle a failed library job"),
      );
    }
  });
  return worker;
}
