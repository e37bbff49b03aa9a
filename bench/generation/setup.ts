import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createGenerationQueue,
  createRedis,
  createSession,
  createTestDatabase,
  DEMO_USERS,
  type GenerationQueue,
  generateSessionToken,
  PostgresCreditLedger,
  type Stack,
  seedDemo,
  startStack,
  TEST_REDIS_URL,
  type TestDatabase,
  testPrefix,
} from "@comic-studio/infra";
import { QUEUES } from "@comic-studio/shared";
import { QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { PageWatcher } from "./watcher.ts";

/** Panels per benchmark page (the "6-panel" layout template). */
export const PANELS_PER_PAGE = 6;

export interface BenchPanel {
  watcher: PageWatcher;
  pageId: string;
  shapeId: string;
}

/** Everything one benchmark run stands on; `teardown()` removes all of it. */
export interface BenchStack {
  db: TestDatabase;
  prefix: string;
  /** The bench's own connection (enqueue side, stream reads, key cleanup). */
  redis: Redis;
  queue: GenerationQueue;
  /** BullMQ's own event channel, listened to from the bench process. */
  events: QueueEvents;
  ledger: PostgresCreditLedger;
  userId: string;
  projectId: string;
  panels: BenchPanel[];
  workDir: string;
  logDir: string;
  /** Process ids of the running services (for CPU accounting). */
  pids(): { worker?: number; collab?: number };
  /** Stops the worker gracefully and starts it again with extra environment. */
  restartWorker(env: Record<string, string>): Promise<void>;
  /** Closes the clients and stops the service processes (the database and keys stay). */
  stopServices(): Promise<void>;
  /** Stops everything, drops the database, deletes the prefix's Redis keys and the work directory. */
  teardown(options: { keepLogs: boolean }): Promise<TeardownReport>;
}

export interface TeardownReport {
  redisKeysDeleted: number;
  redisKeysLeft: number;
  errors: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** Deletes every key under `prefix:`; returns how many were deleted. */
async function deletePrefixKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    if (keys.length) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
  return deleted;
}

async function countPrefixKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    n += keys.length;
    cursor = next;
  } while (cursor !== "0");
  return n;
}

/** The last lines of each service log, for error messages. */
export async function logTails(logDir: string, lines = 15): Promise<string> {
  const parts: string[] = [];
  for (const name of ["worker", "collab-server"]) {
    try {
      const text = await readFile(join(logDir, `${name}.log`), "utf8");
      const tail = text
        .trim()
        .split("\n")
        .slice(-lines)
        .map((line) => (line.length > 400 ? `${line.slice(0, 400)}...` : line));
      parts.push(`--- ${name}.log (last ${lines} lines)\n${tail.join("\n")}`);
    } catch {
      parts.push(`--- ${name}.log: none`);
    }
  }
  return parts.join("\n");
}

export interface SetupOptions {
  pages: number;
  workerConcurrency: number;
  /** Extra environment for the worker and collab-server processes. */
  env?: Record<string, string>;
  timeoutMs: number;
}

/**
 * A fresh migrated database with the demo project and `pages` six-panel pages, collab-server and
 * worker as real processes on free ports and a unique Redis prefix, and one subscribed client per
 * page, waited for until the layout's panels are in its document.
 */
