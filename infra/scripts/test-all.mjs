// `npm test`: the whole suite. Installs what it needs, runs every package's vitest suites and
// the Playwright browser suite, and ends with one line: `tests: N passed, M failed`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  CHROMIUM_PATH,
  checkNode,
  ensureChromium,
  ensurePnpm,
  ensureServices,
  installDependencies,
  log,
  ROOT,
} from "./bootstrap.mjs";

checkNode();
const pnpm = ensurePnpm();
installDependencies(pnpm, { frozen: process.env.CI === "true" });
await ensureServices();
ensureChromium();

const results = join(ROOT, "test-results");
mkdirSync(results, { recursive: true });
const vitestJson = join(results, "vitest.json");
const playwrightJson = join(results, "playwright.json");
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });

function run(label, args, env = {}) {
  log(label);
  const r = spawnSync(pnpm, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function readJson(path) {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

const onlyUnit = process.argv.includes("--unit");
const onlyE2e = process.argv.includes("--e2e");
let passed = 0;
let failed = 0;

if (!onlyE2e) {
  const code = run("Unit and integration tests (vitest)…", [
    "exec",
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${vitestJson}`,
  ]);
  const report = readJson(vitestJson);
  const p = report?.numPassedTests ?? 0;
  const f = report?.numFailedTests ?? 0;
  passed += p;
  // A runner that failed without reporting a failed test (a crash, a failed setup) still counts as a failure.
  failed += f > 0 ? f : code !== 0 ? 1 : 0;
}

if (!onlyUnit) {
  const code = run(
    "Browser tests (Playwright in Debian's Chromium)…",
    ["exec", "playwright", "test", "-c", "client/playwright.config.ts", "--reporter=list,json"],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson, CHROMIUM_PATH },
  );
  const stats = readJson(playwrightJson)?.stats;
  const p = (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  const f = stats?.unexpected ?? 0;
  passed += p;
  failed += f > 0 ? f : code !== 0 ? 1 : 0;
}

console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
