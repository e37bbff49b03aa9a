import type { Logger } from "./logger.ts";

/** Longest a graceful shutdown may take before the process exits anyway. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * Runs `steps` in order on SIGTERM or SIGINT (drain, flush, close), then exits.
 * A second signal, or a shutdown past {@link SHUTDOWN_TIMEOUT_MS}, exits at once.
 */
export function onShutdown(
  logger: Logger,
  steps: Array<[string, () => Promise<unknown>]>,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const run = (): Promise<void> => {
    running ??= (async () => {
      const timer = setTimeout(() => {
        logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown timed out");
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      for (const [name, step] of steps) {
        try {
          await step();
          logger.info({ step: name }, "shutdown step done");
        } catch (error) {
          logger.error({ step: name, err: error }, "shutdown step failed");
        }
      }
      clearTimeout(timer);
    })();
    return running;
  };
  const handler = (signal: NodeJS.Signals) => {
    if (running) process.exit(1);
    logger.info({ signal }, "shutting down");
    void run().then(() => process.exit(0));
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
  return run;
}
