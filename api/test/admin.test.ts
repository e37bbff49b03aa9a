import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createRedis, TEST_REDIS_URL } from "@comic-studio/infra";
import { QUEUES } from "@comic-studio/shared";
import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricsTokenMatches } from "../src/metrics.ts";
import { expectError, signUp, startTestApi, type TestApi, type TestClient } from "./helpers.ts";

const METRICS_TOKEN = "metrics-token-for-tests-0123456789";
const run = promisify(execFile);

let api: TestApi;
let admin: TestClient;
let member: TestClient;
let redis: Redis;
let generation: Queue;
let maintenance: Queue;

beforeAll(async () => {
  api = await startTestApi({ METRICS_TOKEN }, "admin");
  redis = createRedis(TEST_REDIS_URL);
  const connection = { connection: redis, prefix: api.config.REDIS_PREFIX };
  generation = new Queue(QUEUES.generation, connection);
  maintenance = new Queue(QUEUES.maintenance, connection);
  admin = api.client();
  member = api.client();
  await signUp(admin, "admin");
  await signUp(member, "member");
  await api.db.sql`update users set is_admin = true where id = ${admin.user!.id}`;
});

afterAll(async () => {
  await generation?.close();
  await maintenance?.close();
  await redis?.quit();
  await api?.close();
});

