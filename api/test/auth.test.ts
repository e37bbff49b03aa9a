import { SESSION_COOKIE } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ORIGIN, expectError, PASSWORD, signUp, startTestApi, type TestApi } from "./helpers.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi(
    { SIGNIN_MAX_FAILURES_PER_ACCOUNT: "3", SIGNIN_MAX_FAILURES_PER_IP: "40" },
    "auth",
  );
});
afterAll(async () => {
  await api?.close();
});

describe("accounts and sessions", () => {
  it("signs up with a session cookie, the allowance, and no token unless asked", async () => {
    const client = api.client();
    const reply = await client.post<{ user: { id: string }; token?: string }>("/auth/sign-up", {
      email: "  Ada@Example.TEST ",
      password: PASSWORD,
      displayName: "Ada",
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      user: { id: expect.any(String), email: "ada@example.test", displayName: "Ada", isAdmin: false },
    });
    const cookie = reply.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    // NODE_ENV=test: not Secure, so the local http stack works.
    expect(cookie).not.toMatch(/Secure/);
    const me = await client.get<{ user: { email: string } }>("/auth/me");
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe("ada@example.test");
    const credits = await client.get("/credits");
    expect(credits.body).toEqual({ balance: 500, reserved: 0 });
    // The stored password is an argon2id hash.
    const [row] = await api.db.sql<{ password_hash: string }[]>`
      select password_hash from users where email = 'ada@example.test'`;
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a second account with the same email, and bad input with details", async () => {
    const client = api.client();
    const again = await client.post("/auth/sign-up", {
      email: "ada@example.test",
      password: PASSWORD,
      displayName: "Ada 2",
    });
    expectError(again, 409, "CONFLICT");
    const bad = await client.post<{ error: { details: { issues: { path: string }[] } } }>("/auth/sign-up", {
      email: "not-an-email",
      password: "short",
    });
    expectError(bad, 400, "VALIDATION_FAILED");
    expect(bad.body.error.details.issues.map((i) => i.path).sort()).toEqual([
      "body.displayName",
      "body.email",
      "body.password",
    ]);
    const malformed = await fetch(`${api.url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP_ORIGIN },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
  });

  it("signs in and out; a wrong password or unknown email gets the same answer", async () => {
    const owner = api.client();
    const user = await signUp(owner, "signin");
    const client = api.client();
    const wrong = await client.post<{ error: { message: string } }>("/auth/sign-in", {
      email: user.email,
      password: "wrong password",
    });
    expectError(wrong, 401, "INVALID_CREDENTIALS");
    const unknown = await client.post<{ error: { message: string } }>("/auth/sign-in", {
      email: "nobody@example.test",
      password: "wrong password",
    });
    expectError(unknown, 401, "INVALID_CREDENTIALS");
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    expect(wrong.body.error.message).toMatch(/email or password is incorrect/i);

    const ok = await client.post<{ user: { id: string }; token?: string }>("/auth/sign-in", {
      email: user.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(user.id);
    expect(ok.body.token).toBeUndefined();
    expect((await client.get("/auth/me")).status).toBe(200);

    const out = await client.post("/auth/sign-out");
    expect(out.status).toBe(204);
    expect(client.cookie).toBeUndefined();
    expectError(await client.get("/auth/me"), 401, "UNAUTHENTICATED");
  });

  it("hands the token to Node clients that ask, usable as a bearer without Origin", async () => {
    const owner = api.client();
    const user = await signUp(owner, "bearer");
    const res = await fetch(`${api.url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-session-token": "want" },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    const body = (await res.json()) as { token: string };
    expect(body.token).toMatch(/^[a-z2-7]{32}$/);
    const headers = { authorization: `Bearer ${body.token}` };
    const me = await fetch(`${api.url}/api/auth/me`, { headers });
    expect(me.status).toBe(200);
    // Token-based and cookie-less: no Origin needed for a mutation.
    const created = await fetch(`${api.url}/api/projects`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ name: "From a script" }),
    });
    expect(created.status).toBe(201);
    // A session id in the database is the token's hash, never the token.
    const [row] = await api.db.sql<
      { n: number }[]
    >`select count(*)::int as n from sessions where id = ${body.token}`;
    expect(row!.n).toBe(0);
  });

  it("rejects cross-site and cookie-carrying Origin-less mutations (CSRF)", async () => {
    const client = api.client();
    await signUp(client, "csrf");
    client.origin = "https://evil.test";
    expectError(await client.post("/projects", { name: "x" }), 403, "CSRF_REJECTED");
    client.origin = undefined;
    expectError(await client.post("/projects", { name: "x" }), 403, "CSRF_REJECTED");
    client.origin = "null";
    expectError(await client.post("/projects", { name: "x" }), 403, "CSRF_REJECTED");
    // Reads are not mutations.
    client.origin = "https://evil.test";
    expect((await client.get("/projects")).status).toBe(200);
    client.origin = APP_ORIGIN;
    expect((await client.post("/projects", { name: "x" })).status).toBe(201);
  });

  it("pauses an account after repeated failures, with Retry-After, even for the right password", async () => {
    const owner = api.client();
    const user = await signUp(owner, "locked");
    const client = api.client();
    for (let i = 0; i < 3; i++) {
      expectError(
        await client.post("/auth/sign-in", { email: user.email, password: "nope nope" }),
        401,
        "INVALID_CREDENTIALS",
      );
    }
    const limited = await client.post("/auth/sign-in", { email: user.email, password: PASSWORD });
    expectError(limited, 429, "RATE_LIMITED");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(api.config.SIGNIN_WINDOW_S);
    // Other accounts from the same address are not paused by this one.
    const other = api.client();
    const otherUser = await signUp(other, "notlocked");
    expect(
      (await api.client().post("/auth/sign-in", { email: otherUser.email, password: PASSWORD })).status,
    ).toBe(200);
  });

  it("limits failed sign-ins per address, and sign-ups per address", async () => {
    const local = await startTestApi(
      { SIGNIN_MAX_FAILURES_PER_IP: "5", SIGNIN_MAX_FAILURES_PER_ACCOUNT: "100", SIGNUP_MAX_PER_IP: "2" },
      "authip",
    );
    try {
      const client = local.client();
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const reply = await client.post("/auth/sign-in", {
          email: `spray${i}@example.test`,
          password: "whatever1",
        });
        statuses.push(reply.status);
        if (reply.status === 429) expect(reply.headers.get("retry-after")).toMatch(/^\d+$/);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      // Even the right password is refused from that address while the pause lasts.
      const owner = local.client();
      const user = await signUp(owner, "paused");
      expectError(
        await client.post("/auth/sign-in", { email: user.email, password: PASSWORD }),
        429,
        "RATE_LIMITED",
      );
      // Sign-ups are capped per address too (the limit here is 2).
      const third = await local.client().post("/auth/sign-up", {
        email: "third@example.test",
        password: PASSWORD,
        displayName: "Third",
      });
      expect(
        (
          await local.client().post("/auth/sign-up", {
            email: "fourth@example.test",
            password: PASSWORD,
            displayName: "Fourth",
          })
        ).status,
      ).toBe(429);
      expect(third.status).toBe(201);
    } finally {
      await local.close();
    }
  });

  it("sets Secure cookies outside development and test", async () => {
    const prod = await startTestApi({ NODE_ENV: "production" }, "authsec");
    try {
      const reply = await prod.client().post("/auth/sign-up", {
        email: "secure@example.test",
        password: PASSWORD,
        displayName: "S",
      });
      expect(reply.headers.getSetCookie().join("\n")).toMatch(/Secure/);
    } finally {
      await prod.close();
    }
  });

  it("answers signed-out callers and unknown routes with the error contract", async () => {
    const client = api.client();
    expectError(await client.get("/auth/me"), 401, "UNAUTHENTICATED");
    expectError(await client.get("/projects"), 401, "UNAUTHENTICATED");
    expectError(await client.get("/credits"), 401, "UNAUTHENTICATED");
    expectError(await client.get("/no/such/route"), 404, "NOT_FOUND");
    // A made-up cookie is cleared, not trusted.
    client.cookie = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    expectError(await client.get("/auth/me"), 401, "UNAUTHENTICATED");
    expect(client.cookie).toBeUndefined();
  });

  it("reports health from Postgres and Redis", async () => {
    const res = await fetch(`${api.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      service: "api",
      checks: { postgres: { ok: true }, redis: { ok: true } },
    });
  });
});
