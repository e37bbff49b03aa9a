import type { Logger, Sql } from "@comic-studio/infra";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { WorkerConfig } from "../config.ts";
import { MAINTENANCE_QUEUE, runMaintenance, scheduleMaintenance } from "./maintenance.ts";

export interface JobContext {
  config: WorkerConfig;
  sql: Sql;
  redis: Redis;
  logger: Logger;
}

/** Starts one BullMQ Worker per queue this process serves. */
export async function startJobWorkers(ctx: JobContext): Promise<Worker[]> {
  const connection = ctx.redis.duplicate();
  await scheduleMaintenance(ctx);
  const maintenance = new Worker(MAINTENANCE_QUEUE, (job) => runMaintenance(ctx, job), {
    connection,
    prefix: ctx.config.REDIS_PREFIX,
    concurrency: 1,
  });
  maintenance.on("failed", (job, err) => ctx.logger.error({ job: job?.name, err }, "maintenance job failed"));
  await maintenance.waitUntilReady();
  return [maintenance];
}
