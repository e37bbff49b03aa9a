/**
 * Collaboration benchmark: `pnpm bench:collab`.
 *
 * N simulated editors (real HocuspocusProviders, each with a tldraw store bound to the page
 * by PageDocumentBinding) spread over several processes, each moving its own panel a few
 * times a second, against (1) collab-server as deployed (its own process: auth, Postgres
 * persistence, panel rows, snapshots, Redis extension, page events) and (2) a bare Hocuspocus
 * server with no extensions, same workload, same run. Prints edit-to-remote-visible latency
 * (p50/p95/p99), bytes on the wire per edit, server CPU and memory, their ratios, and the time
 * to load a 1,000-shape page from Postgres into a client, cold and warm. Writes JSON to
 * bench/results/ (git-ignored).
 *
 * Environment: BENCH_EDITORS (50), BENCH_PROCS (4), BENCH_RATE_HZ (4), BENCH_SECONDS (15),
 * BENCH_WARMUP_S (3), BENCH_LOAD_SHAPES (1000).
 */
import "./frames.ts";
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { cpus } from "node:os";
import { join } from "node:path";
import {
  getIndexAbove,
  HocuspocusProvider,
  HocuspocusProviderWebsocket,
  type IndexKey,
  WebSocket,
  Y,
} from "../../collab-server/test/bench-support.ts";
import {
  createSession,
  createTestDatabase,
  generateSessionToken,
  TEST_REDIS_URL,
  testPrefix,
} from "../../infra/src/index.ts";
import {
  buildPageDocument,
  createHeadlessPageStore,
  makePanelShape,
  PageDocumentBinding,
  type PanelShape,
  pageDocumentName,
  pageSchema,
  recordsMap,
  writeDocumentSchema,
  writeRecord,
} from "../../shared/src/index.ts";
import type { WorkerInit, WorkerResult } from "./editor-worker.ts";
import { processUsage, summarize } from "./stats.ts";

const EDITORS = Number(process.env.BENCH_EDITORS ?? 50);
const PROCS = Number(process.env.BENCH_PROCS ?? 4);
const RATE_HZ = Number(process.env.BENCH_RATE_HZ ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const LOAD_SHAPES = Number(process.env.BENCH_LOAD_SHAPES ?? 1000);
const ROOT = join(import.meta.dirname, "..", "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error(`not healthy: ${url}`);
}

interface Target {
  name: string;
  child: ChildProcess;
  url: string;
  pageId: string;
  tokens: string[];
}

async function startOurs(env: Record<string, string>, pageId: string, tokens: string[]): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: join(ROOT, "collab-server"),
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitHealthy(`http://127.0.0.1:${port}/health`, child);
  return { name: "collab-server", child, url: `ws://127.0.0.1:${port}/collab`, pageId, tokens };
}

