import { createStorage } from "@comic-studio/infra";
import { CATALOGUE_VERSION } from "@comic-studio/shared";
import { type Job, Queue } from "bullmq";
import { prepareStyleCatalogue } from "../styles/startup.ts";
import type { JobContext } from "./index.ts";

export const MAINTENANCE_QUEUE = "maintenance";
/** How often expired sessions are swept. */
export const SESSION_SWEEP_EVERY_MS = 10 * 60_000;

export type MaintenanceJobName = "sweep-sessions" | "render-catalogue";

/** Registers the repeatable maintenance jobs (idempotent: a scheduler id per job). */
export async function scheduleMaintenance(ctx: JobContext): Promise<void> {
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: ctx.redis, prefix: ctx.config.REDIS_PREFIX });
  await queue.upsertJobScheduler(
    "sweep-sessions",
    { every: SESSION_SWEEP_EVERY_MS },
    { name: "sweep-sessions" },
  );
  // Once per start: the curated styles' samples and match index (skips what storage already has).
  await queue.add(
    "render-catalogue",
    {},
    { jobId: `render-catalogue-${CATALOGUE_VERSION}`, removeOnComplete: true, removeOnFail: true },
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
    case "render-catalogue":
      return prepareStyleCatalogue(ctx.config, createStorage(ctx.config, "worker"));
    default: {
      const unknown: never = name;
      throw new Error(`Unknown maintenance job ${String(unknown)}`);
    }
  }
}
