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
}

export interface Stack {
  url: string;
  stop(): Promise<void>;
  processes: Map<ServiceName, ChildProcess>;
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
    const out = options.logDir ? createWriteStream(join(options.logDir, `${name}.log`)) : process.stdout;
    if (options.logDir) logs.push(out as WriteStream);
    prefixLines(name, child.stdout!, out);
    prefixLines(name, child.stderr!, out);
    processes.set(name, child);
    return child;
  };

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
    const api = launch("api", join(ROOT, "api"), [process.execPath, ...TSX_LOADER, "src/main.ts"], {
      PORT: String(options.ports.api),
    });
    const collab = launch(
      "collab-server",
      join(ROOT, "collab-server"),
      [process.execPath, ...TSX_LOADER, "src/main.ts"],
      { PORT: String(options.ports.collab) },
    );
    const worker = launch("worker", join(ROOT, "worker"), [process.execPath, ...TSX_LOADER, "src/main.ts"], {
      PORT: String(options.ports.worker),
    });
    const vite = join(ROOT, "client", "node_modules", "vite", "bin", "vite.js");
    const clientEnv = {
      CLIENT_PORT: String(options.ports.client),
      API_PROXY_TARGET: `http://127.0.0.1:${options.ports.api}`,
      COLLAB_PROXY_TARGET: `ws://127.0.0.1:${options.ports.collab}`,
    };
    const client = launch(
      "client",
      join(ROOT, "client"),
      options.clientMode === "preview" ? [process.execPath, vite, "preview"] : [process.execPath, vite],
      clientEnv,
    );
    await Promise.all([
      waitHealthy("api", `http://127.0.0.1:${options.ports.api}/api/health`, api, 60_000),
      waitHealthy("collab-server", `http://127.0.0.1:${options.ports.collab}/health`, collab, 60_000),
      waitHealthy("worker", `http://127.0.0.1:${options.ports.worker}/health`, worker, 60_000),
      waitHealthy("client", `http://127.0.0.1:${options.ports.client}/`, client, 120_000),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: clientUrl, stop, processes };
}
