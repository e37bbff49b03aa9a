import type { CreditLedger, ExportQueue, GenerationQueue, Logger, Sql } from "@comic-studio/infra";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { ApiConfig } from "./config.ts";
import type { RateLimiter } from "./http/rate-limit.ts";
import type { CookiePolicy } from "./http/session.ts";
import type { NotificationStream } from "./services/reviews/notification-stream.ts";
import type { ObjectStorage } from "./storage/index.ts";

/** What the api is built from; tests pass a fresh database and a unique Redis prefix. */
export interface ApiDeps {
  sql: Sql;
  redis: Redis;
  logger: Logger;
  /** Default: the Postgres ledger on `sql`. */
  credits?: CreditLedger;
  /** Default: from STORAGE_DRIVER (local disk under STORAGE_DIR, or S3). */
  storage?: ObjectStorage;
}

/** Everything a route module needs, resolved once by createApiServer. */
export interface RouteContext {
  config: ApiConfig;
  sql: Sql;
  redis: Redis;
  logger: Logger;
  credits: CreditLedger;
  storage: ObjectStorage;
  limiter: RateLimiter;
  cookies: CookiePolicy;
  /** One BullMQ Queue per queue, on the shared connection; closed with the server. */
  queues: ApiQueues;
  /** Live unread counts for the notification bell; closed with the server. */
  notifications: NotificationStream;
}

export interface ApiQueues {
  generation: GenerationQueue;
  export: ExportQueue;
  /** Every queue, for the dashboard and metrics. */
  all: Queue[];
}