async function startBare(): Promise<Target> {
  const port = await freePort();
  const child = fork(join(import.meta.dirname, "bare-server.ts"), [String(port)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve) => child.once("message", () => resolve()));
  return {
    name: "bare Hocuspocus",
    child,
    url: `ws://127.0.0.1:${port}`,
    pageId: crypto.randomUUID(),
    tokens: [""],
  };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function runWorkload(target: Target) {
  const workers: ChildProcess[] = [];
  const per = Math.ceil(EDITORS / PROCS);
  for (let proc = 0; proc < PROCS; proc++) {
    const editors = Math.min(per, EDITORS - proc * per);
    if (editors <= 0) break;
    const child = fork(join(import.meta.dirname, "editor-worker.ts"), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const init: WorkerInit = {
      url: target.url,
      pageId: target.pageId,
      tokens: target.tokens,
      editors,
      proc,
      rateHz: RATE_HZ,
    };
    const ready = new Promise<void>((resolve) =>
      child.on("message", (m: { type: string }) => m.type === "ready" && resolve()),
    );
    child.send({ type: "init", init });
    await ready;
    workers.push(child);
  }
  await sleep(1_000);
  const pid = target.child.pid!;
  const before = await processUsage(pid);
  const startedAt = performance.timeOrigin + performance.now();
  for (const w of workers) w.send({ type: "start" });
  let peakRss = before.rssMiB;
  for (let s = 0; s < SECONDS; s++) {
    await sleep(1_000);
    peakRss = Math.max(peakRss, (await processUsage(pid)).rssMiB);
  }
  const after = await processUsage(pid);
  const results = await Promise.all(
    workers.map(
      (w) =>
        new Promise<WorkerResult>((resolve) => {
          w.on(
            "message",
            (m: { type: string; result?: WorkerResult }) => m.type === "result" && resolve(m.result!),
          );
          w.send({ type: "stop" });
        }),
    ),
  );
  await Promise.all(
    workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once("exit", r)))),
  );

  const cutoff = startedAt + WARMUP_S * 1000;
  const sentAt = new Map<string, number>();
  for (const r of results) for (const [id, seq, t] of r.sent) sentAt.set(`${id}:${seq}`, t);
  const latencies: number[] = [];
  let lost = 0;
  for (const r of results) {
    const seen = new Set<string>();
    for (const [id, x, t] of r.received) {
      const key = `${id}:${x}`;
      const sent = sentAt.get(key);
      if (sent !== undefined && sent >= cutoff) latencies.push(t - sent);
      seen.add(key);
    }
    // Moves of others this observer never saw (a newer move may overwrite an older one in flight).
    for (const [key, t] of sentAt)
      if (t >= cutoff && !seen.has(key) && !key.startsWith(`shape:bench-${results.indexOf(r)}-0:`)) lost++;
  }
  const edits = results.reduce((n, r) => n + r.edits, 0);
  const elapsed = results[0]?.elapsedS ?? SECONDS;
  return {
    target: target.name,
    editors: EDITORS,
    processes: workers.length,
    edits,
    editsPerSecond: edits / elapsed,
    latencyMs: summarize(latencies),
    notSeenByAnObserver: lost,
    bytesUpPerEdit: results.reduce((n, r) => n + r.bytesSent, 0) / edits,
    bytesDownPerEditPerClient:
      results.reduce((n, r) => n + r.bytesReceived, 0) / edits / Math.max(1, EDITORS - 1),
    serverCpuCores: (after.cpuS - before.cpuS) / SECONDS,
    serverRssMiB: { before: before.rssMiB, peak: peakRss },
    harness: {
      cpuCoresPerProcess: results.map((r) => Number((r.cpuS / r.elapsedS).toFixed(2))),
      eventLoopDelayP99Ms: Math.max(...results.map((r) => r.loopDelayP99Ms)),
    },
  };
}

async function loadTimes(
  env: Record<string, string>,
  db: Awaited<ReturnType<typeof createTestDatabase>>,
  projectId: string,
  token: string,
) {
  const [page] = await db.sql<{ id: string }[]>`
    insert into pages (project_id, page_number, layout_template) values (${projectId}, 99, 'blank') returning id`;
  const pageId = page!.id;
  const doc = new Y.Doc();
  doc.transact(() => {
    const records = recordsMap(doc);
    for (const r of buildPageDocument({
      template: "blank",
      trimWidthMm: 170,
      trimHeightMm: 260,
      newPanelId: () => crypto.randomUUID(),
    }))
      writeRecord(records, r);
    let index = "a5" as IndexKey;
    for (let i = 0; i < LOAD_SHAPES; i++) {
      index = getIndexAbove(index);
      const rect = { x: (i % 40) * 60, y: Math.floor(i / 40) * 60, w: 50, h: 50 };
      writeRecord(records, makePanelShape({ panelId: crypto.randomUUID(), rect, index }));
    }
    writeDocumentSchema(doc, pageSchema().serialize());
  });
  const state = Y.encodeStateAsUpdate(doc);
  await db.sql`insert into yjs_documents (name, state) values (${pageDocumentName(pageId)}, ${Buffer.from(state)})`;
  const server = await startOurs(env, pageId, [token]);
  const open = async () => {
    const t0 = performance.now();
    const ydoc = new Y.Doc();
    const socket = new HocuspocusProviderWebsocket({ url: server.url, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: pageDocumentName(pageId),
      document: ydoc,
      token,
    });
    provider.attach();
    await new Promise<void>((resolve) => provider.on("synced", () => resolve()));
    const synced = performance.now();
    const store = createHeadlessPageStore();
    new PageDocumentBinding(store, ydoc).start();
    const shapes = store.allRecords().filter((r) => r.typeName === "shape").length;
    const done = performance.now();
    return {
      totalMs: done - t0,
      syncMs: synced - t0,
      bindMs: done - synced,
      shapes,
      close: () => {
        provider.destroy();
        socket.destroy();
      },
    };
  };
  const cold: Awaited<ReturnType<typeof open>>[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await open();
    cold.push(r);
    r.close();
    await sleep(2_500); // the page is stored (nothing changed) and unloaded: the next open reads Postgres
  }
  const holder = await open();
  const warm: Awaited<ReturnType<typeof open>>[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await open();
    warm.push(r);
    r.close();
    await sleep(200);
  }
  holder.close();
  await stop(server.child);
  const pick = (xs: typeof cold) => ({
    totalMs: summarize(xs.map((x) => x.totalMs)).p50,
    syncMs: summarize(xs.map((x) => x.syncMs)).p50,
    bindMs: summarize(xs.map((x) => x.bindMs)).p50,
  });
  return { shapes: cold[0]!.shapes, stateBytes: state.byteLength, cold: pick(cold), warm: pick(warm) };
}

