import { storageEnvSchema } from "@comic-studio/infra";
import { parseEnv } from "@comic-studio/shared";
import { z } from "zod";
import { styleDescriptorEnvSchema } from "./analysis/descriptor.ts";
import { engineEnvSchema } from "./engines/index.ts";

export const workerConfigSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** Health check port. */
    PORT: z.coerce.number().int().min(0).max(65_535).default(3003),
    DATABASE_URL: z.url().default("postgres://postgres@127.0.0.1:5432/comic_studio"),
    REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
    /** BullMQ key prefix; several deployments (or tests) can share one Redis. */
    REDIS_PREFIX: z.string().min(1).default("cs"),
    /** Jobs one worker process runs at once per queue. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .extend(storageEnvSchema.shape)
  .extend(engineEnvSchema.shape)
  .extend(styleDescriptorEnvSchema.shape);
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  return parseEnv("worker", workerConfigSchema, env);
}
