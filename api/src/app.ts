import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createExportQueue, createGenerationQueue, PostgresCreditLedger } from "@comic-studio/infra";
import { QUEUES } from "@comic-studio/shared";
import { Queue } from "bullmq";
import express, { type Express } from "express";
import { type ApiConfig, cookieSecure } from "./config.ts";
import type { ApiDeps, ApiQueues, RouteContext } from "./deps.ts";
import { csrfOriginCheck } from "./http/csrf.ts";
import { errorHandler, notFound } from "./http/errors.ts";
import { RateLimiter } from "./http/rate-limit.ts";
import { requestLog } from "./http/request-log.ts";
import { loadSession } from "./http/session.ts";
import { adminRoutes } from "./routes/admin.ts";
import { authRoutes } from "./routes/auth.ts";
import { creditRoutes } from "./routes/credits.ts";
import { exportRoutes } from "./routes/exports.ts";
import { generationRoutes } from "./routes/generations.ts";
import { inpaintRoutes } from "./routes/inpaint.ts";
import { libraryRoutes } from "./routes/library.ts";
import { memberRoutes } from "./routes/members.ts";
import { oidcRoutes } from "./routes/oidc.ts";
import { pageRoutes } from "./routes/pages.ts";
import { projectRoutes } from "./routes/projects.ts";
import { reviewRoutes } from "./routes/reviews.ts";
import { systemRoutes } from "./routes/system.ts";
import { uploadRoutes } from "./routes/uploads.ts";
import { webhookRoutes } from "./routes/webhooks.ts";
import { NotificationStream } from "./services/reviews/notification-stream.ts";
import { createStorage } from "./storage/index.ts";

/** JSON bodies are small; uploads go through their own streaming parser. */
const JSON_LIMIT = "100kb";

export interface RunningApi {
  port: number;
  server: Server;
  /** Stops accepting, lets requests in flight finish, then closes idle connections. */
  close(): Promise<void>;
}

export interface ApiServer {
  app: Express;
  context: RouteContext;
  listen(port?: number, host?: string): Promise<RunningApi>;
}

/** Builds the api: middleware, routes under /api, the error contract. No side effects until listen. */
export function createApiServer(config: ApiConfig, deps: ApiDeps): ApiServer {
  const context: RouteContext = {
    config,
    sql: deps.sql,
    redis: deps.redis,
    logger: deps.logger,
    credits: deps.credits ?? new PostgresCreditLedger(deps.sql),
    storage: deps.storage ?? createStorage(config),
    limiter: new RateLimiter(deps.redis, config.REDIS_PREFIX),
    cookies: { secure: cookieSecure(config) },
    queues: createQueues(deps, config.REDIS_PREFIX),
    notifications: new NotificationStream(deps.redis, config.REDIS_PREFIX, deps.sql, deps.logger),
  };

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  if (config.TRUST_PROXY) app.set("trust proxy", parseTrustProxy(config.TRUST_PROXY));

  const api = express.Router();
  api.use(requestLog(deps.logger));
  api.use((_req, res, next) => {
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("cache-control", "no-store");
    next();
  });
  // Health and the OpenAPI document need neither a session nor a body.
  api.use(systemRoutes(context));
  api.use(csrfOriginCheck(config.APP_ORIGIN));
  // Before the JSON parser: signatures are checked over the raw bytes.
  api.use(webhookRoutes(context));
  api.use(express.json({ limit: JSON_LIMIT }));
  api.use(loadSession(deps.sql, context.cookies));
  api.use(authRoutes(context));
  api.use(oidcRoutes(context));
  api.use(projectRoutes(context));
  api.use(memberRoutes(context));
  api.use(pageRoutes(context));
  api.use(creditRoutes(context));
  api.use(uploadRoutes(context));
  api.use(generationRoutes(context));
  api.use(inpaintRoutes(context));
  api.use(libraryRoutes(context));
  api.use(exportRoutes(context));
  api.use(reviewRoutes(context));
  api.use(adminRoutes(context));
  api.use(notFound);
  api.use(errorHandler);
  app.use("/api", api);
  // Outside /api there is nothing: still answer in the contract's shape.
  app.use(notFound, errorHandler);

  return {
    app,
    context,
    listen: (port = config.PORT, host) => listen(app, port, host, context),
  };
}

function createQueues(deps: ApiDeps, prefix: string): ApiQueues {
  const generation = createGenerationQueue(deps.redis, prefix);
  const exports = createExportQueue(deps.redis, prefix);
  const others = Object.values(QUEUES)
    .filter((name) => name !== QUEUES.generation && name !== QUEUES.export)
    .map((name) => new Queue(name, { connection: deps.redis, prefix }));
  return { generation, export: exports, all: [generation, exports, ...others] as Queue[] };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === "true") return true;
  if (value === "false") return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function listen(
  app: Express,
  port: number,
  host: string | undefined,
  { queues, notifications }: Pick<RouteContext, "queues" | "notifications">,
): Promise<RunningApi> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host ?? "0.0.0.0", (error?: Error) => {
      if (error) return reject(error);
      const address = server.address() as AddressInfo;
      resolve({
        port: address.port,
        server,
        close: async () => {
          // Event streams never finish on their own: end them so close() does not wait forever.
          await notifications.close();
          await new Promise<void>((done, fail) => {
            server.close((closeError) => (closeError ? fail(closeError) : done()));
            // Keep-alive sockets with nothing in flight would hold close() open.
            server.closeIdleConnections();
          });
          // The queues share the caller's Redis connection, which stays open for the caller to close.
          await Promise.all(queues.all.map((queue) => queue.close()));
        },
      });
    });
    server.on("error", reject);
  });
}
