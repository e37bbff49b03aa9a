import { createLogger, createRedis, createSql, onShutdown } from "@comic-studio/infra";
import { loadConfig } from "./config.ts";
import { PageEventConsumer } from "./page-events.ts";
import { createCollabServer } from "./server.ts";

const config = loadConfig();
const logger = createLogger("collab-server", config.LOG_LEVEL);
const sql = createSql(config.DATABASE_URL);
const redis = createRedis(config.REDIS_URL);

const collab = createCollabServer(config, { sql, redis, logger });
const running = await collab.listen();
logger.info(
  { port: running.port, url: running.url, redisPrefix: config.REDIS_PREFIX },
  "collab-server listening",
);

// Backend writes into page documents (generation state, chosen images), shared among instances.
const events = new PageEventConsumer(
  redis.duplicate(),
  config.REDIS_PREFIX,
  collab.hocuspocus,
  logger,
  `${config.INSTANCE_NAME ?? "collab"}-${process.pid}-${running.port}`,
);
await events.start();

onShutdown(logger, [
  ["stop applying page events", () => events.stop()],
  ["end connections and store every document", () => collab.close()],
  ["close postgres", () => sql.end({ timeout: 5 })],
  ["close redis", () => redis.quit()],
]);