/** Yjs update bytes of one edit, written field by field (ours) and as whole records (tldraw-yjs example). */
function writeSizes() {
  const measure = (
    mode: "fields" | "records",
    edit: (store: ReturnType<typeof createHeadlessPageStore>, id: PanelShape["id"]) => void,
  ) => {
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const r of buildPageDocument({
        template: "4-panel",
        trimWidthMm: 170,
        trimHeightMm: 260,
        newPanelId: () => crypto.randomUUID(),
      }))
        writeRecord(recordsMap(doc), r);
      writeDocumentSchema(doc, pageSchema().serialize());
    });
    const store = createHeadlessPageStore();
    new PageDocumentBinding(store, doc, { writeMode: mode }).start();
    const id = store.allRecords().find((r) => r.typeName === "shape" && r.type === "panel")!
      .id as PanelShape["id"];
    let bytes = 0;
    doc.on("update", (u: Uint8Array) => {
      bytes += u.byteLength;
    });
    const rounds = 20;
    for (let i = 1; i <= rounds; i++) {
      edit(store, id);
      (store as unknown as { _flushHistory(): void })._flushHistory();
    }
    return bytes / rounds;
  };
  const move = (store: ReturnType<typeof createHeadlessPageStore>, id: PanelShape["id"]) =>
    store.update(id, (r) => ({ ...r, x: r.x + 1, y: r.y + 1 }));
  let progress = 0;
  const generation = (store: ReturnType<typeof createHeadlessPageStore>, id: PanelShape["id"]) =>
    store.update(id, (r) => {
      progress += 0.01;
      const props = (r as unknown as { props: Record<string, unknown> }).props;
      return {
        ...r,
        props: {
          ...props,
          generation: {
            generationId: "00000000-0000-4000-8000-000000000001",
            status: "running",
            queuePosition: null,
            progress,
            previewUrl: "/api/files/preview.png",
            variations: [],
            bestIndex: null,
            error: null,
            requestedAtMs: 1,
            updatedAtMs: 2,
            engine: "sketch",
            autoRegeneration: false,
          },
        },
      } as typeof r;
    });
  return {
    moveBytes: { fields: measure("fields", move), records: measure("records", move) },
    generationProgressBytes: {
      fields: measure("fields", generation),
      records: measure("records", generation),
    },
  };
}

