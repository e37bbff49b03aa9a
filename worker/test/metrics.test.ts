import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createGenerationQueue,
  createLogger,
  createRedis,
  createTestDatabase,
  enqueueGeneration,
  TEST_REDIS_URL,
  type TestDatabase,
  testPrefix,
} from "@comic-studio/infra";
import { type PanelGenerationPayload, QUEUES } from "@comic-studio/shared";
import { type Job, Queue, QueueEvents, Worker } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { workerConfigSchema } from "../src/config.ts";
import type { GenerationResultValue } from "../src/jobs/generation.ts";
import { createWorkerMetrics } from "../src/metrics.ts";
import { startWorkerService } from "../src/service.ts";

const redis = createRedis(TEST_REDIS_URL);
const prefixes: string[] = [];

afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
});

function newPrefix(label: string): string {
  const prefix = testPrefix(label);
  prefixes.push(prefix);
  return prefix;
}

/** Reads one sample of a metric from the text exposition format, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

/** Resolves after `count` events of `event` on the worker. */
function nextEvents(worker: Worker, event: "completed" | "failed" | "stalled", count = 1): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const listener = () => {
      seen += 1;
      if (seen === count) {
        worker.off(event, listener);
        resolve();
      }
    };
    worker.on(event, listener);
  });
}

describe("job metrics recorded by a BullMQ worker", () => {
  it("observes generation times, completions, retried and final failures, and stalls", async () => {
    const prefix = newPrefix("wmetrics");
    const metrics = createWorkerMetrics();
    const options = { connection: redis, prefix };
    const queue = new Queue(QUEUES.generation, options);
    const worker = new Worker(
      QUEUES.generation,
      async (job: Job) => {
        if (job.name === "flaky") throw new Error("engine unreachable");
        return { engine: "sketch", engineMs: 1_500, totalMs: 2_000 };
      },
      { connection: redis.duplicate(), prefix, autorun: false, stalledInterval: 300, maxStalledCount: 2 },
    );
    metrics.observe([worker]);
    metrics.observe([worker]); // a second call must not double the listeners
    const thief = new Worker(QUEUES.generation, null, {
      connection: redis.duplicate(),
      prefix,
      autorun: false,
      lockDuration: 300,
    });
    try {
      let text = await metrics.render();
      expect(sample(text, "comic_studio_job_failures_total", { queue: "generation", final: "true" })).toBe(0);
      expect(sample(text, "comic_studio_jobs_completed_total", { queue: "generation" })).toBe(0);

      // A job taken by a process that then goes silent: its lock lapses and the check finds it.
      await queue.add("lost", {});
      expect(await thief.getNextJob("thief-token")).toBeTruthy();
      const stalled = nextEvents(worker, "stalled");
      const completedTwice = nextEvents(worker, "completed", 2);
      const failedTwice = nextEvents(worker, "failed", 2);
      void worker.run();
      await stalled;
      await queue.add("fine", {});
      await queue.add("flaky", {}, { attempts: 2 });
      await Promise.all([completedTwice, failedTwice]);

      text = await metrics.render();
      expect(sample(text, "comic_studio_jobs_stalled_total", { queue: "generation" })).toBe(1);
      expect(sample(text, "comic_studio_jobs_completed_total", { queue: "generation" })).toBe(2);
      expect(sample(text, "comic_studio_job_failures_total", { queue: "generation", final: "false" })).toBe(
        1,
      );
      expect(sample(text, "comic_studio_job_failures_total", { queue: "generation", final: "true" })).toBe(1);
      const total = { engine: "sketch" };
      expect(sample(text, "comic_studio_generation_duration_seconds_count", total)).toBe(2);
      expect(sample(text, "comic_studio_generation_duration_seconds_sum", total)).toBe(4);
      expect(sample(text, "comic_studio_generation_duration_seconds_bucket", { ...total, le: "1" })).toBe(0);
      expect(sample(text, "comic_studio_generation_duration_seconds_bucket", { ...total, le: "2.5" })).toBe(
        2,
      );
      expect(sample(text, "comic_studio_generation_engine_duration_seconds_sum", total)).toBe(3);
      expect(
        sample(text, "comic_studio_generation_engine_duration_seconds_bucket", { ...total, le: "1" }),
      ).toBe(0);
      // Default process metrics come along.
      expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(0);
    } finally {
      await thief.close(true);
      await worker.close();
      await queue.close();
    }
  }, 30_000);
});

