import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { TEST_REDIS_URL } from "@comic-studio/infra";
import { makePanelShape, type PanelShape } from "@comic-studio/shared";
import type { TLShapeId } from "@tldraw/tlschema";
import { getIndexAbove, type IndexKey } from "@tldraw/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APP_ORIGIN,
  connectEditor,
  createFixture,
  type EditorClient,
  type Fixture,
  sleep,
  sortedRecords,
  storedRecords,
  waitFor,
} from "./helpers.ts";

// collab-server as a real process, stopped (SIGTERM, then SIGKILL) while two clients keep
// editing, then started again: every edit must end up in both clients and in Postgres.

let fixture: Fixture;
let port: number;

beforeAll(async () => {
  fixture = await createFixture("restart");
  port = await freePort();
});
afterAll(async () => {
  await fixture?.close();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function startProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: join(import.meta.dirname, ".."),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: fixture.db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: fixture.prefix,
      APP_ORIGIN,
      LOG_LEVEL: "warn",
      STORE_DEBOUNCE_MS: "200",
      STORE_MAX_DEBOUNCE_MS: "1000",
      SNAPSHOT_INTERVAL_MS: "0",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`collab-server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error("collab-server did not become healthy");
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.kill(signal);
  });
}

interface Editing {
  stop(): Promise<void>;
  /** The last position this client gave each of its own panels. */
  last: Map<string, { x: number; y: number }>;
}

/** Creates and moves its own panels every few ms until stopped. */
function keepEditing(client: EditorClient, tag: string): Editing {
  const last = new Map<string, { x: number; y: number }>();
  let running = true;
  let n = 0;
  let topIndex: IndexKey = "a5" as IndexKey;
  const loop = (async () => {
    while (running) {
      n++;
      if (n % 5 === 1) {
        const id = `shape:${tag}-${n}` as TLShapeId;
        topIndex = getIndexAbove(topIndex);
        const shape = makePanelShape({
          id,
          panelId: crypto.randomUUID(),
          rect: { x: n, y: n, w: 50, h: 40 },
          index: topIndex,
        });
        client.store.put([shape]);
        last.set(id, { x: n, y: n });
      } else {
        const ids = [...last.keys()];
        const id = ids[n % ids.length]! as TLShapeId;
        const pos = { x: 1000 + n, y: 2000 + n };
        client.store.update(id, (r) => ({ ...r, ...pos }));
        last.set(id, pos);
      }
      client.flush();
      await sleep(25);
    }
  })();
  return {
    last,
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function scenario(signal: NodeJS.Signals) {
  const pageId = await fixture.createPage("2-panel");
  let server = await startProcess();
  const url = `ws://127.0.0.1:${port}/collab`;
  const a = await connectEditor(url, pageId, { token: fixture.users.owner.token });
  const b = await connectEditor(url, pageId, { token: fixture.users.editor.token });
  const editA = keepEditing(a, `a-${signal}`);
  const editB = keepEditing(b, `b-${signal}`);
  try {
    await sleep(800);
    await stopProcess(server, signal);
    // Both keep editing while the server is down: these edits exist only in the clients.
    await sleep(600);
    server = await startProcess();
    await sleep(800);
  } finally {
    await editA.stop();
    await editB.stop();
  }
  await waitFor(
    () =>
      a.provider.isSynced &&
      b.provider.isSynced &&
      a.provider.unsyncedChanges === 0 &&
      b.provider.unsyncedChanges === 0,
    20_000,
    "both clients to resync",
  );
  await waitFor(
    () => JSON.stringify(sortedRecords(a.doc)) === JSON.stringify(sortedRecords(b.doc)),
    10_000,
    "convergence",
  );

  for (const client of [a, b]) {
    for (const [id, pos] of [...editA.last, ...editB.last]) {
      const shape = client.store.get(id as TLShapeId) as PanelShape | undefined;
      expect(shape, `${id} in a client`).toBeDefined();
      expect({ x: shape!.x, y: shape!.y }).toEqual(pos);
    }
  }
  a.destroy();
  b.destroy();
  // A graceful stop stores what is open; Postgres then holds every edit.
  await stopProcess(server, "SIGTERM");
  const stored = await storedRecords(fixture, pageId);
  expect(stored).toEqual(sortedRecords(a.doc));
  expect(editA.last.size + editB.last.size).toBeGreaterThan(10);
}

describe("restart", () => {
  it("SIGTERM while two clients edit: nothing is lost", async () => {
    await scenario("SIGTERM");
  }, 90_000);

  it("SIGKILL while two clients edit: the clients bring back what the server lost", async () => {
    await scenario("SIGKILL");
  }, 90_000);
});
