import { readCookie } from "@comic-studio/infra";
import { AppError, authEndpoints } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { accountForIdentity, OIDC_FLOW_TTL_S, OidcSignIn } from "../services/oidc.ts";
import { startSession } from "./auth.ts";

const FLOW_COOKIE = "cs_oidc";
const FLOW_COOKIE_PATH = "/api/auth/oidc";

/** Single sign-on through the configured OpenID Connect provider; 404 while none is configured. */
export function oidcRoutes(ctx: RouteContext): Router {
  const router = Router();
  const { config } = ctx;
  const flow = config.OIDC_ISSUER ? new OidcSignIn(config, ctx.redis) : undefined;
  const appOrigin = new URL(config.APP_ORIGIN).origin;
  const cookie = {
    httpOnly: true,
    sameSite: "lax",
    secure: ctx.cookies.secure,
    path: FLOW_COOKIE_PATH,
  } as const;

  const enabled = () => {
    if (!flow) throw new AppError("NOT_FOUND", "Single sign-on is not configured on this server.");
    return flow;
  };

  serve(router, authEndpoints.oidcStart, async ({ query, res }) => {
    const { url, state } = await enabled().start(query.returnTo ?? "/");
    // Lax: the cookie comes back on the provider's top-level redirect, never on cross-site posts.
    res.cookie(FLOW_COOKIE, state, { ...cookie, maxAge: OIDC_FLOW_TTL_S * 1000 });
    res.redirect(302, url.href);
    return undefined;
  });

  serve(router, authEndpoints.oidcCallback, async ({ req, res }) => {
    const sso = enabled();
    const query = new URL(req.originalUrl, "http://callback.invalid").searchParams;
    res.clearCookie(FLOW_COOKIE, cookie);
    try {
      if (query.get("error")) {
        throw new AppError("UNAUTHENTICATED", "The identity provider refused the sign-in.", {
          providerError: query.get("error"),
        });
      }
      const { identity, returnTo } = await sso.finish(query, readCookie(req.get("cookie"), FLOW_COOKIE));
      const user = await accountForIdentity(ctx.sql, ctx.credits, identity);
      await ctx.credits.ensureMonthlyAllowance(user.id);
      await startSession(ctx, req, res, user);
      res.locals.log.info({ userId: user.id, issuer: identity.issuer }, "signed in through single sign-on");
      res.redirect(302, `${appOrigin}${returnTo}`);
    } catch (error) {
      // The browser is mid-redirect: send it back to the app with a code it can explain.
      const code = error instanceof AppError ? error.code : "INTERNAL";
      if (!(error instanceof AppError)) res.locals.log.error({ err: error }, "single sign-on failed");
      else res.locals.log.warn({ code, message: error.message }, "single sign-on refused");
      res.redirect(302, `${appOrigin}/?sso_error=${encodeURIComponent(code)}`);
    }
    return undefined;
  });

  return router;
}
