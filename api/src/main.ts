import { createLogger, createRedis, createSql, onShutdown, PostgresCreditLedger } from "@comic-studio/infra";
import { createApiServer } from "./app.ts";
import { loadConfig } from "./config.ts";
import { startReservationSweeper } from "./services/sweeper.ts";

const config = loadConfig();
const logger = createLogger("api", config.LOG_LEVEL);
const sql = createSql(config.DATABASE_URL);
const redis = createRedis(config.REDIS_URL);
const credits = new PostgresCreditLedger(sql);

const api = createApiServer(config, { sql, redis, logger, credits });
const running = await api.listen(config.PORT);
const sweeper = startReservationSweeper(credits, logger, config.RESERVATION_SWEEP_MS);
logger.info(
  { port: running.port, appOrigin: config.APP_ORIGIN, storage: config.STORAGE_DRIVER },
  "api listening",
);

onShutdown(logger, [
  ["stop the reservation sweep", async () => sweeper.stop()],
  ["stop accepting and drain requests", () => running.close()],
  ["close postgres", () => sql.end({ timeout: 5 })],
  ["close redis", () => redis.quit()],
]);
