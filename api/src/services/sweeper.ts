import type { CreditLedger, Logger } from "@comic-studio/infra";

/**
 * Releases expired credit reservations every `intervalMs` (a hold whose job died never comes
 * back otherwise). Several api instances may sweep at once: each release happens once.
 */
export function startReservationSweeper(credits: CreditLedger, logger: Logger, intervalMs: number) {
  if (intervalMs <= 0) return { stop: () => {} };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    credits
      .releaseExpired()
      .then((released) => {
        if (released > 0) logger.info({ released }, "released expired credit reservations");
      })
      .catch((error: unknown) => logger.error({ err: error }, "reservation sweep failed"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
