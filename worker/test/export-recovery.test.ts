import {
  createExportQueue,
  createLogger,
  createRedis,
  enqueueExport,
  PostgresCreditLedger,
  TEST_REDIS_URL,
  testPrefix,
} from "@comic-studio/infra";
import { type ExportPayload, exportRenderOptions, QUEUES } from "@comic-studio/shared";
import { type Job, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepLostExports, WORKER_LOST_MESSAGE } from "../src/export/recovery.ts";
import { createExportWorker } from "../src/export/worker.ts";
import { addExport, addPage, createExportWorld, type ExportWorld, fileUrl } from "./export-fixtures.ts";

// An export whose worker died must not stay "processing": these tests kill a worker the way
// a crash does (it holds the job's lock and stops renewing it) and watch the row.

let world: ExportWorld;
let pageId: string;
const redis = createRedis(TEST_REDIS_URL);
// Short enough to keep the test quick, long enough that a loaded machine still renews a live lock.
const LOCK_MS = 1_500;

beforeAll(async () => {
  world = await createExportWorld("exportrec");
  pageId = await addPage(world, 1, "2-panel", []);
});

afterAll(async () => {
  const keys = await redis.keys("test:exportrec*");
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await world?.close();
});

async function row(id: string) {
  const [r] = await world.db.sql<
    {
      status: string;
      attempts: number;
      error_message: string | null;
      options: { outcome?: { errorCode: string } };
    }[]
  >`select status, attempts, error_message, options from export_jobs where id = ${id}`;
  return r!;
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await what();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A worker that takes a job and dies: the job is active under a lock nobody renews. */
function deadWorker(prefix: string): Worker<ExportPayload> {
  return new Worker<ExportPayload>(QUEUES.export, null, {
    connection: redis.duplicate(),
    prefix,
    autorun: false,
    lockDuration: LOCK_MS,
    // BullMQ runs a stalled check at most once per interval: keep it short for the test.
    stalledInterval: 100,
  });
}

async function takeAndDie(dead: Worker<ExportPayload>, payload: ExportPayload): Promise<Job<ExportPayload>> {
  // A job moved back to wait may not wake a blocking fetch at once (and a loaded machine is
  // slow to move it): ask again, without blocking, until it is handed out.
  const token = `dead-${Math.random()}`;
  const job = await until(
    () => dead.getNextJob(token, { block: false }),
    (j) => j !== undefined,
  );
  expect(job?.id).toBe(payload.exportId);
  // It had started: the row said processing.
  await world.db
    .sql`update export_jobs set status = 'processing', progress = 0.4 where id = ${payload.exportId}`;
  return job!;
}

describe("export recovery", () => {
  it("runs an export again when its worker died, and the row says so on the way", async () => {
    const prefix = testPrefix("exportrec");
    const queue = createExportQueue(redis.duplicate(), prefix);
    const dead = deadWorker(prefix);
    const payload = await addExport(
      world,
      "png",
      [pageId],
      exportRenderOptions({ format: "png", highRes: false }),
    );
    await enqueueExport(queue, payload);
    await takeAndDie(dead, payload);
    const worker = createExportWorker({
      sql: world.db.sql,
      redis,
      prefix,
      storage: world.storage,
      logger: createLogger("worker-test", "silent"),
      urlFor: fileUrl,
      lockDurationMs: LOCK_MS,
    });
    const statuses = new Set<string>();
    worker.on("stalled", () => statuses.add("stalled"));
    try {
      const done = await until(
        () => row(payload.exportId),
        (r) => {
          statuses.add(r.status);
          return r.status === "completed" || r.status === "failed";
        },
      );
      expect(done.status).toBe("completed");
      expect(statuses.has("stalled")).toBe(true);
      expect(done.attempts).toBe(1);
    } finally {
      await worker.close();
      await dead.close();
      await queue.close();
    }
  });

  it("fails the row and releases its hold when the job stalls more often than BullMQ allows", async () => {
    const prefix = testPrefix("exportrec");
    const queue = createExportQueue(redis.duplicate(), prefix);
    const ledger = new PostgresCreditLedger(world.db.sql);
    const hold = await ledger.reserve(world.userId, { action: "export-test", amount: 4 });
    const payload = await addExport(
      world,
      "pdf",
      [pageId],
      exportRenderOptions({ format: "pdf", highRes: false }),
      hold.reservationId,
    );
    await world.db
      .sql`update export_jobs set options = options || ${world.db.sql.json({ reservationId: hold.reservationId } as never)} where id = ${payload.exportId}`;
    // The export worker only listens here (paused): two dead workers lose the job in turn.
    const worker = createExportWorker({
      sql: world.db.sql,
      redis,
      prefix,
      storage: world.storage,
      logger: createLogger("worker-test", "silent"),
      urlFor: fileUrl,
      lockDurationMs: LOCK_MS,
    });
    await worker.waitUntilReady();
    await worker.pause(true);
    await enqueueExport(queue, payload);
    const dead = deadWorker(prefix);
    const check = dead as unknown as { moveStalledJobsToWait(): Promise<void> };
    try {
      for (let loss = 0; loss < 2; loss++) {
        await takeAndDie(dead, payload);
        await new Promise((r) => setTimeout(r, LOCK_MS + 200));
        // BullMQ's check marks active jobs on one pass and moves those without a lock on the
        // next (the paused worker's own timer runs it too; a pass runs once per interval).
        await until(
          async () => {
            await check.moveStalledJobsToWait();
            return queue.getJobState(payload.exportId);
          },
          (state) => state !== "active",
        );
      }
      // BullMQ 6 defers the failure to the next worker that takes the job: ours, resumed.
      worker.resume();
      const failed = await until(
        () => row(payload.exportId),
        (r) => r.status === "failed",
      );
      expect(failed.error_message).toBe(WORKER_LOST_MESSAGE);
      expect(failed.options.outcome?.errorCode).toBe("WORKER_LOST");
      const [res] = await world.db.sql<{ status: string }[]>`
        select status from credit_reservations where id = ${hold.reservationId}`;
      expect(res!.status).toBe("released");
    } finally {
      await worker.close();
      await dead.close();
      await queue.close();
    }
  });

  it("sweeps rows whose job is gone from the queue, and leaves queued ones alone", async () => {
    const prefix = testPrefix("exportrec");
    const queue = createExportQueue(redis.duplicate(), prefix);
    const lost = await addExport(
      world,
      "png",
      [pageId],
      exportRenderOptions({ format: "png", highRes: false }),
    );
    const queued = await addExport(
      world,
      "png",
      [pageId],
      exportRenderOptions({ format: "png", highRes: false }),
    );
    const fresh = await addExport(
      world,
      "png",
      [pageId],
      exportRenderOptions({ format: "png", highRes: false }),
    );
    await enqueueExport(queue, queued);
    await world.db.sql`
      update export_jobs set status = 'processing', updated_at = now() - interval '10 minutes'
       where id in ${world.db.sql([lost.exportId, queued.exportId])}`;
    try {
      const swept = await sweepLostExports(
        world.db.sql,
        queue,
        new PostgresCreditLedger(world.db.sql),
        5 * 60_000,
      );
      expect(swept).toEqual([lost.exportId]);
      expect((await row(lost.exportId)).status).toBe("failed");
      expect((await row(queued.exportId)).status).toBe("processing");
      // Recent rows are not judged yet (a job may be on its way into the queue).
      expect((await row(fresh.exportId)).status).toBe("pending");
    } finally {
      await queue.close();
    }
  });
});
