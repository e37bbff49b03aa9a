import type { Project } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../src/services/webhooks.ts";
import { expectError, type Reply, signUp, startTestApi, type TestApi } from "./helpers.ts";

const SECRET = "test-webhook-secret-0123456789";
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ WEBHOOK_SECRET: SECRET }, "webhooks");
});
afterAll(async () => {
  await api?.close();
});

interface Delivery {
  event: string;
  body: string;
  id?: string;
  timestamp?: number;
  secret?: string;
  signature?: string;
  origin?: string;
}

async function deliver(
  d: Delivery,
): Promise<Reply<{ received: boolean; duplicate: boolean; affected: number }>> {
  const timestamp = String(d.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-webhook-id": d.id ?? crypto.randomUUID(),
    "x-webhook-timestamp": timestamp,
    "x-webhook-signature": d.signature ?? signWebhook(d.secret ?? SECRET, timestamp, d.body),
  };
  if (d.origin) headers.origin = d.origin;
  const res = await fetch(`${api.url}/api/webhooks/${d.event}`, { method: "POST", headers, body: d.body });
  return { status: res.status, body: (await res.json()) as never, headers: res.headers };
}

describe("webhooks", () => {
  it("user.deleted soft-deletes the user's own projects, closes the account, and is idempotent", async () => {
    const owner = api.client();
    const user = await signUp(owner, "leaving");
    const other = api.client();
    await signUp(other, "staying");
    const mine = (await owner.post<{ project: Project }>("/projects", { name: "Mine" })).body.project.id;
    await owner.post("/projects", { name: "Mine too" });
    const theirs = (await other.post<{ project: Project }>("/projects", { name: "Theirs" })).body.project.id;
    await other.post(`/projects/${theirs}/members`, { email: user.email, role: "editor" });
    await owner.post(`/projects/${mine}/members`, { email: other.user!.email, role: "editor" });

    const id = crypto.randomUUID();
    const body = JSON.stringify({ user_id: user.id });
    const first = await deliver({ event: "user.deleted", body, id });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true, duplicate: false, affected: 2 });
    expectError(await other.get(`/projects/${mine}`), 404, "NOT_FOUND");
    expect((await other.get(`/projects/${theirs}`)).status).toBe(200);
    expectError(await owner.get("/auth/me"), 401, "UNAUTHENTICATED");
    const [ref] = await api.db.sql`
      select is_orphaned from external_resource_refs where resource_type = 'user' and external_id = ${user.id}`;
    expect(ref).toEqual({ is_orphaned: true });

    // Replayed delivery (same id, freshly signed): acknowledged, nothing done again.
    await api.db.sql`update projects set status = 'active', deleted_at = null where id = ${mine}`;
    const again = await deliver({ event: "user.deleted", body, id });
    expect(again.body).toEqual({ received: true, duplicate: true, affected: 0 });
    expect((await other.get(`/projects/${mine}`)).status).toBe(200);
  });

  it("user.deleted also finds a user by their single sign-on subject", async () => {
    const owner = api.client();
    const user = await signUp(owner, "sso");
    await api.db
      .sql`insert into oauth_accounts (provider, subject, user_id) values ('https://idp.test', 'sub-42', ${user.id})`;
    await owner.post("/projects", { name: "SSO project" });
    const reply = await deliver({ event: "user.deleted", body: JSON.stringify({ user_id: "sub-42" }) });
    expect(reply.body).toMatchObject({ duplicate: false, affected: 1 });
  });

  it("lora.deleted marks characters using that model orphaned", async () => {
    const owner = api.client();
    await signUp(owner, "lora");
    const project = (await owner.post<{ project: Project }>("/projects", { name: "Cast" })).body.project.id;
    await api.db.sql`
      insert into characters (project_id, name, status, external_lora_ref) values
        (${project}, 'Mira', 'active', '1234'), (${project}, 'Jun', 'active', '1234'),
        (${project}, 'Other', 'active', '999'), (${project}, 'Plain', 'active', null)`;
    const reply = await deliver({ event: "lora.deleted", body: JSON.stringify({ lora_id: 1234 }) });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ received: true, duplicate: false, affected: 2 });
    const rows = await api.db.sql<{ name: string; status: string }[]>`
      select name, status from characters where project_id = ${project} order by name`;
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ["Jun", "orphaned"],
      ["Mira", "orphaned"],
      ["Other", "active"],
      ["Plain", "active"],
    ]);
    const [ref] = await api.db.sql`
      select is_orphaned from external_resource_refs where resource_type = 'lora' and external_id = '1234'`;
    expect(ref).toEqual({ is_orphaned: true });
    // A different delivery of the same event finds nothing left to change.
    expect(
      (await deliver({ event: "lora.deleted", body: JSON.stringify({ lora_id: "1234" }) })).body,
    ).toMatchObject({
      duplicate: false,
      affected: 0,
    });
  });

  it("refuses bad signatures: wrong secret, altered body, missing or malformed headers", async () => {
    const body = JSON.stringify({ lora_id: "1" });
    expectError(
      await deliver({ event: "lora.deleted", body, secret: "another-secret-0123456789" }),
      401,
      "INVALID_SIGNATURE",
    );
    const timestamp = Math.floor(Date.now() / 1000);
    const signedForOther = signWebhook(SECRET, String(timestamp), JSON.stringify({ lora_id: "2" }));
    expectError(
      await deliver({ event: "lora.deleted", body, timestamp, signature: signedForOther }),
      401,
      "INVALID_SIGNATURE",
    );
    expectError(
      await deliver({ event: "lora.deleted", body, signature: "sha256=00" }),
      401,
      "INVALID_SIGNATURE",
    );
    expectError(await deliver({ event: "lora.deleted", body, signature: "" }), 401, "INVALID_SIGNATURE");
    const res = await fetch(`${api.url}/api/webhooks/lora.deleted`, { method: "POST", body });
    expect(res.status).toBe(401);
    const [count] = await api.db.sql<{ n: number }[]>`
      select count(*)::int as n from webhook_deliveries where event = 'lora.deleted'`;
    expect(count!.n).toBe(2);
  });

  it("refuses stale and future timestamps (replay window), even with a valid signature", async () => {
    const body = JSON.stringify({ lora_id: "77" });
    const now = Math.floor(Date.now() / 1000);
    expectError(
      await deliver({ event: "lora.deleted", body, timestamp: now - 301 }),
      401,
      "INVALID_SIGNATURE",
    );
    expectError(
      await deliver({ event: "lora.deleted", body, timestamp: now + 301 }),
      401,
      "INVALID_SIGNATURE",
    );
    expect((await deliver({ event: "lora.deleted", body, timestamp: now - 290 })).status).toBe(200);
  });

  it("validates the payload and the event name after the signature", async () => {
    expectError(
      await deliver({ event: "lora.deleted", body: JSON.stringify({ nope: 1 }) }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await deliver({ event: "lora.deleted", body: "{broken" }), 400, "BAD_REQUEST");
    expectError(await deliver({ event: "user.exploded", body: "{}" }), 404, "NOT_FOUND");
    // A browser on another site cannot post here either.
    expectError(
      await deliver({ event: "lora.deleted", body: "{}", origin: "https://evil.test" }),
      403,
      "CSRF_REJECTED",
    );
  });

  it("answers 503 while no secret is configured", async () => {
    const bare = await startTestApi({}, "webhooks503");
    try {
      const res = await fetch(`${bare.url}/api/webhooks/lora.deleted`, { method: "POST", body: "{}" });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: "SERVICE_UNAVAILABLE" } });
    } finally {
      await bare.close();
    }
  });
});
