import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  createTestDatabase,
  ROOT,
  seedDemo,
  startStack,
  TEST_REDIS_URL,
  testPrefix,
} from "@comic-studio/infra";
import { E2E_PORTS } from "../playwright.config.ts";
import { keepCatalogue, seedCatalogue } from "./catalogue-cache.ts";

/** Starts the whole stack once for the browser suite: fresh database, own Redis prefix, production build. */
export default async function globalSetup() {
  const db = await createTestDatabase("e2e");
  await seedDemo(db.sql);
  process.env.E2E_DATABASE_URL = db.url;
  const prefix = testPrefix("e2e");
  // Each run builds into its own folder, so two runs on one machine never serve each other's build.
  const outDir = join(ROOT, ".data", "e2e-dist", prefix);
  process.env.CLIENT_OUT_DIR = outDir;
  execFileSync(process.execPath, [join(ROOT, "client", "node_modules", "vite", "bin", "vite.js"), "build"], {
    cwd: join(ROOT, "client"),
    stdio: "inherit",
  });
  const storageDir = join(ROOT, ".data", "e2e-storage", prefix);
  seedCatalogue(storageDir);
  const stack = await startStack({
    databaseUrl: db.url,
    redisUrl: TEST_REDIS_URL,
    redisPrefix: prefix,
    ports: E2E_PORTS,
    clientMode: "preview",
    storageDir,
    logDir: join(ROOT, "test-results", "e2e-logs", prefix),
    env: { NODE_ENV: "test", LOG_LEVEL: "info", SKETCH_MIN_STEP_MS: "120" },
  });
  return async () => {
    await stack.stop();
    keepCatalogue(storageDir);
    await db.drop();
    rmSync(outDir, { recursive: true, force: true });
  };
}