export async function setUpStack(options: SetupOptions): Promise<BenchStack> {
  const undo: Array<[string, () => Promise<unknown>]> = [];
  const workDir = await mkdtemp(join(tmpdir(), "cs-bench-generation-"));
  const logDir = join(workDir, "logs");
  let keepWorkDir = false;
  undo.push([
    "work directory",
    () => (keepWorkDir ? Promise.resolve() : rm(workDir, { recursive: true, force: true })),
  ]);

  const runUndo = async (): Promise<string[]> => {
    const errors: string[] = [];
    for (const [name, step] of undo.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(`${name}: ${(error as Error).message}`);
      }
    }
    return errors;
  };

  let redis: Redis | null = null;
  try {
    const db = await createTestDatabase("benchgen");
    undo.push(["database", () => db.drop()]);
    const { projectId } = await seedDemo(db.sql);
    const [user] = await db.sql<{ id: string }[]>`select id from users where email = ${DEMO_USERS[0].email}`;
    const userId = user!.id;
    const ledger = new PostgresCreditLedger(db.sql);
    await ledger.grant(userId, 100_000, "generation benchmark");
    const pageIds: string[] = [];
    for (let i = 0; i < options.pages; i++) {
      const [page] = await db.sql<{ id: string }[]>`
        insert into pages (project_id, chapter_number, page_number, title, layout_template)
        values (${projectId}, 2, ${i + 1}, ${`Bench page ${i + 1}`}, '6-panel') returning id`;
      pageIds.push(page!.id);
    }
    const token = generateSessionToken();
    await createSession(db.sql, token, userId);

    const prefix = testPrefix("benchgen");
    const bench = createRedis(TEST_REDIS_URL);
    redis = bench;
    let redisKeysDeleted = 0;
    undo.push([
      "redis keys",
      async () => {
        redisKeysDeleted = await deletePrefixKeys(bench, prefix);
      },
    ]);

    const [api, collab, worker, client] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    let stack: Stack | null = await startStack({
      databaseUrl: db.url,
      redisUrl: TEST_REDIS_URL,
      redisPrefix: prefix,
      ports: { api: api!, collab: collab!, worker: worker!, client: client! },
      services: ["collab-server", "worker"],
      storageDir: join(workDir, "storage"),
      logDir,
      env: {
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        ENGINE: "sketch",
        SKETCH_MIN_STEP_MS: "0",
        WORKER_CONCURRENCY: String(options.workerConcurrency),
        ...options.env,
      },
    }).catch(async (error: Error) => {
      keepWorkDir = true;
      throw new Error(`${error.message}\n${await logTails(logDir)}\n(logs kept in ${logDir})`);
    });
    const stopStack = async () => {
      const s = stack;
      stack = null;
      await s?.stop();
    };
    undo.push(["services", stopStack]);

    const queueConnection = bench.duplicate();
    const queue = createGenerationQueue(queueConnection, prefix);
    const eventsConnection = bench.duplicate();
    const events = new QueueEvents(QUEUES.generation, { connection: eventsConnection, prefix });
    let clientsOpen = true;
    const watchers = pageIds.map((id) => new PageWatcher(`ws://127.0.0.1:${collab}/collab`, id, token));
    const closeClients = async () => {
      if (!clientsOpen) return;
      clientsOpen = false;
      for (const w of watchers) w.destroy();
      await events.close();
      await queue.close();
      queueConnection.disconnect();
      eventsConnection.disconnect();
    };
    undo.push(["clients", closeClients]);
    await events.waitUntilReady();

    const panels: BenchPanel[] = [];
    const deadline = Date.now() + options.timeoutMs;
    for (const watcher of watchers) {
      const shapeIds = await watcher.ready(PANELS_PER_PAGE, Math.max(1_000, deadline - Date.now()));
      for (const shapeId of shapeIds) panels.push({ watcher, pageId: watcher.pageId, shapeId });
    }

    // collab-server creates the panels rows of a page's shapes shortly after loading it (one
    // transaction per page); jobs start only once they are there, as in the product.
    const shapeIds = panels.map((p) => p.shapeId);
    for (;;) {
      const [row] = await db.sql<{ n: number }[]>`
        select count(*)::int as n from panels where page_id = any(${pageIds}) and shape_id = any(${shapeIds})`;
      if (row!.n >= panels.length) break;
      if (Date.now() > deadline) {
        throw new Error(`collab-server created ${row!.n} of ${panels.length} panels rows in time`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }

    return {
      db,
      prefix,
      redis: bench,
      queue,
      events,
      ledger,
      userId,
      projectId,
      panels,
      workDir,
      logDir,
      pids() {
        const pid = (name: "worker" | "collab-server") => stack?.processes.get(name)?.pid;
        return { worker: pid("worker"), collab: pid("collab-server") };
      },
      async restartWorker(env) {
        const s = stack;
        if (!s) throw new Error("the services are stopped");
        await s.kill("worker", "SIGTERM");
        await s.start("worker", env);
      },
      async stopServices() {
        await closeClients();
        await stopStack();
      },
      async teardown({ keepLogs }) {
        keepWorkDir = keepLogs;
        const errors = await runUndo();
        let redisKeysLeft = -1;
        try {
          redisKeysLeft = await countPrefixKeys(bench, prefix);
        } finally {
          bench.disconnect();
        }
        return { redisKeysDeleted, redisKeysLeft, errors };
      },
    };
  } catch (error) {
    const errors = await runUndo();
    redis?.disconnect();
    if (errors.length) (error as Error).message += `\n(cleanup after the failed setup: ${errors.join("; ")})`;
    throw error;
  }
}
