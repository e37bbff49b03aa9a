import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { processMetrics } from "@comic-studio/infra";
import { AppError, type ErrorCode, QUEUES } from "@comic-studio/shared";
import type { Job, Worker } from "bullmq";
import { Counter, Histogram, Registry } from "prom-client";

/**
 * Job metrics, recorded where the job ran. Each BullMQ Worker emits `completed`, `failed` and
 * `stalled` only in the process that ran (or, for `stalled`, detected) the job, so every job is
 * counted exactly once however many worker processes run; Prometheus scrapes every worker's
 * `/metrics` and sums the series. (QueueEvents would deliver every job's events to every process
 * that listens, so counting from them would multiply by the number of listeners.) Queue depth is
 * global and lives in the api's /api/metrics instead.
 */

/** Seconds: a sketch panel takes about a second, a ComfyUI panel up to minutes. */
export const GENERATION_SECONDS_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];

/** The part of a generation job's return value the metrics read (GenerationResultValue). */
interface GenerationTimes {
  engine?: unknown;
  engineMs?: unknown;
  totalMs?: unknown;
}

export interface WorkerMetrics {
  readonly registry: Registry;
  /** Records the jobs of these BullMQ workers from now on; a worker already observed is skipped. */
  observe(workers: readonly Worker[]): void;
  /** Renders this service's and the process's metrics in the text exposition format. */
  render(): Promise<string>;
  readonly contentType: string;
}

export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  const generationSeconds = new Histogram({
    name: "comic_studio_generation_duration_seconds",
    help: "Wall time of a completed panel generation job in this worker (engine, storage, scores, record).",
    labelNames: ["engine"] as const,
    buckets: GENERATION_SECONDS_BUCKETS,
    registers: [registry],
  });
  const engineSeconds = new Histogram({
    name: "comic_studio_generation_engine_duration_seconds",
    help: "Time the engine took to render a completed panel generation job in this worker.",
    labelNames: ["engine"] as const,
    buckets: GENERATION_SECONDS_BUCKETS,
    registers: [registry],
  });
  const completed = new Counter({
    name: "comic_studio_jobs_completed_total",
    help: "Jobs this worker completed, by queue.",
    labelNames: ["queue"] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: "comic_studio_job_failures_total",
    help:
      "Failed job attempts in this worker, by queue. final=true: the job moved to failed (no retry " +
      "left, or unrecoverable, or stalled too often); final=false: BullMQ will retry it.",
    labelNames: ["queue", "final"] as const,
    registers: [registry],
  });
  const stalled = new Counter({
    name: "comic_studio_jobs_stalled_total",
    help: "Jobs whose worker lost them (crashed or blocked), found by this worker's stalled-job check.",
    labelNames: ["queue"] as const,
    registers: [registry],
  });

  const onCompleted = (queue: string, result: unknown) => {
    completed.inc({ queue });
    if (queue !== QUEUES.generation) return;
    const times = (result ?? {}) as GenerationTimes;
    const engine = typeof times.engine === "string" ? times.engine : "unknown";
    if (typeof times.totalMs === "number") generationSeconds.observe({ engine }, times.totalMs / 1000);
    if (typeof times.engineMs === "number") engineSeconds.observe({ engine }, times.engineMs / 1000);
  };
  // BullMQ sets finishedOn only when it moves the job to failed for good (and clears it on a
  // manual retry), so it tells a final failure from one that will be retried.
  const onFailed = (queue: string, job: Job | undefined) => {
    const final = job ? typeof job.finishedOn === "number" : true;
    failures.inc({ queue, final: String(final) });
  };

  const observed = new WeakSet<Worker>();
  return {
    registry,
    contentType: registry.contentType,
    observe(workers) {
      for (const worker of workers) {
        if (observed.has(worker)) continue;
        observed.add(worker);
        const queue = worker.name;
        // Series exist from the start, so rate() and alerts see a 0 rather than nothing.
        completed.inc({ queue }, 0);
        failures.inc({ queue, final: "true" }, 0);
        failures.inc({ queue, final: "false" }, 0);
        stalled.inc({ queue }, 0);
        worker.on("completed", (_job, result) => onCompleted(queue, result));
        worker.on("failed", (job) => onFailed(queue, job));
        worker.on("stalled", () => stalled.inc({ queue }));
      }
    },
    render: async () => (await registry.metrics()) + (await processMetrics().metrics()),
  };
}

/** Whether `Authorization: Bearer <token>` carries the token; constant time over digests. */
export function metricsTokenMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

/**
 * Answers GET /metrics on the worker's health server. With METRICS_TOKEN set the scraper must send
 * it as a bearer token; without it the endpoint is open, like /health.
 */
export function serveMetrics(
  metrics: WorkerMetrics,
  token: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const fail = (code: ErrorCode, message: string) => {
    const error = new AppError(code, message);
    res.writeHead(error.status, { "content-type": "application/json" });
    res.end(JSON.stringify(error.toBody()));
  };
  if (req.method !== "GET" && req.method !== "HEAD") {
    fail("NOT_FOUND", "Not found");
    return;
  }
  if (token && !metricsTokenMatches(req.headers.authorization, token)) {
    fail("UNAUTHENTICATED", "Send the metrics token as a bearer token.");
    return;
  }
  metrics.render().then(
    (text) => {
      res.writeHead(200, { "content-type": metrics.contentType, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : text);
    },
    () => fail("INTERNAL", "Metrics could not be collected."),
  );
}
