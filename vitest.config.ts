import { defineConfig } from "vitest/config";

// Vitest 5's reporter calls Map.groupBy (Node 21+); on Node 20 a failing test would crash the
// reporter instead of being reported. A few lines of polyfill keep failures readable.
if (typeof (Map as { groupBy?: unknown }).groupBy !== "function") {
  Object.defineProperty(Map, "groupBy", {
    value<K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
      const map = new Map<K, T[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const group = map.get(k);
        if (group) group.push(item);
        else map.set(k, [item]);
      }
      return map;
    },
  });
}

// One vitest run covers every package; each package's own config names its tests.
export default defineConfig({
  test: {
    projects: ["shared", "infra", "api", "collab-server", "worker", "client"],
  },
});
