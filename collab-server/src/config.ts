import { parseEnv } from "@comic-studio/shared";
import { z } from "zod";

/** collab-server's settings, read from the environment. Defaults suit local development. */
export const collabConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3002),
  /** Interface to listen on. */
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.url().default("postgres://postgres@127.0.0.1:5432/comic_studio"),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /** Namespace of the Redis channels instances use to share documents. */
  REDIS_PREFIX: z.string().min(1).default("cs"),
  /** The browser origin whose cookie-carrying WebSockets and requests are accepted. */
  APP_ORIGIN: z.url().default("http://localhost:5173"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Quiet period before a changed document is stored, in ms. */
  STORE_DEBOUNCE_MS: z.coerce.number().int().min(0).default(2_000),
  /** Longest a changed document waits to be stored while edits keep coming, in ms. */
  STORE_MAX_DEBOUNCE_MS: z.coerce.number().int().min(0).default(10_000),
  /** How often a connection's session and project role are checked again, in ms. */
  MEMBERSHIP_RECHECK_MS: z.coerce.number().int().min(100).default(3_000),
  /** How often an open, changed page gets an automatic snapshot, in ms. 0 turns them off. */
  SNAPSHOT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 60_000),
  /** Automatic snapshots kept per page (labelled ones are kept). */
  SNAPSHOT_KEEP: z.coerce.number().int().min(1).default(50),
  /** Name of this instance in logs. */
  INSTANCE_NAME: z.string().optional(),
});

export type CollabConfig = z.infer<typeof collabConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): CollabConfig {
  return parseEnv("collab-server", collabConfigSchema, env);
}