async function main() {
  const db = await createTestDatabase("bench");
  try {
    const [owner] = await db.sql<{ id: string }[]>`
      insert into users (email, display_name) values (${`bench-${crypto.randomUUID()}@bench.local`}, 'Bench') returning id`;
    const [project] = await db.sql<{ id: string }[]>`
      insert into projects (owner_id, name) values (${owner!.id}, 'Bench') returning id`;
    await db.sql`insert into project_members (project_id, user_id, role) values (${project!.id}, ${owner!.id}, 'owner')`;
    const token = generateSessionToken();
    await createSession(db.sql, token, owner!.id);
    const [page] = await db.sql<{ id: string }[]>`
      insert into pages (project_id, page_number, layout_template) values (${project!.id}, 1, 'blank') returning id`;
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: testPrefix("bench"),
      APP_ORIGIN: "http://localhost:5173",
    };

    console.log(
      `collab bench: ${EDITORS} editors in ${PROCS} processes, ${RATE_HZ} moves/s each, ${SECONDS}s (${WARMUP_S}s warm-up), ${cpus().length} CPUs`,
    );
    const ours = await startOurs(env, page!.id, [token]);
    const oursResult = await runWorkload(ours);
    await stop(ours.child);
    const bare = await startBare();
    const bareResult = await runWorkload(bare);
    await stop(bare.child);
    const load = await loadTimes(env, db, project!.id, token);
    const sizes = writeSizes();

    const row = (r: typeof oursResult) => ({
      "edits/s": r.editsPerSecond.toFixed(0),
      "p50 ms": r.latencyMs.p50.toFixed(1),
      "p95 ms": r.latencyMs.p95.toFixed(1),
      "p99 ms": r.latencyMs.p99.toFixed(1),
      "up B/edit": r.bytesUpPerEdit.toFixed(0),
      "down B/edit/client": r.bytesDownPerEditPerClient.toFixed(0),
      "server CPU cores": r.serverCpuCores.toFixed(2),
      "server RSS MiB (peak)": r.serverRssMiB.peak.toFixed(0),
      "harness CPU/proc": r.harness.cpuCoresPerProcess.join(" "),
      "harness loop p99 ms": r.harness.eventLoopDelayP99Ms.toFixed(1),
    });
    console.table({ [oursResult.target]: row(oursResult), [bareResult.target]: row(bareResult) });
    const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b).toFixed(2);
    console.table({
      "ours / bare": {
        p50: ratio(oursResult.latencyMs.p50, bareResult.latencyMs.p50),
        p95: ratio(oursResult.latencyMs.p95, bareResult.latencyMs.p95),
        p99: ratio(oursResult.latencyMs.p99, bareResult.latencyMs.p99),
        "up B/edit": ratio(oursResult.bytesUpPerEdit, bareResult.bytesUpPerEdit),
        "down B/edit/client": ratio(
          oursResult.bytesDownPerEditPerClient,
          bareResult.bytesDownPerEditPerClient,
        ),
        "server CPU": ratio(oursResult.serverCpuCores, bareResult.serverCpuCores),
        "server RSS": ratio(oursResult.serverRssMiB.peak, bareResult.serverRssMiB.peak),
      },
    });
    console.log(
      `load a ${load.shapes}-shape page (${(load.stateBytes / 1024).toFixed(0)} KiB of Yjs state) into a client: ` +
        `cold ${load.cold.totalMs.toFixed(0)} ms (sync ${load.cold.syncMs.toFixed(0)} + bind ${load.cold.bindMs.toFixed(0)}), ` +
        `warm ${load.warm.totalMs.toFixed(0)} ms (sync ${load.warm.syncMs.toFixed(0)} + bind ${load.warm.bindMs.toFixed(0)})`,
    );
    console.log(
      `Yjs update per move: ${sizes.moveBytes.fields.toFixed(0)} B field-level vs ${sizes.moveBytes.records.toFixed(0)} B whole-record ` +
        `(${(sizes.moveBytes.records / sizes.moveBytes.fields).toFixed(1)}x); per generation-progress write: ` +
        `${sizes.generationProgressBytes.fields.toFixed(0)} B vs ${sizes.generationProgressBytes.records.toFixed(0)} B`,
    );
    const busiest = Math.max(
      ...oursResult.harness.cpuCoresPerProcess,
      ...bareResult.harness.cpuCoresPerProcess,
    );
    if (busiest > 0.8) {
      console.log(
        `note: a harness process used ${busiest.toFixed(2)} cores: the harness, not the server, may be the limit.`,
      );
    }
    await mkdir(join(ROOT, "bench", "results"), { recursive: true });
    const file = join(
      ROOT,
      "bench",
      "results",
      `collab-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
    );
    await writeFile(
      file,
      JSON.stringify(
        {
          config: { EDITORS, PROCS, RATE_HZ, SECONDS, WARMUP_S },
          ours: oursResult,
          bare: bareResult,
          load,
          sizes,
        },
        null,
        2,
      ),
    );
    console.log(`results: ${file}`);
  } finally {
    await db.drop();
  }
}

await main();
