import type { Redis } from "ioredis";
import type { Sql } from "./db.ts";

export interface HealthReport {
  status: "ok" | "degraded";
  service: string;
  checks: { postgres: CheckResult; redis: CheckResult };
}
export interface CheckResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

const CHECK_TIMEOUT_MS = 2_000;

async function timed(fn: () => Promise<unknown>): Promise<CheckResult> {
  const start = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS).unref()),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - start) };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - start),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Reports whether Postgres and Redis answer, as every service's health check does. */
export async function checkHealth(service: string, sql: Sql, redis: Redis): Promise<HealthReport> {
  const [postgres, redisCheck] = await Promise.all([timed(() => sql`select 1`), timed(() => redis.ping())]);
  return {
    status: postgres.ok && redisCheck.ok ? "ok" : "degraded",
    service,
    checks: { postgres, redis: redisCheck },
  };
}
