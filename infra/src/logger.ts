import pino from "pino";

export type Logger = pino.Logger;

/** Structured JSON logs, one logger per service. LOG_LEVEL picks the level. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ name: service, level, base: { service, pid: process.pid } });
}