/** The admin command as an operator runs it: the package script, against the test database. */
async function makeAdmin(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      "pnpm",
      ["--silent", "--filter", "@comic-studio/api", "make-admin", ...args],
      { env: { ...process.env, DATABASE_URL: api.db.url }, cwd: new URL("../..", import.meta.url).pathname },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Reads one sample of a metric from the text exposition format, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

async function scrape(headers: Record<string, string> = {}) {
  const res = await fetch(`${api.url}/api/metrics`, { headers });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

describe("queue dashboard", () => {
  it("answers 401 signed out and 404 to members who are not admins, in the error contract", async () => {
    const anonymous = api.client();
    for (const path of ["/admin/queues", "/admin/queues/", "/admin/queues/api/queues"]) {
      expectError(await anonymous.get(path), 401, "UNAUTHENTICATED");
      expectError(await member.get(path), 404, "NOT_FOUND");
    }
    expectError(await anonymous.get("/admin/queues/static/js/anything.js"), 401, "UNAUTHENTICATED");
    expectError(await member.put("/admin/queues/api/queues/generation/pause"), 404, "NOT_FOUND");
    expect(await generation.isPaused()).toBe(false);
  });

  it("serves the bull-board page and its assets to admins", async () => {
    const page = await admin.get<string>("/admin/queues");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("x-powered-by")).toBeNull();
    expect(page.body).toContain('<base href="/api/admin/queues/"');
    expect(page.body).toContain("<title>Comic Studio queues</title>");
    // The page's scripts resolve against <base>: they must be served from there.
    const scripts = [...page.body.matchAll(/src="(static\/js\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const asset = await admin.get<string>(`/admin/queues/${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("content-type")).toMatch(/javascript/);
    }
    // A client-side route of the dashboard renders the same page.
    expect((await admin.get("/admin/queues/queue/generation")).status).toBe(200);
    // Whatever the board does not serve falls through to our contract.
    expectError(await admin.get("/admin/queues/no/such/page"), 404, "NOT_FOUND");
  });

  it("lists our queues and runs its actions from the app's origin, not from elsewhere", async () => {
    const listed = await admin.get<{ queues: Array<{ name: string }> }>("/admin/queues/api/queues");
    expect(listed.status).toBe(200);
    expect(listed.body.queues.map((q) => q.name).sort()).toEqual(Object.values(QUEUES).sort());

    // Same origin: passes the CSRF origin check.
    const paused = await admin.put("/admin/queues/api/queues/maintenance/pause");
    expect(paused.status).toBe(200);
    expect(await maintenance.isPaused()).toBe(true);

    // A page elsewhere cannot make the admin's browser act.
    const foreign = api.client();
    foreign.cookie = admin.cookie;
    foreign.origin = "https://evil.example";
    expectError(await foreign.put("/admin/queues/api/queues/maintenance/resume"), 403, "CSRF_REJECTED");
    expect(await maintenance.isPaused()).toBe(true);

    expect((await admin.put("/admin/queues/api/queues/maintenance/resume")).status).toBe(200);
    expect(await maintenance.isPaused()).toBe(false);

    // A JSON body goes through our parser and reaches bull-board intact.
    const added = await admin.post<{ job: { id: string; data: unknown } }>(
      "/admin/queues/api/queues/maintenance/add",
      { name: "by-hand", data: { note: "from the dashboard" }, options: { delay: 60_000 } },
    );
    expect(added.status).toBe(200);
    const job = await maintenance.getJob(added.body.job.id);
    expect(job?.name).toBe("by-hand");
    expect(job?.data).toEqual({ note: "from the dashboard" });
    await job?.remove();
  });
});

describe("Prometheus metrics", () => {
  it("needs an admin session or the metrics token", async () => {
    const anonymous = await api.client().get("/metrics");
    expectError(anonymous, 401, "UNAUTHENTICATED");
    expectError(
      await api
        .client()
        .request("GET", "/metrics", undefined, { authorization: "Bearer wrong-token-0123456789" }),
      401,
      "UNAUTHENTICATED",
    );
    expectError(await member.get("/metrics"), 404, "NOT_FOUND");

    const byToken = await scrape({ authorization: `Bearer ${METRICS_TOKEN}` });
    expect(byToken.status).toBe(200);
    expect(byToken.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const byAdmin = await admin.get<string>("/metrics");
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body).toContain("# TYPE comic_studio_queue_jobs gauge");
    // Default process metrics of the api process.
    expect(sample(byAdmin.body, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(sample(byAdmin.body, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
  });

  it("reports each queue's jobs by state as they are in Redis", async () => {
    const auth = { authorization: `Bearer ${METRICS_TOKEN}` };
    const before = (await scrape(auth)).text;
    for (const state of ["waiting", "active", "delayed", "failed", "completed"]) {
      expect(sample(before, "comic_studio_queue_jobs", { queue: "generation", state })).toBe(0);
    }

    for (let i = 0; i < 5; i++) await generation.add("panel", { i });
    await generation.add("panel", { late: 1 }, { delay: 60_000 });
    await generation.add("panel", { late: 2 }, { delay: 60_000 });
    await maintenance.add("sweep-sessions", {});

    // Move three generation jobs by hand, as a worker would: one active, one done, one failed.
    const worker = new Worker(QUEUES.generation, null, {
      connection: redis.duplicate(),
      prefix: api.config.REDIS_PREFIX,
      autorun: false,
    });
    try {
      const token = "metrics-test";
      const active = await worker.getNextJob(token);
      const done = await worker.getNextJob(token);
      const failed = await worker.getNextJob(token);
      expect([active, done, failed].every(Boolean)).toBe(true);
      await done!.moveToCompleted({ totalMs: 5 }, token, false);
      await failed!.moveToFailed(new Error("boom"), token, false);

      const counts = await generation.getJobCounts("waiting", "active", "delayed", "failed", "completed");
      expect(counts).toEqual({ waiting: 2, active: 1, delayed: 2, failed: 1, completed: 1 });
      await generation.pause();

      const text = (await scrape(auth)).text;
      for (const [state, count] of Object.entries(counts)) {
        expect(sample(text, "comic_studio_queue_jobs", { queue: "generation", state }), state).toBe(count);
      }
      expect(sample(text, "comic_studio_queue_jobs", { queue: "maintenance", state: "waiting" })).toBe(1);
      expect(sample(text, "comic_studio_queue_paused", { queue: "generation" })).toBe(1);
      expect(sample(text, "comic_studio_queue_paused", { queue: "maintenance" })).toBe(0);
    } finally {
      await generation.resume();
      await worker.close(true);
    }
  });

  it("compares the bearer token exactly", () => {
    expect(metricsTokenMatches(`Bearer ${METRICS_TOKEN}`, METRICS_TOKEN)).toBe(true);
    expect(metricsTokenMatches(`bearer ${METRICS_TOKEN}`, METRICS_TOKEN)).toBe(true);
    expect(metricsTokenMatches(`Bearer ${METRICS_TOKEN}x`, METRICS_TOKEN)).toBe(false);
    expect(metricsTokenMatches(`Bearer ${METRICS_TOKEN.slice(1)}`, METRICS_TOKEN)).toBe(false);
    expect(metricsTokenMatches(METRICS_TOKEN, METRICS_TOKEN)).toBe(false);
    // Without a configured token, no bearer value opens the metrics.
    expect(metricsTokenMatches("Bearer ", undefined)).toBe(false);
    expect(metricsTokenMatches("Bearer anything-at-all-123456", undefined)).toBe(false);
  });
});

describe("make-admin command", () => {
  it("grants and revokes the admin flag by email, and refuses unknown accounts", async () => {
    const email = member.user!.email.toUpperCase();
    const granted = await makeAdmin(email);
    expect(granted.code).toBe(0);
    expect(granted.stdout).toMatch(/is now an admin/);
    // Sessions read the flag on every request: no new sign-in needed.
    expect((await member.get("/auth/me")).body).toMatchObject({ user: { isAdmin: true } });
    expect((await member.get("/admin/queues")).status).toBe(200);

    const revoked = await makeAdmin(email, "--revoke");
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/is no longer an admin/);
    expect((await member.get("/auth/me")).body).toMatchObject({ user: { isAdmin: false } });
    expectError(await member.get("/admin/queues"), 404, "NOT_FOUND");

    const unknown = await makeAdmin("nobody@example.test");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No account/);
    const usage = await makeAdmin();
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toMatch(/usage: make-admin/);
  }, 60_000);
});
