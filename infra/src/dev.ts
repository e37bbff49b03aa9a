// The dev launcher behind `npm start`: migrate, seed the demo, start every service, print the URL.

import { parseEnv } from "@comic-studio/shared";
import { z } from "zod";
import { createSql, ensureDatabase } from "./db.ts";
import { migrate } from "./migrate.ts";
import { DEMO_USERS, seedDemo } from "./seed.ts";
import { startStack } from "./stack.ts";

const env = parseEnv(
  "dev launcher",
  z.object({
    DATABASE_URL: z.url().default("postgres://postgres@127.0.0.1:5432/comic_studio"),
    REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
    API_PORT: z.coerce.number().int().default(3001),
    COLLAB_PORT: z.coerce.number().int().default(3002),
    WORKER_PORT: z.coerce.number().int().default(3003),
    CLIENT_PORT: z.coerce.number().int().default(5173),
  }),
  process.env,
);

await ensureDatabase(env.DATABASE_URL);
const sql = createSql(env.DATABASE_URL, { max: 2 });
const migrated = await migrate(sql);
console.log(
  `[comic-studio] migrations: ${migrated.applied.length} applied, ${migrated.skipped.length} already there`,
);
const seeded = await seedDemo(sql);
console.log(`[comic-studio] demo project ${seeded.created ? "created" : "already there"}`);
await sql.end();

const stack = await startStack({
  databaseUrl: env.DATABASE_URL,
  redisUrl: env.REDIS_URL,
  ports: { api: env.API_PORT, collab: env.COLLAB_PORT, worker: env.WORKER_PORT, client: env.CLIENT_PORT },
  clientMode: "dev",
});

const demo = DEMO_USERS[0];
console.log(`
  \x1b[1mComic Studio is running\x1b[0m

    Open      ${stack.url}
    Sign in   ${demo.email} / ${demo.password}
    Also      ${DEMO_USERS.slice(1)
      .map((u) => `${u.email} (${u.role})`)
      .join(", ")} — same password

  Ctrl+C stops everything.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void stack.stop().then(() => process.exit(0));
  });
}
for (const [name, child] of stack.processes) {
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`[comic-studio] ${name} exited (${code}); stopping the rest.`);
      stopping = true;
      void stack.stop().then(() => process.exit(1));
    }
  });
}
