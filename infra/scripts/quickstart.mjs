// `npm start`: install everything, find or start Postgres and Redis, migrate, seed the demo, start the app.
import { spawn } from "node:child_process";
import { checkNode, ensurePnpm, ensureServices, installDependencies, ROOT } from "./bootstrap.mjs";

checkNode();
const pnpm = ensurePnpm();
installDependencies(pnpm);
await ensureServices();
const child = spawn(pnpm, ["exec", "tsx", "infra/src/dev.ts"], { cwd: ROOT, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
