import { SESSION_COOKIE } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ORIGIN, expectError, PASSWORD, signUp, startTestApi, type TestApi } from "./helpers.ts";
import { startOidcProvider } from "./oidc-provider.ts";

const CLIENT_ID = "comic-studio";
const CLIENT_SECRET = "s3cret-for-tests";
let provider: Awaited<ReturnType<typeof startOidcProvider>>;
let api: TestApi;

beforeAll(async () => {
  provider = await startOidcProvider(CLIENT_ID, CLIENT_SECRET);
  api = await startTestApi(
    { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET },
    "oidc",
  );
});
afterAll(async () => {
  await api?.close();
  await provider?.close();
});

function cookieFrom(res: Response, name: string): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    if (pair!.slice(0, eq) === name && pair!.slice(eq + 1)) return pair!.slice(eq + 1);
  }
  return undefined;
}

/** Walks a browser through start -> provider -> callback; returns where it lands and its session. */
async function ssoSignIn(options: { tamperState?: boolean; returnTo?: string } = {}) {
  const query = options.returnTo ? `?returnTo=${encodeURIComponent(options.returnTo)}` : "";
  const start = await fetch(`${api.url}/api/auth/oidc/start${query}`, { redirect: "manual" });
  expect(start.status).toBe(302);
  const flowCookie = cookieFrom(start, "cs_oidc");
  expect(flowCookie).toBeTruthy();
  const authorize = new URL(start.headers.get("location")!);
  expect(authorize.origin).toBe(provider.issuer);
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("redirect_uri")).toBe(`${APP_ORIGIN}/api/auth/oidc/callback`);
  const atProvider = await fetch(authorize, { redirect: "manual" });
  expect(atProvider.status).toBe(302);
  // The redirect URI names the app's origin (the browser reaches the api through its proxy).
  const back = new URL(atProvider.headers.get("location")!);
  const state = options.tamperState ? "forged-state" : flowCookie!;
  const callback = await fetch(`${api.url}${back.pathname}${back.search}`, {
    redirect: "manual",
    headers: { cookie: `cs_oidc=${state}` },
  });
  expect(callback.status).toBe(302);
  return { location: callback.headers.get("location")!, session: cookieFrom(callback, SESSION_COOKIE) };
}

async function me(session: string | undefined) {
  const res = await fetch(`${api.url}/api/auth/me`, { headers: { cookie: `${SESSION_COOKIE}=${session}` } });
  return {
    status: res.status,
    body: (await res.json()) as { user: { id: string; email: string; displayName: string } },
  };
}

describe("OpenID Connect single sign-on", () => {
  it("advertises itself", async () => {
    const res = await fetch(`${api.url}/api/auth/providers`);
    expect(await res.json()).toEqual({ password: true, oidc: { enabled: true, issuer: provider.issuer } });
  });

  it("creates an account for a new verified identity and signs it in", async () => {
    provider.state.user = {
      sub: "new-1",
      email: "New.Person@Example.test",
      email_verified: true,
      name: "New Person",
    };
    const { location, session } = await ssoSignIn({ returnTo: "/projects" });
    expect(location).toBe(`${APP_ORIGIN}/projects`);
    const who = await me(session);
    expect(who.status).toBe(200);
    expect(who.body.user).toMatchObject({ email: "new.person@example.test", displayName: "New Person" });
    const [row] = await api.db
      .sql`select password_hash, email_verified from users where id = ${who.body.user.id}`;
    expect(row).toEqual({ password_hash: null, email_verified: true });
    const credits = await fetch(`${api.url}/api/credits`, {
      headers: { cookie: `${SESSION_COOKIE}=${session}` },
    });
    expect(await credits.json()).toEqual({ balance: 500, reserved: 0 });
    // The same identity again: the same account.
    const again = await ssoSignIn();
    expect((await me(again.session)).body.user.id).toBe(who.body.user.id);
    expect(again.location).toBe(`${APP_ORIGIN}/`);
  });

  it("links to an existing password account by verified email", async () => {
    const client = api.client();
    const user = await signUp(client, "linked");
    provider.state.user = { sub: "link-1", email: user.email, email_verified: true, name: "Whatever" };
    const { session } = await ssoSignIn();
    expect((await me(session)).body.user).toMatchObject({ id: user.id, displayName: user.displayName });
    const links = await api.db.sql`select subject from oauth_accounts where user_id = ${user.id}`;
    expect(links).toEqual([{ subject: "link-1" }]);
    // The password still works too.
    expect((await api.client().post("/auth/sign-in", { email: user.email, password: PASSWORD })).status).toBe(
      200,
    );
  });

  it("refuses to link or create from an unverified email", async () => {
    const client = api.client();
    const user = await signUp(client, "unverified");
    provider.state.user = { sub: "evil-1", email: user.email, email_verified: false };
    const { location, session } = await ssoSignIn();
    expect(location).toBe(`${APP_ORIGIN}/?sso_error=FORBIDDEN`);
    expect(session).toBeUndefined();
    const links = await api.db.sql`select 1 from oauth_accounts where user_id = ${user.id}`;
    expect(links).toHaveLength(0);
  });

  it("refuses a callback whose state this browser did not start, and a replayed one", async () => {
    provider.state.user = { sub: "csrf-1", email: "csrf@example.test", email_verified: true };
    const forged = await ssoSignIn({ tamperState: true });
    expect(forged.location).toBe(`${APP_ORIGIN}/?sso_error=UNAUTHENTICATED`);
    expect(forged.session).toBeUndefined();

    // Replaying a finished callback (same code, same state) does not sign in twice.
    const start = await fetch(`${api.url}/api/auth/oidc/start`, { redirect: "manual" });
    const flow = cookieFrom(start, "cs_oidc")!;
    const back = new URL(
      (await fetch(start.headers.get("location")!, { redirect: "manual" })).headers.get("location")!,
    );
    const path = `${api.url}${back.pathname}${back.search}`;
    const first = await fetch(path, { redirect: "manual", headers: { cookie: `cs_oidc=${flow}` } });
    expect(cookieFrom(first, SESSION_COOKIE)).toBeTruthy();
    const replay = await fetch(path, { redirect: "manual", headers: { cookie: `cs_oidc=${flow}` } });
    expect(replay.headers.get("location")).toBe(`${APP_ORIGIN}/?sso_error=UNAUTHENTICATED`);
    expect(cookieFrom(replay, SESSION_COOKIE)).toBeUndefined();
  });

  it("passes a provider error back to the app and refuses open redirects", async () => {
    const res = await fetch(`${api.url}/api/auth/oidc/callback?error=access_denied&state=x`, {
      redirect: "manual",
    });
    expect(res.headers.get("location")).toBe(`${APP_ORIGIN}/?sso_error=UNAUTHENTICATED`);
    const evil = await fetch(`${api.url}/api/auth/oidc/start?returnTo=${encodeURIComponent("//evil.test")}`, {
      redirect: "manual",
    });
    expect(evil.status).toBe(400);
  });

  it("is absent when not configured", async () => {
    const bare = await startTestApi({}, "nooidc");
    try {
      const client = bare.client();
      expectError(await client.get("/auth/oidc/start"), 404, "NOT_FOUND");
      expect((await client.get("/auth/providers")).body).toEqual({
        password: true,
        oidc: { enabled: false, issuer: null },
      });
    } finally {
      await bare.close();
    }
  });
});
