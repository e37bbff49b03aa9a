import { createLogger, onShutdown } from "@comic-studio/infra";
import { loadWorkerConfig } from "./config.ts";
import { startWorkerService } from "./service.ts";

const config = loadWorkerConfig(process.env);
const logger = createLogger("worker", config.LOG_LEVEL);
const service = await startWorkerService(config, logger);
logger.info({ port: service.port }, "worker ready");
onShutdown(logger, [["drain jobs and close connections", () => service.close()]]);
