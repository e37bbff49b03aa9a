import { type Logger, type ObjectStorage, PostgresCreditLedger, type Sql } from "@comic-studio/infra";
import { type ExportPayload, exportPayloadSchema, QUEUES } from "@comic-studio/shared";
import { UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { ExportError } from "./errors.ts";
import { runExport } from "./job.ts";

export interface ExportWorkerOptions {
  sql: Sql;
  redis: Redis;
  prefix: string;
  storage: ObjectStorage;
  logger: Logger;
  urlFor(key: string): string;
  /** Exports one process renders at once. Default 1: a 600 dpi page is a few hundred MB of pixels. */
  concurrency?: number;
}

/** The BullMQ worker of the `export` queue. */
export function createExportWorker(options: ExportWorkerOptions): Worker<ExportPayload> {
  const deps = {
    sql: options.sql,
    storage: options.storage,
    credits: new PostgresCreditLedger(options.sql),
    logger: options.logger,
    urlFor: options.urlFor,
  };
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
    { connection: options.redis.duplicate(), prefix: options.prefix, concurrency: options.concurrency ?? 1 },
  );
  worker.on("failed", (job, err) =>
    options.logger.warn({ exportId: job?.id, err: err.message }, "export failed"),
  );
  return worker;
}
