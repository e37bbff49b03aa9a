import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { checkHealth, createRedis, createSql, type Logger } from "@comic-studio/infra";
import type { Worker } from "bullmq";
import type { WorkerConfig } from "./config.ts";
import { startJobWorkers } from "./jobs/index.ts";
import { createWorkerMetrics, serveMetrics } from "./metrics.ts";

export interface WorkerService {
  port: number;
  /** Stops taking jobs, lets running ones finish, closes connections. */
  close(): Promise<void>;
}

/** Starts the job workers and a small HTTP server for the health check. */
export async function startWorkerService(config: WorkerConfig, logger: Logger): Promise<WorkerService> {
  const sql = createSql(config.DATABASE_URL, { max: config.WORKER_CONCURRENCY + 2 });
  const redis = createRedis(config.REDIS_URL);
  const metrics = createWorkerMetrics();
  const jobs = await startJobWorkers({
    config,
    sql,
    redis,
    logger,
    onWorkerCreated: (worker) => metrics.observe([worker]),
  });
  const workers: Worker[] = jobs.workers;
  // Any worker created without the hook is recorded from here on.
  metrics.observe(workers);

  const server: Server = createServer((req, res) => {
    if (req.url === "/metrics") return serveMetrics(metrics, config.METRICS_TOKEN, req, res);
    if (req.url === "/health" || req.url === "/health/") {
      void checkHealth("worker", sql, redis).then((report) => {
        const running = workers.every((w) => w.isRunning());
        res.writeHead(report.status === "ok" && running ? 200 : 503, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            ...report,
            workers: workers.map((w) => ({ queue: w.name, running: w.isRunning() })),
          }),
        );
      });
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "Not found" } }));
  });
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));

  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await jobs.close();
      await redis.quit();
      await sql.end({ timeout: 5 });
    },
  };
}
