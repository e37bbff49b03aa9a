// One bench process: K simulated editors, each a real HocuspocusProvider with a tldraw store
// bound to the page through PageDocumentBinding, moving its own panel `rateHz` times a second.
// The first editor of the process also observes: it records when every other editor's moves
// become visible in its store. Talks to bench/collab/run.ts over IPC.
import "./frames.ts";
import { monitorEventLoopDelay } from "node:perf_hooks";
import {
  getIndexAbove,
  HocuspocusProvider,
  HocuspocusProviderWebsocket,
  type IndexKey,
  WebSocket,
  Y,
} from "../../collab-server/test/bench-support.ts";
import {
  createHeadlessPageStore,
  makePanelShape,
  PageDocumentBinding,
  type PanelShape,
  pageDocumentName,
} from "../../shared/src/index.ts";

export interface WorkerInit {
  url: string;
  pageId: string;
  tokens: string[];
  editors: number;
  proc: number;
  rateHz: number;
}

export interface WorkerResult {
  sent: [string, number, number][];
  received: [string, number, number][];
  bytesSent: number;
  bytesReceived: number;
  edits: number;
  cpuS: number;
  elapsedS: number;
  loopDelayP99Ms: number;
}

const now = () => performance.timeOrigin + performance.now();
const counters = { sent: 0, received: 0 };

class CountingSocket extends WebSocket {
  constructor(address: string) {
    super(address);
    this.on("message", (data: Buffer) => {
      counters.received += data.byteLength;
    });
  }
  override send(data: never, ...rest: never[]): void {
    counters.sent += (data as { byteLength?: number }).byteLength ?? String(data).length;
    (super.send as (...args: unknown[]) => void)(data, ...rest);
  }
}

async function createEditor(init: WorkerInit, index: number, topIndex: IndexKey) {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: init.url, WebSocketPolyfill: CountingSocket });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: pageDocumentName(init.pageId),
    document: doc,
    token: init.tokens[index % init.tokens.length] ?? "",
  });
  provider.attach();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("sync timed out")), 30_000);
    provider.on("synced", () => {
      clearTimeout(timer);
      resolve();
    });
    provider.on("authenticationFailed", ({ reason }: { reason: string }) => reject(new Error(reason)));
  });
  const store = createHeadlessPageStore();
  const binding = new PageDocumentBinding(store, doc);
  binding.start();
  const id = `shape:bench-${init.proc}-${index}` as PanelShape["id"];
  store.put([
    makePanelShape({
      id,
      panelId: crypto.randomUUID(),
      rect: { x: 0, y: index * 10, w: 50, h: 40 },
      index: topIndex,
    }),
  ]);
  const flush = () => (store as unknown as { _flushHistory(): void })._flushHistory();
  flush();
  return { doc, socket, provider, store, id, flush };
}

let editors: Awaited<ReturnType<typeof createEditor>>[] = [];
const sent: WorkerResult["sent"] = [];
const received: WorkerResult["received"] = [];
let timers: ReturnType<typeof setInterval>[] = [];
let started = 0;
let cpuAtStart = process.cpuUsage();
const loop = monitorEventLoopDelay({ resolution: 5 });

process.on("message", async (message: { type: string; init?: WorkerInit }) => {
  if (message.type === "init") {
    const init = message.init!;
    let top = `a${init.proc + 1}` as IndexKey;
    for (let i = 0; i < init.editors; i++) {
      top = getIndexAbove(top);
      editors.push(await createEditor(init, i, top));
    }
    const observer = editors[0]!;
    observer.store.sideEffects.registerAfterChangeHandler("shape", (prev, next, source) => {
      if (source === "remote" && prev.x !== next.x) received.push([next.id, next.x, now()]);
    });
    (globalThis as { rateHz?: number }).rateHz = init.rateHz;
    process.send?.({ type: "ready" });
  } else if (message.type === "start") {
    const rateHz = (globalThis as { rateHz?: number }).rateHz ?? 4;
    counters.sent = 0;
    counters.received = 0;
    cpuAtStart = process.cpuUsage();
    started = now();
    loop.enable();
    for (const editor of editors) {
      let seq = 0;
      const move = () => {
        seq++;
        sent.push([editor.id, seq, now()]);
        editor.store.update(editor.id, (r) => ({ ...r, x: seq }));
        // A browser flushes on the next animation frame; here every edit goes out at once.
        editor.flush();
      };
      // Spread the editors' ticks over the interval instead of moving all at once.
      const delay = Math.random() * (1000 / rateHz);
      const first = setTimeout(() => {
        move();
        timers.push(setInterval(move, 1000 / rateHz));
      }, delay);
      timers.push(first as unknown as ReturnType<typeof setInterval>);
    }
  } else if (message.type === "stop") {
    for (const t of timers) clearInterval(t);
    timers = [];
    const elapsedS = (now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 1_500));
    loop.disable();
    const cpu = process.cpuUsage(cpuAtStart);
    const result: WorkerResult = {
      sent,
      received,
      bytesSent: counters.sent,
      bytesReceived: counters.received,
      edits: sent.length,
      cpuS: (cpu.user + cpu.system) / 1e6,
      elapsedS,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
    };
    process.send?.({ type: "result", result });
    for (const editor of editors) {
      editor.provider.destroy();
      editor.socket.destroy();
    }
    editors = [];
    setTimeout(() => process.exit(0), 200);
  }
});
