import { createHash, timingSafeEqual } from "node:crypto";
import { processMetrics } from "@comic-studio/infra";
import type { Queue } from "bullmq";
import { Gauge, Registry } from "prom-client";

/**
 * What the api exports to Prometheus, and why only this:
 *
 * - Queue depth is global state in Redis, read at scrape time (`getJobCounts`), so every api
 *   instance reports the same numbers. Scrape one instance, or aggregate with `max by (queue,
 *   state)` rather than `sum` when scraping several.
 * - Job durations, completions and failures are recorded by the worker process that ran the job
 *   (worker/src/metrics.ts, served at the worker's `/metrics`). Counting them here from BullMQ
 *   QueueEvents would be wrong as soon as two api instances run: each one receives every event, so
 *   every job would be counted once per api instance. In the worker each job is observed exactly
 *   once, by the process that ran it, and Prometheus sums the workers' series.
 * - Default process metrics (CPU, memory, event loop lag, GC) describe this api process.
 */

/** The states whose counts are exported per queue (BullMQ keeps prioritized jobs apart from waiting). */
export const QUEUE_STATES = ["waiting", "prioritized", "active", "delayed", "failed", "completed"] as const;

export interface ApiMetrics {
  /** The exposition format's content type. */
  readonly contentType: string;
  /** Collects (reading queue counts from Redis) and renders every metric as text. */
  render(): Promise<string>;
}

export function createApiMetrics(queues: readonly Queue[]): ApiMetrics {
  const registry = new Registry();
  new Gauge({
    name: "comic_studio_queue_jobs",
    help:
      "Jobs in each BullMQ queue by state, read from Redis when scraped. Global: every api instance " +
      "reports the same value. Completed and failed count only the jobs still retained.",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts(...QUEUE_STATES)));
      this.reset();
      queues.forEach((queue, i) => {
        for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[i]![state] ?? 0);
      });
    },
  });
  new Gauge({
    name: "comic_studio_queue_paused",
    help: "1 while a queue is paused (e.g. from the admin dashboard), else 0.",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      const paused = await Promise.all(queues.map((q) => q.isPaused()));
      queues.forEach((queue, i) => {
        this.set({ queue: queue.name }, paused[i] ? 1 : 0);
      });
    },
  });

  const perProcess = processMetrics();
  return {
    contentType: registry.contentType,
    // Queue counts first: if Redis does not answer, the scrape fails rather than half-reports.
    render: async () => (await registry.metrics()) + (await perProcess.metrics()),
  };
}

/**
 * Whether an `Authorization: Bearer <token>` header carries the configured metrics token.
 * Compared in constant time (over digests, so the lengths do not leak either).
 */
export function metricsTokenMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}
