import { createSession, generateSessionToken, hashPassword, invalidateSession } from "@comic-studio/infra";
import { AppError, authEndpoints, type SessionUser } from "@comic-studio/shared";
import { type Request, type Response, Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import { clearSessionCookie, setSessionCookie } from "../http/session.ts";
import { checkPassword, createAccount } from "../services/accounts.ts";

/** Signs `user` in on this response: a new session, its cookie, and the token when asked for. */
export async function startSession(
  ctx: RouteContext,
  req: Request,
  res: Response,
  user: SessionUser,
): Promise<{ user: SessionUser; token?: string }> {
  const token = generateSessionToken();
  const session = await createSession(ctx.sql, token, user.id);
  setSessionCookie(res, ctx.cookies, token, session.expiresAt);
  // Node clients (tests, bench) ask for the token to send as a bearer or Hocuspocus token.
  return req.get("x-session-token") === "want" ? { user, token } : { user };
}

const WRONG = "The email or password is incorrect.";

export function authRoutes(ctx: RouteContext): Router {
  const router = Router();
  const { config, limiter } = ctx;
  const windowS = config.SIGNIN_WINDOW_S;

  serve(router, authEndpoints.signUp, async ({ body, req, res }) => {
    // Hashing is deliberately slow; a per-address cap keeps sign-up from being a CPU lever.
    const before = await limiter.peek("signup-ip", req.ip ?? "unknown");
    RateLimiter.refuseAt(
      before,
      config.SIGNUP_MAX_PER_IP,
      "Too many sign-ups from here. Try again later.",
      windowS,
    );
    await limiter.hit("signup-ip", req.ip ?? "unknown", windowS);
    const user = await createAccount(ctx.sql, ctx.credits, {
      email: body.email,
      displayName: body.displayName,
      passwordHash: await hashPassword(body.password),
      emailVerified: false,
    });
    return startSession(ctx, req, res, user);
  });

  serve(router, authEndpoints.signIn, async ({ body, req, res }) => {
    // Failures are counted per address (credential stuffing) and per account (guessing one
    // password), and both are checked before the password, so a paused caller learns nothing.
    const address = req.ip ?? "unknown";
    const [ip, account] = await Promise.all([
      limiter.peek("signin-ip", address),
      limiter.peek("signin-account", body.email),
    ]);
    RateLimiter.refuseAt(
      ip,
      config.SIGNIN_MAX_FAILURES_PER_IP,
      "Too many failed sign-ins from here. Try again later.",
      windowS,
    );
    RateLimiter.refuseAt(
      account,
      config.SIGNIN_MAX_FAILURES_PER_ACCOUNT,
      "Too many failed sign-ins for this account. Try again later.",
      windowS,
    );
    const user = await checkPassword(ctx.sql, body.email, body.password);
    if (!user) {
      await Promise.all([
        limiter.hit("signin-ip", address, windowS),
        limiter.hit("signin-account", body.email, windowS),
      ]);
      throw new AppError("INVALID_CREDENTIALS", WRONG);
    }
    await limiter.reset("signin-account", body.email);
    await ctx.credits.ensureMonthlyAllowance(user.id);
    return startSession(ctx, req, res, user);
  });

  serve(router, authEndpoints.signOut, async ({ res }) => {
    const auth = res.locals.auth;
    if (auth) await invalidateSession(ctx.sql, auth.sessionId);
    clearSessionCookie(res, ctx.cookies);
    return undefined;
  });

  serve(router, authEndpoints.me, async ({ user }) => ({ user }));

  serve(router, authEndpoints.providers, async () => ({
    password: true,
    oidc: { enabled: Boolean(config.OIDC_ISSUER), issuer: config.OIDC_ISSUER ?? null },
  }));

  return router;
}
