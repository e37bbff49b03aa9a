import { storageEnvSchema } from "@comic-studio/infra";
import { parseEnv } from "@comic-studio/shared";
import { z } from "zod";
import { styleDescriptorEnvSchema } from "./analysis/descriptor.ts";
import { engineEnvSchema } from "./engines/index.ts";
import { externalCatalogueEnvSchema } from "./styles/external.ts";

export const workerConfigSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** Address the health and metrics server binds; 0.0.0.0 to be scraped from other hosts. */
    HOST: z.string().default("127.0.0.1"),
    /** Health check port. */
    PORT: z.coerce.number().int().min(0).max(65_535).default(3003),
    DATABASE_URL: z.url().default("postgres://postgres@127.0.0.1:5432/comic_studio"),
    REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
    /** BullMQ key prefix; several deployments (or tests) can share one Redis. */
    REDIS_PREFIX: z.string().min(1).default("cs"),
    /** Jobs one worker process runs at once per queue. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /**
     * How long a worker's lock on a job lasts without renewal, in ms; a worker that dies is noticed
     * (its job "stalls" and another worker takes it) within about twice this. Default 30 s.
     */
    WORKER_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Bearer token Prometheus must send to GET /metrics on the health port; unset: open, like /health. */
    METRICS_TOKEN: z.string().min(16, "Use at least 16 characters").optional(),
  })
  .extend(storageEnvSchema.shape)
  .extend(engineEnvSchema.shape)
  .extend(styleDescriptorEnvSchema.shape)
  .extend(externalCatalogueEnvSchema.shape);
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  return parseEnv("worker", workerConfigSchema, env);
}
