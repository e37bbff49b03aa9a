import { AppError } from "@comic-studio/shared";
import type { Redis } from "ioredis";

export interface LimitState {
  count: number;
  retryAfterS: number;
}

/**
 * Fixed-window counters in Redis: INCR and the window's expiry in one round trip, shared by
 * every api instance, and nothing written to Postgres while someone hammers the endpoint.
 */
export class RateLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  #key(bucket: string, id: string): string {
    return `${this.#prefix}:rl:${bucket}:${id}`;
  }

  /** Counts one hit; returns the count in the current window and the seconds left in it. */
  async hit(bucket: string, id: string, windowS: number): Promise<LimitState> {
    const key = this.#key(bucket, id);
    const results = await this.#redis.multi().incr(key).expire(key, windowS, "NX").ttl(key).exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttl = Number(results?.[2]?.[1] ?? windowS);
    return { count, retryAfterS: ttl > 0 ? ttl : windowS };
  }

  async peek(bucket: string, id: string): Promise<LimitState> {
    const key = this.#key(bucket, id);
    const [count, ttl] = await Promise.all([this.#redis.get(key), this.#redis.ttl(key)]);
    return { count: Number(count ?? 0), retryAfterS: Math.max(ttl, 0) };
  }

  async reset(bucket: string, id: string): Promise<void> {
    await this.#redis.del(this.#key(bucket, id));
  }

  /** Throws RATE_LIMITED (the error handler adds Retry-After) once `state` has reached `max`. */
  static refuseAt(state: LimitState, max: number, message: string, windowS: number): void {
    if (state.count >= max) {
      throw new AppError("RATE_LIMITED", message, { retryAfterS: state.retryAfterS || windowS });
    }
  }
}
