import { randomUUID } from "node:crypto";
import type { Logger } from "@comic-studio/infra";
import type { RequestHandler } from "express";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * One JSON line per request when it finishes, like pino-http: id, method, path (no query: it
 * can carry OIDC codes), status and time. A child logger on `res.locals.log` carries the id.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const start = performance.now();
    res.locals.requestId = requestId;
    res.locals.log = logger.child({ reqId: requestId });
    res.setHeader("x-request-id", requestId);
    res.on("finish", () => {
      const status = res.statusCode;
      const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
      res.locals.log[level](
        {
          req: { method: req.method, path: req.originalUrl.split("?")[0], ip: req.ip },
          res: { statusCode: status },
          userId: res.locals.auth?.user.id,
          responseTimeMs: Math.round((performance.now() - start) * 10) / 10,
        },
        "request completed",
      );
    });
    next();
  };
}
