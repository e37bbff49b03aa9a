import { type Job, Queue } from "bullmq";
import type { JobContext } from "./index.ts";

export const MAINTENANCE_QUEUE = "maintenance";
/** How often expired sessions are swept. */
export const SESSION_SWEEP_EVERY_MS = 10 * 60_000;

export type MaintenanceJobName = "sweep-sessions";

/** Registers the repeatable maintenance jobs (idempotent: a scheduler id per job). */
export async function scheduleMaintenance(ctx: JobContext): Promise<void> {
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: ctx.redis, prefix: ctx.config.REDIS_PREFIX });
  await queue.upsertJobScheduler(
    "sweep-sessions",
    { every: SESSION_SWEEP_EVERY_MS },
    { name: "sweep-sessions" },
  );
  await queue.close();
}

export async function runMaintenance(ctx: JobContext, job: Job): Promise<unknown> {
  const name = job.name as MaintenanceJobName;
  switch (name) {
    case "sweep-sessions": {
      const rows = await ctx.sql`delete from sessions where expires_at < now() returning id`;
      return { deleted: rows.length };
    }
    default: {
      const unknown: never = name;
      throw new Error(`Unknown maintenance job ${String(unknown)}`);
    }
  }
}
