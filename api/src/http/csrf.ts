import { AppError } from "@comic-studio/shared";
import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Origin check on mutating requests: a browser always sends Origin on them, so it must be the
 * app's. A request without Origin passes only when it carries no cookie (a Node client with a
 * bearer token, or a signed webhook): without a cookie there is no ambient authority to abuse.
 */
export function csrfOriginCheck(appOrigin: string): RequestHandler {
  const allowed = new URL(appOrigin).origin;
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    if (origin === undefined) {
      if (!req.get("cookie")) return next();
      return next(new AppError("CSRF_REJECTED", "This request must come from the app."));
    }
    if (origin === allowed) return next();
    next(new AppError("CSRF_REJECTED", "This request must come from the app."));
  };
}
