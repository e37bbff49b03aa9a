import { defineConfig } from "vitest/config";

// One vitest run covers every package; each package's own config names its tests.
export default defineConfig({
  test: {
    projects: ["shared", "infra", "api", "collab-server", "worker", "client"],
  },
});
