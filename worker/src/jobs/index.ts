import {
  cancelChannel,
  createGenerationQueue,
  createStorage,
  engineKey,
  enqueueGeneration,
  type Logger,
  PostgresCreditLedger,
  publishPageEvent,
  publishQueued,
  type Sql,
} from "@comic-studio/infra";
import { type PanelGenerationPayload, QUEUES } from "@comic-studio/shared";
import { QueueEvents, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { StyleDescriptor, styleDescriptorOptionsFromEnv } from "../analysis/descriptor.ts";
import type { WorkerConfig } from "../config.ts";
import { createEngine, engineConfigFromEnv, type GenerationEngine } from "../engines/index.ts";
import { createExportWorker } from "../export/worker.ts";
import { createInpaintWorker } from "../inpaint/worker.ts";
import { readObject } from "../library/deps.ts";
import { createLibraryWorker } from "../library/index.ts";
import { getStyleMatcher } from "../styles/index.ts";
import { CancelListener } from "./cancel.ts";
import { type GenerationDeps, processGeneration } from "./generation.ts";
import { MAINTENANCE_QUEUE, runMaintenance, scheduleMaintenance } from "./maintenance.ts";
import { createScorer } from "./scoring.ts";

export interface JobContext {
  config: WorkerConfig;
  sql: Sql;
  redis: Redis;
  logger: Logger;
  /** Called with each BullMQ Worker as soon as it exists, before it can finish a job (metrics). */
  onWorkerCreated?(worker: Worker): void;
}

export interface JobWorkers {
  workers: Worker[];
  engine: GenerationEngine;
  close(): Promise<void>;
}

/** How many waiting panels are told their place in the queue when a job starts. */
export const QUEUE_POSITIONS_SHOWN = 50;

/** URL under which the api serves a stored file to the members of its project. */
export function fileUrl(key: string): string {
  return `/api/files/${key.split("/").map(encodeURIComponent).join("/")}`;
}

/** Starts one BullMQ Worker per queue this process serves. */
export async function startJobWorkers(ctx: JobContext): Promise<JobWorkers> {
  const { config, sql, redis, logger } = ctx;
  const prefix = config.REDIS_PREFIX;
  const storage = createStorage(config, "worker");
  const engine = createEngine(await engineConfigFromEnv(config));
  const descriptor = await StyleDescriptor.create(styleDescriptorOptionsFromEnv(config));
  const credits = new PostgresCreditLedger(sql);
  const cancels = await CancelListener.start(redis, cancelChannel(prefix));
  const queue = createGenerationQueue(redis.duplicate(), prefix);

  const deps: GenerationDeps = {
    sql,
    logger,
    engine,
    store: { put: (key, body, type) => storage.put(key, body, type), urlFor: fileUrl },
    credits,
    score: createScorer(sql, storage, descriptor),
    loadObject: (key) => readObject(storage, key),
    onCancel: (id, abort) => cancels.on(id, abort),
    publish: (pageId, shapeId, patch) =>
      publishPageEvent(redis, prefix, { type: "generation", pageId, shapeId, patch }),
    async onJobStarted() {
      const waiting = await queue.getWaiting(0, QUEUE_POSITIONS_SHOWN - 1);
      // BullMQ lists the newest first; the oldest waiting job runs next.
      const ordered = waiting.filter(Boolean).reverse();
      await Promise.all(
        ordered.map((job, i) =>
          publishPageEvent(redis, prefix, {
            type: "generation",
            pageId: job.data.pageId,
            shapeId: job.data.shapeId,
            patch: {
              generationId: job.data.generationId,
              requestedAtMs: job.data.requestedAtMs,
              status: "queued",
              queuePosition: i + 1,
            },
          }),
        ),
      );
    },
    async enqueueAutoRegeneration(payload: PanelGenerationPayload) {
      // One free regeneration: a new generation row with no reservation, marked as automatic.
      const [row] = await sql<{ id: string }[]>`
        insert into generations (project_id, panel_id, user_id, status, type, prompt, params, buzz_cost,
                                 auto_regenerated, engine)
        values (${payload.projectId}, ${payload.panelId}, ${payload.userId}, 'queued', 'panel', ${payload.prompt},
                ${sql.json({ ...payload, autoRegeneration: true } as never)}, 0, true, ${engine.name})
        returning id`;
      const next: PanelGenerationPayload = {
        ...payload,
        requestedAtMs: Date.now(),
        generationId: row!.id,
        reservationId: null,
        seed: (payload.seed + 7_919) % 2 ** 31,
        autoRegeneration: true,
      };
      await sql`update generations set params = ${sql.json(next as never)} where id = ${row!.id}`;
      await enqueueGeneration(queue, next);
      await publishQueued(redis, prefix, next, await queue.getWaitingCount(), engine.name);
    },
  };

  const generation = new Worker<PanelGenerationPayload>(
    QUEUES.generation,
    (job, _token, signal) => processGeneration(deps, job, signal),
    {
      connection: redis.duplicate(),
      prefix,
      concurrency: config.WORKER_CONCURRENCY,
      lockDuration: config.WORKER_LOCK_MS,
      stalledInterval: config.WORKER_LOCK_MS,
    },
  );
  ctx.onWorkerCreated?.(generation);
  generation.on("failed", (job, err) =>
    logger.warn({ generationId: job?.id, attempt: job?.attemptsMade, err: err.message }, "generation failed"),
  );

  // A job that fails without our processor's final word (stalled too often after a worker died)
  // still settles: mark the row failed and release the hold. Both are idempotent.
  const events = new QueueEvents(QUEUES.generation, { connection: redis.duplicate(), prefix });
  events.on("failed", ({ jobId, failedReason }) => {
    void (async () => {
      const [row] = await sql<{ reservation_id: string | null; params: PanelGenerationPayload }[]>`
        update generations set status = 'failed', error_message = ${failedReason}, completed_at = now()
         where id = ${jobId} and status in ('pending', 'queued', 'processing')
         returning reservation_id, params`;
      if (!row) return;
      if (row.reservation_id) await credits.release(row.reservation_id);
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
    })().catch((err: unknown) => logger.error({ err, jobId }, "could not settle a failed generation"));
  });

  await scheduleMaintenance(ctx);
  const maintenance = new Worker(MAINTENANCE_QUEUE, (job) => runMaintenance(ctx, job), {
    connection: redis.duplicate(),
    prefix,
    concurrency: 1,
  });
  ctx.onWorkerCreated?.(maintenance);
  maintenance.on("failed", (job, err) => logger.error({ job: job?.name, err }, "maintenance job failed"));
  const exports = createExportWorker({
    sql,
    redis,
    prefix,
    storage,
    logger,
    urlFor: fileUrl,
    lockDurationMs: config.WORKER_LOCK_MS,
  });
  const library = createLibraryWorker(
    {
      sql,
      logger,
      engine,
      storage,
      credits,
      descriptor,
      matcher: () => getStyleMatcher(descriptor, { storage }),
    },
    { redis, prefix, lockDurationMs: config.WORKER_LOCK_MS },
  );
  ctx.onWorkerCreated?.(library);
  if (config.NODE_ENV !== "test") {
    // Renders the style catalogue's samples into storage (served by the api's catalogue listing)
    // and fits the matcher, in the background: once per storage, then well under a second.
    void getStyleMatcher(descriptor, { storage }).catch((err: unknown) =>
      logger.warn({ err }, "style matcher warm-up failed; it is retried on the first style job"),
    );
  }
  const inpaint = createInpaintWorker(
    {
      ...deps,
      loadObject: (key) => readObject(storage, key),
      publishPanelImage: (pageId, shapeId, imageUrl) =>
        publishPageEvent(redis, prefix, { type: "panel-image", pageId, shapeId, imageUrl }),
    },
    { redis, prefix, lockDurationMs: config.WORKER_LOCK_MS },
  );
  ctx.onWorkerCreated?.(inpaint.worker);
  await Promise.all([
    library.waitUntilReady(),
    inpaint.waitUntilReady(),
    generation.waitUntilReady(),
    maintenance.waitUntilReady(),
    exports.waitUntilReady(),
    events.waitUntilReady(),
  ]);
  await redis.set(engineKey(prefix), JSON.stringify(engine.describe()));
  logger.info({ engine: engine.describe() }, "generation engine ready");

  const workers = [generation, maintenance, exports, library];
  return {
    workers,
    engine,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await inpaint.close();
      await events.close();
      await queue.close();
      await cancels.close();
      await engine.close?.();
    },
  };
}