describe("the worker service's /metrics", () => {
  let db: TestDatabase | undefined;
  let storageDir: string | undefined;
  afterAll(async () => {
    await db?.drop();
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  it("reports a real sketch generation's times and a failed job, behind the metrics token", async () => {
    db = await createTestDatabase("wmetrics");
    storageDir = await mkdtemp(join(tmpdir(), "cs-wmetrics-"));
    const prefix = newPrefix("wmetrics-svc");
    const token = "worker-metrics-token-0123456789";
    const config = workerConfigSchema.parse({
      NODE_ENV: "test",
      PORT: "0",
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      STORAGE_DIR: storageDir,
      LOG_LEVEL: "silent",
      ENGINE: "sketch",
      WORKER_CONCURRENCY: "1",
      METRICS_TOKEN: token,
    });
    const service = await startWorkerService(config, createLogger("worker-test", "silent"));
    const queue = createGenerationQueue(redis.duplicate(), prefix);
    const events = new QueueEvents(QUEUES.generation, { connection: redis.duplicate(), prefix });
    const url = `http://127.0.0.1:${service.port}/metrics`;
    try {
      await events.waitUntilReady();
      const { sql } = db;
      const [user] = await sql<{ id: string }[]>`
        insert into users (email, display_name) values (${`${randomUUID()}@example.test`}, 'Metrics') returning id`;
      const [project] = await sql<{ id: string }[]>`
        insert into projects (owner_id, name) values (${user!.id}, 'Metrics') returning id`;
      const [page] = await sql<{ id: string }[]>`
        insert into pages (project_id, page_number) values (${project!.id}, 1) returning id`;
      const [panel] = await sql<{ id: string }[]>`
        insert into panels (page_id, shape_id, position) values (${page!.id}, 'shape:p1', 0) returning id`;
      const [generation] = await sql<{ id: string }[]>`
        insert into generations (project_id, panel_id, user_id, status, type, prompt, engine)
        values (${project!.id}, ${panel!.id}, ${user!.id}, 'queued', 'panel', 'a lighthouse at dusk', 'sketch')
        returning id`;
      const payload: PanelGenerationPayload = {
        generationId: generation!.id,
        projectId: project!.id,
        pageId: page!.id,
        panelId: panel!.id,
        shapeId: "shape:p1",
        userId: user!.id,
        reservationId: null,
        prompt: "a lighthouse at dusk",
        width: 192,
        height: 128,
        variations: 1,
        seed: 42,
        characters: [],
        autoRegeneration: false,
        requestedAtMs: Date.now(),
      };
      await enqueueGeneration(queue, payload);
      const job = (await queue.getJob(payload.generationId))!;
      const result = (await job.waitUntilFinished(events, 60_000)) as GenerationResultValue;
      expect(result.engine).toBe("sketch");
      // No style references and no characters: no scores, so no automatic regeneration follows.
      expect(result.autoRegenerating).toBe(false);

      // A job whose generation is gone can never succeed: one final failure, no retry.
      const orphan = { ...payload, generationId: randomUUID(), requestedAtMs: Date.now() };
      await enqueueGeneration(queue, orphan);
      const orphanJob = (await queue.getJob(orphan.generationId))!;
      await expect(orphanJob.waitUntilFinished(events, 30_000)).rejects.toThrow(/no longer active/);

      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: "Bearer not-the-token-000000" } })).status).toBe(
        401,
      );
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      const sketch = { engine: "sketch" };
      expect(sample(text, "comic_studio_generation_duration_seconds_count", sketch)).toBe(1);
      expect(sample(text, "comic_studio_generation_duration_seconds_sum", sketch)).toBeCloseTo(
        result.totalMs / 1000,
        9,
      );
      expect(sample(text, "comic_studio_generation_engine_duration_seconds_count", sketch)).toBe(1);
      expect(sample(text, "comic_studio_generation_engine_duration_seconds_sum", sketch)).toBeCloseTo(
        result.engineMs / 1000,
        9,
      );
      expect(sample(text, "comic_studio_jobs_completed_total", { queue: "generation" })).toBe(1);
      expect(sample(text, "comic_studio_job_failures_total", { queue: "generation", final: "true" })).toBe(1);
      expect(sample(text, "comic_studio_job_failures_total", { queue: "generation", final: "false" })).toBe(
        0,
      );
      // Every queue this process serves has its series.
      expect(sample(text, "comic_studio_jobs_completed_total", { queue: "maintenance" })).toBeDefined();
    } finally {
      await events.close();
      await queue.close();
      await service.close();
    }
  }, 90_000);
});
