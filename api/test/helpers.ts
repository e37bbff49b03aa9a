import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createLogger,
  createRedis,
  createTestDatabase,
  PostgresCreditLedger,
  TEST_REDIS_URL,
  type TestDatabase,
  testPrefix,
} from "@comic-studio/infra";
import { type ApiUser, SESSION_COOKIE } from "@comic-studio/shared";
import type { Redis } from "ioredis";
import { expect } from "vitest";
import { createApiServer, type RunningApi } from "../src/app.ts";
import { type ApiConfig, apiConfigSchema } from "../src/config.ts";
import { LocalDiskStorage } from "../src/storage/index.ts";

export const APP_ORIGIN = "http://app.test:5173";

export interface TestApi {
  url: string;
  db: TestDatabase;
  redis: Redis;
  config: ApiConfig;
  credits: PostgresCreditLedger;
  storageDir: string;
  running: RunningApi;
  close(): Promise<void>;
  /** A browser-like client with its own cookie jar that sends the app's Origin. */
  client(): TestClient;
}

/** A real api on port 0 with a fresh database, its own Redis prefix and storage directory. */
export async function startTestApi(env: Record<string, string> = {}, label = "api"): Promise<TestApi> {
  const db = await createTestDatabase(label);
  const redis = createRedis(TEST_REDIS_URL);
  const storageDir = await mkdtemp(join(tmpdir(), "cs-api-storage-"));
  const prefix = testPrefix(label);
  const config = apiConfigSchema.parse({
    NODE_ENV: "test",
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    APP_ORIGIN,
    STORAGE_DIR: storageDir,
    LOG_LEVEL: "silent",
    RESERVATION_SWEEP_MS: "0",
    ...env,
  });
  const logger = createLogger("api-test", process.env.TEST_LOG_LEVEL ?? "silent");
  const credits = new PostgresCreditLedger(db.sql);
  const server = createApiServer(config, {
    sql: db.sql,
    redis,
    logger,
    credits,
    storage: new LocalDiskStorage(storageDir),
  });
  const running = await server.listen(0, "127.0.0.1");
  const url = `http://127.0.0.1:${running.port}`;
  return {
    url,
    db,
    redis,
    config,
    credits,
    storageDir,
    running,
    client: () => new TestClient(url),
    async close() {
      await running.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await db.drop();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class TestClient {
  readonly base: string;
  cookie: string | undefined;
  user: ApiUser | undefined;
  /** Set to false to act like a non-browser (no Origin header). */
  origin: string | undefined = APP_ORIGIN;
  constructor(base: string) {
    this.base = base;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.origin) h.origin = this.origin;
    if (this.cookie) h.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      h["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.base}/api${path}`, {
      method,
      headers: h,
      body: payload,
      redirect: "manual",
    });
    this.absorbCookie(res.headers);
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get("content-type") ?? "").includes("json") && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  absorbCookie(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      if (pair!.slice(0, eq) !== SESSION_COOKIE) continue;
      const value = pair!.slice(eq + 1);
      this.cookie = value && !/expires=Thu, 01 Jan 1970/i.test(line) ? value : undefined;
    }
  }

  get = <T = unknown>(path: string) => this.request<T>("GET", path);
  post = <T = unknown>(path: string, body?: unknown) => this.request<T>("POST", path, body);
  patch = <T = unknown>(path: string, body?: unknown) => this.request<T>("PATCH", path, body);
  put = <T = unknown>(path: string, body?: unknown) => this.request<T>("PUT", path, body);
  delete = <T = unknown>(path: string) => this.request<T>("DELETE", path);
}

let counter = 0;
/** Signs a new account up on `client`; the client keeps its session cookie. */
export async function signUp(client: TestClient, label = "user"): Promise<ApiUser> {
  counter += 1;
  const email = `${label}-${counter}-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const reply = await client.post<{ user: ApiUser }>("/auth/sign-up", {
    email,
    password: "correct horse battery",
    displayName: `${label} ${counter}`,
  });
  if (reply.status !== 201) throw new Error(`sign-up failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  client.user = reply.body.user;
  return reply.body.user;
}

export const PASSWORD = "correct horse battery";

/** Asserts the error contract: status, code, and nothing but {code, message, details?}. */
export function expectError(reply: Reply, status: number, code: string): void {
  const body = reply.body as { error?: { code?: string; message?: string } };
  expect({ status: reply.status, code: body?.error?.code }).toEqual({ status, code });
  expect(typeof body.error?.message).toBe("string");
  expect(Object.keys(body.error ?? {}).every((k) => ["code", "message", "details"].includes(k))).toBe(true);
  expect(Object.keys(body)).toEqual(["error"]);
}
