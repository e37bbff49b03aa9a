import { Redis, type RedisOptions } from "ioredis";

/**
 * A Redis connection with the settings BullMQ needs (no per-request retry limit,
 * no ready check delay). `keyPrefix` is left to callers: BullMQ has its own `prefix`.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    ...options,
  });
}
