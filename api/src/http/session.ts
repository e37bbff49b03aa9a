import { readCookie, type Sql, validateSessionToken } from "@comic-studio/infra";
import { AppError, SESSION_COOKIE, SESSION_TTL_MS } from "@comic-studio/shared";
import type { CookieOptions, Request, RequestHandler, Response } from "express";
import "./context.ts";

export interface CookiePolicy {
  secure: boolean;
}

function cookieOptions(policy: CookiePolicy, expires?: Date): CookieOptions {
  return {
    httpOnly: true,
    sameSite: "lax",
    secure: policy.secure,
    path: "/",
    ...(expires ? { expires } : {}),
  };
}

export function setSessionCookie(res: Response, policy: CookiePolicy, token: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, token, cookieOptions(policy, expiresAt));
}

export function clearSessionCookie(res: Response, policy: CookiePolicy): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(policy));
}

/** The session token of a request: the cookie, or `Authorization: Bearer <token>`. */
export function sessionToken(req: Request): { token: string; via: "cookie" | "bearer" } | undefined {
  const cookie = readCookie(req.get("cookie"), SESSION_COOKIE);
  if (cookie) return { token: cookie, via: "cookie" };
  const header = req.get("authorization");
  const match = header ? /^Bearer ([A-Za-z0-9]+)$/.exec(header) : null;
  if (match) return { token: match[1]!, via: "bearer" };
  return undefined;
}

/**
 * Resolves the caller on every request. An invalid cookie is cleared; a session extended by
 * the sliding expiry gets a fresh cookie. Routes decide whether a caller is required.
 */
export function loadSession(sql: Sql, policy: CookiePolicy): RequestHandler {
  return async (req, res, next) => {
    res.locals.auth = undefined;
    const found = sessionToken(req);
    if (!found) return next();
    const validated = await validateSessionToken(sql, found.token);
    if (!validated) {
      if (found.via === "cookie") clearSessionCookie(res, policy);
      return next();
    }
    res.locals.auth = { user: validated.user, sessionId: validated.session.id, via: found.via };
    // The sliding expiry just extended the session: the cookie follows.
    const extended = validated.session.expiresAt.getTime() > Date.now() + SESSION_TTL_MS - 60_000;
    if (found.via === "cookie" && extended) {
      setSessionCookie(res, policy, found.token, validated.session.expiresAt);
    }
    next();
  };
}

export function requireUser(res: Response) {
  const auth = res.locals.auth;
  if (!auth) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return auth.user;
}
