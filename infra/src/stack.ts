import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root. */
export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export type ServiceName = "api" | "collab-server" | "worker" | "client";

/** Options for {@link startStack}. */
export interface StackOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Key prefix for BullMQ and the Hocuspocus Redis extension. Default "cs". */
  redisPrefix?: string;
  ports: { api: number; collab: number; worker: number; client: number };
  /** "dev" runs the Vite dev server; "preview" serves a production build. Default "dev". */
  clientMode?: "dev" | "preview";
  /** Where files are stored. Default .data/storage. */
  storageDir?: string;
  /** Extra environment for every service. */
  env?: Record<string, string>;
  /** Write each service's output to `<logDir>/<service>.log` instead of the console. */
  logDir?: string;
  /** Which services to start. Default all four. */
  services?: ServiceName[];
}

export interface Stack {
  url: string;
  stop(): Promise<void>;
  processes: Map<ServiceName, ChildProcess>;
  /** Stops one service with `signal` (SIGKILL: no graceful shutdown) and waits for it to exit. */
  kill(name: ServiceName, signal: NodeJS.Signals): Promise<void>;
  /** Starts one service again (after `kill`), with extra environment, and waits until it is healthy. */
  start(name: ServiceName, env?: Record<string, string>): Promise<void>;
}

const TSX_LOADER = ["--import", "tsx"];

function prefixLines(name: string, stream: NodeJS.ReadableStream, out: NodeJS.WritableStream) {
  let buffered = "";
  stream.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
}

async function waitHealthy(name: string, url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} before it was healthy`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} was not healthy at ${url} within ${timeoutMs} ms`);
}

/** Starts api, collab-server, worker and client as child processes and waits until each is healthy. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const prefix = options.redisPrefix ?? "cs";
  const clientUrl = `http://localhost:${options.ports.client}`;
  const common: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: process.env.NODE_ENV ?? "development",
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: prefix,
    APP_ORIGIN: clientUrl,
    STORAGE_DIR: options.storageDir ?? join(ROOT, ".data", "storage"),
    COLLAB_URL: `ws://127.0.0.1:${options.ports.collab}/collab`,
    API_URL: `http://127.0.0.1:${options.ports.api}`,
    ...options.env,
  };
  const processes = new Map<ServiceName, ChildProcess>();
  const logs: WriteStream[] = [];
  if (options.logDir) mkdirSync(options.logDir, { recursive: true });

  const launch = (name: ServiceName, cwd: string, args: string[], env: Record<string, string>) => {
    const child = spawn(args[0]!, args.slice(1), {
      cwd,
      env: { ...common, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out = options.logDir
      ? createWriteStream(join(options.logDir, `${name}.log`), { flags: "a" })
      : process.stdout;
    if (options.logDir) logs.push(out as WriteStream);
    prefixLines(name, child.stdout!, out);
    prefixLines(name, child.stderr!, out);
    processes.set(name, child);
    return child;
  };

  const tsxMain = [process.execPath, ...TSX_LOADER, "src/main.ts"];
  /** Launches one service and resolves once its health check answers. */
  const startService = (name: ServiceName, extra: Record<string, string> = {}): Promise<void> => {
    switch (name) {
      case "api": {
        const child = launch("api", join(ROOT, "api"), tsxMain, {
          PORT: String(options.ports.api),
          ...extra,
        });
        return waitHealthy("api", `http://127.0.0.1:${options.ports.api}/api/health`, child, 60_000);
      }
      case "collab-server": {
        const child = launch("collab-server", join(ROOT, "collab-server"), tsxMain, {
          PORT: String(options.ports.collab),
          ...extra,
        });
        return waitHealthy("collab-server", `http://127.0.0.1:${options.ports.collab}/health`, child, 60_000);
      }
      case "worker": {
        const child = launch("worker", join(ROOT, "worker"), tsxMain, {
          PORT: String(options.ports.worker),
          ...extra,
        });
        return waitHealthy("worker", `http://127.0.0.1:${options.ports.worker}/health`, child, 60_000);
      }
      case "client": {
        const vite = join(ROOT, "client", "node_modules", "vite", "bin", "vite.js");
        const child = launch(
          "client",
          join(ROOT, "client"),
          options.clientMode === "preview" ? [process.execPath, vite, "preview"] : [process.execPath, vite],
          {
            CLIENT_PORT: String(options.ports.client),
            API_PROXY_TARGET: `http://127.0.0.1:${options.ports.api}`,
            COLLAB_PROXY_TARGET: `ws://127.0.0.1:${options.ports.collab}`,
          },
        );
        return waitHealthy("client", `http://127.0.0.1:${options.ports.client}/`, child, 120_000);
      }
    }
  };

  const exited = (child: ChildProcess) =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
    });

  const stop = async () => {
    const exits = [...processes.values()].map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const timer = setTimeout(() => child.kill("SIGKILL"), 12_000);
          child.once("exit", () => {
            clearTimeout(timer);
            done();
          });
          child.kill("SIGTERM");
        }),
    );
    await Promise.all(exits);
    for (const l of logs) l.end();
  };

  try {
    const wanted = options.services ?? (["api", "collab-server", "worker", "client"] as ServiceName[]);
    await Promise.all(wanted.map((name) => startService(name)));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: clientUrl,
    stop,
    processes,
    async kill(name, signal) {
      const child = processes.get(name);
      if (!child) return;
      child.kill(signal);
      await exited(child);
    },
    start: startService,
  };
}
