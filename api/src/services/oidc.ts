import type { CreditLedger, Sql } from "@comic-studio/infra";
import { AppError, type SessionUser } from "@comic-studio/shared";
import type { Redis } from "ioredis";
import * as oidc from "openid-client";
import type { ApiConfig } from "../config.ts";
import { createAccount, findUserById, toSessionUser } from "./accounts.ts";

/** How long a browser has to come back from the provider, in seconds. */
export const OIDC_FLOW_TTL_S = 600;

interface PendingFlow {
  verifier: string;
  nonce: string;
  returnTo: string;
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
}

/**
 * OpenID Connect sign-in (authorization code + PKCE, state and nonce) with openid-client.
 * Discovery happens on first use and is retried after a failure, so a provider that is down at
 * boot does not stop the api. Pending flows live in Redis for OIDC_FLOW_TTL_S, used once.
 */
export class OidcSignIn {
  readonly #config: ApiConfig;
  readonly #redis: Redis;
  #discovered: Promise<oidc.Configuration> | undefined;

  constructor(config: ApiConfig, redis: Redis) {
    this.#config = config;
    this.#redis = redis;
  }

  get issuer(): string {
    return this.#config.OIDC_ISSUER!;
  }

  get redirectUri(): string {
    return (
      this.#config.OIDC_REDIRECT_URI ?? `${new URL(this.#config.APP_ORIGIN).origin}/api/auth/oidc/callback`
    );
  }

  #key(state: string): string {
    return `${this.#config.REDIS_PREFIX}:oidc:${state}`;
  }

  #client(): Promise<oidc.Configuration> {
    const issuer = new URL(this.issuer);
    // Plain http only for a local provider outside production (development, tests).
    const insecure = issuer.protocol === "http:" && this.#config.NODE_ENV !== "production";
    this.#discovered ??= oidc
      .discovery(issuer, this.#config.OIDC_CLIENT_ID!, this.#config.OIDC_CLIENT_SECRET!, undefined, {
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .catch((error: unknown) => {
        this.#discovered = undefined;
        throw error;
      });
    return this.#discovered;
  }

  /** The provider URL to send the browser to, and the state that binds the flow to it. */
  async start(returnTo: string): Promise<{ url: URL; state: string }> {
    const client = await this.#client();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const flow: PendingFlow = { verifier, nonce, returnTo };
    await this.#redis.set(this.#key(state), JSON.stringify(flow), "EX", OIDC_FLOW_TTL_S);
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: this.redirectUri,
      scope: this.#config.OIDC_SCOPES,
      response_type: "code",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    return { url, state };
  }

  /** Completes the flow from the callback's query; the state must be the one this browser started. */
  async finish(
    query: URLSearchParams,
    browserState: string | undefined,
  ): Promise<{ identity: OidcIdentity; returnTo: string }> {
    const state = query.get("state");
    if (!state || !browserState || state !== browserState) {
      throw new AppError("UNAUTHENTICATED", "The sign-in did not start in this browser, or it expired.");
    }
    const stored = await this.#redis.getdel(this.#key(state));
    if (!stored)
      throw new AppError("UNAUTHENTICATED", "The sign-in expired or was already used. Start again.");
    const flow = JSON.parse(stored) as PendingFlow;
    const client = await this.#client();
    const callback = new URL(this.redirectUri);
    callback.search = query.toString();
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(client, callback, {
        pkceCodeVerifier: flow.verifier,
        expectedState: state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      throw new AppError("UNAUTHENTICATED", "The identity provider's answer could not be verified.", {
        reason: error instanceof Error ? error.name : "unknown",
      });
    }
    if (!claims) throw new AppError("UNAUTHENTICATED", "The identity provider sent no ID token.");
    return {
      identity: {
        issuer: claims.iss,
        subject: claims.sub,
        email: typeof claims.email === "string" ? claims.email.trim().toLowerCase() : undefined,
        emailVerified: claims.email_verified === true,
        name:
          typeof claims.name === "string" ? claims.name : (claims.preferred_username as string | undefined),
      },
      returnTo: flow.returnTo,
    };
  }
}

/**
 * The account for a provider identity: the one linked before; else the account with the same
 * email, linked now (only if the provider verified the email); else a new account.
 */
export async function accountForIdentity(
  sql: Sql,
  credits: CreditLedger,
  identity: OidcIdentity,
): Promise<SessionUser> {
  const [linked] = await sql<{ user_id: string }[]>`
    select user_id from oauth_accounts where provider = ${identity.issuer} and subject = ${identity.subject}`;
  if (linked) {
    const user = await findUserById(sql, linked.user_id);
    if (!user) throw new AppError("UNAUTHENTICATED", "This account has been closed.");
    return user;
  }
  if (!identity.email)
    throw new AppError("FORBIDDEN", "The identity provider did not share an email address.");
  if (!identity.emailVerified) {
    throw new AppError("FORBIDDEN", "The identity provider has not verified this email address.");
  }
  const [existing] = await sql<
    { id: string; email: string; display_name: string; is_admin: boolean; deleted_at: Date | null }[]
  >`
    select id, email, display_name, is_admin, deleted_at from users where email = ${identity.email}`;
  if (existing?.deleted_at) throw new AppError("UNAUTHENTICATED", "This account has been closed.");
  const user = existing
    ? toSessionUser(existing)
    : await createAccount(sql, credits, {
        email: identity.email,
        displayName: (identity.name?.trim() || identity.email.split("@")[0]!).slice(0, 120),
        passwordHash: null,
        emailVerified: true,
      });
  await sql`update users set email_verified = true, updated_at = now() where id = ${user.id} and not email_verified`;
  await sql`
    insert into oauth_accounts (provider, subject, user_id) values (${identity.issuer}, ${identity.subject}, ${user.id})
    on conflict (provider, subject) do nothing`;
  return user;
}
