// Plain Node (no dependencies): what the two quick-start commands need before
// `pnpm install` has run. Installs pnpm, the workspace, and finds or starts Postgres and Redis.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createConnection } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const DATA_DIR = join(ROOT, ".data");
export const PNPM_VERSION = "12.21.0";

export function log(message) {
  process.stdout.write(`\x1b[36m[comic-studio]\x1b[0m ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`\x1b[31m[comic-studio] ${message}\x1b[0m\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: ROOT, ...options });
  return r.status === 0;
}

function has(cmd, args = ["--version"]) {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    fail(`Node 20.19 or newer is needed (this is ${process.version}).`);
}

/** Returns the pnpm command, installing pnpm with npm when missing (globally, else under .tools/). */
export function ensurePnpm() {
  if (has("pnpm")) return "pnpm";
  const local = join(ROOT, ".tools", "node_modules", ".bin", "pnpm");
  if (existsSync(local)) return local;
  log(`Installing pnpm ${PNPM_VERSION} with npm…`);
  if (run("npm", ["install", "-g", `pnpm@${PNPM_VERSION}`]) && has("pnpm")) return "pnpm";
  log("Global install failed; installing pnpm into .tools/ instead.");
  mkdirSync(join(ROOT, ".tools"), { recursive: true });
  if (!run("npm", ["install", "--prefix", join(ROOT, ".tools"), `pnpm@${PNPM_VERSION}`]))
    fail("Could not install pnpm.");
  return local;
}

/** `pnpm install`, skipping onnxruntime-node's CUDA download (its CPU binary ships in the package). */
export function installDependencies(pnpm, { frozen = false } = {}) {
  log("Installing dependencies…");
  const args = ["install", ...(frozen ? ["--frozen-lockfile"] : [])];
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: "skip", ONNXRUNTIME_NODE_INSTALL_CUDA: "skip" };
  if (!run(pnpm, args, { env })) fail("pnpm install failed (see above).");
}

export function portOpen(port, host = "127.0.0.1", timeoutMs = 1000) {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolvePromise(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function waitForPort(port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await portOpen(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function findPostgresBin(name) {
  if (has(name, ["--version"])) return name;
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  for (const v of readdirSync(base).sort().reverse()) {
    const p = join(base, v, "bin", name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Postgres: use the one on 127.0.0.1:5432, else start a project-local one under .data/postgres. */
async function ensurePostgres() {
  if (process.env.DATABASE_URL) return;
  if (await portOpen(5432)) return log("Postgres: using 127.0.0.1:5432");
  const initdb = findPostgresBin("initdb");
  const pgctl = findPostgresBin("pg_ctl");
  if (!initdb || !pgctl) {
    fail(
      "No Postgres answers on 127.0.0.1:5432 and none is installed.\n" +
        "  Install PostgreSQL 14+ (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@16),\n" +
        "  or point DATABASE_URL at a server you have.",
    );
  }
  const dir = join(DATA_DIR, "postgres");
  // initdb refuses to run as root: run the server as the `postgres` system user then.
  const asRoot = process.getuid?.() === 0;
  const wrap = (cmd, args) => (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]);
  mkdirSync(DATA_DIR, { recursive: true });
  if (!existsSync(join(dir, "PG_VERSION"))) {
    log(`Postgres: initialising a local cluster in ${dir}`);
    mkdirSync(dir, { recursive: true });
    if (asRoot) run("chown", ["-R", "postgres", dir]);
    const [c, a] = wrap(initdb, ["-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
    if (!run(c, a)) fail("initdb failed.");
  }
  log("Postgres: starting the local cluster on 127.0.0.1:5432");
  const [c, a] = wrap(pgctl, [
    "-D",
    dir,
    "-l",
    join(dir, "server.log"),
    "-o",
    "-p 5432 -k /tmp -c listen_addresses=127.0.0.1",
    "start",
  ]);
  run(c, a);
  if (!(await waitForPort(5432, 30))) fail(`Postgres did not start; see ${join(dir, "server.log")}`);
}

/** Redis: use the one on 127.0.0.1:6379, else start a project-local one under .data/redis. */
async function ensureRedis() {
  if (process.env.REDIS_URL) return;
  if (await portOpen(6379)) return log("Redis: using 127.0.0.1:6379");
  if (!has("redis-server")) {
    fail(
      "No Redis answers on 127.0.0.1:6379 and redis-server is not installed.\n" +
        "  Install Redis 6.2+ (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis),\n" +
        "  or point REDIS_URL at a server you have.",
    );
  }
  const dir = join(DATA_DIR, "redis");
  mkdirSync(dir, { recursive: true });
  log("Redis: starting a local server on 127.0.0.1:6379");
  run("redis-server", [
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "--port",
    "6379",
    "--dir",
    dir,
    "--logfile",
    join(dir, "redis.log"),
  ]);
  if (!(await waitForPort(6379, 15))) fail(`Redis did not start; see ${join(dir, "redis.log")}`);
}

export async function ensureServices() {
  await ensurePostgres();
  await ensureRedis();
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium for the browser tests (never Playwright's own download). */
export function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return;
  if (process.getuid?.() === 0 && has("apt-get")) {
    log("Installing Debian's chromium for the browser tests…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    run("apt-get", ["update", "-qq"], { env });
    if (
      run("apt-get", ["install", "-y", "-qq", "chromium", "fonts-dejavu-core"], { env }) &&
      existsSync(CHROMIUM_PATH)
    )
      return;
  }
  fail(
    `The browser tests need Chromium at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH).`,
  );
}
