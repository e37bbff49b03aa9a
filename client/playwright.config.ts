import { defineConfig } from "@playwright/test";

// Ports for the stack the global setup starts; chosen once in the main process and
// inherited by the workers through the environment.
process.env.E2E_PORT_BASE ??= String(20_000 + Math.floor(Math.random() * 400) * 10);
const base = Number(process.env.E2E_PORT_BASE);

export const E2E_PORTS = { api: base, collab: base + 1, worker: base + 2, client: base + 3 };

export default defineConfig({
  testDir: "./e2e",
  outputDir: "../test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: `http://localhost:${E2E_PORTS.client}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
});
