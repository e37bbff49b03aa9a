// The baseline: a bare Hocuspocus server with no extensions (no auth, no persistence, no
// Redis), on the port given as the first argument.
import { Server } from "../../collab-server/test/bench-support.ts";

const port = Number(process.argv[2] ?? 0);
const server = new Server({ port, address: "127.0.0.1", quiet: true, stopOnSignals: false });
await server.listen();
process.send?.({ type: "listening", port: server.address.port });
process.on("SIGTERM", () => {
  void server.destroy().then(() => process.exit(0));
});
