/**
 * Engine failures, classified by a stable `code` and a `retryable` flag so the job code can decide
 * between BullMQ's retry with backoff and an UnrecoverableError without reading message text.
 */
export type EngineErrorCode =
  /** The description or workflow is wrong; running it again cannot help. */
  | "ENGINE_BAD_INPUT"
  /** The caller aborted; the engine stopped. */
  | "ENGINE_ABORTED"
  /** The engine could not be reached or dropped out (network, server down): worth retrying. */
  | "ENGINE_UNAVAILABLE"
  /** The engine ran and failed (a node raised, out of memory): worth one more try. */
  | "ENGINE_FAILED"
  /** The engine did not finish in its time limit. */
  | "ENGINE_TIMEOUT";

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;
  constructor(
    code: EngineErrorCode,
    message: string,
    options: { retryable: boolean; details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "EngineError";
    this.code = code;
    this.retryable = options.retryable;
    this.details = options.details;
  }
}

export class EngineInputError extends EngineError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("ENGINE_BAD_INPUT", message, { retryable: false, ...(details ? { details } : {}) });
    this.name = "EngineInputError";
  }
}

export class EngineAbortedError extends EngineError {
  constructor(reason?: unknown) {
    super("ENGINE_ABORTED", "Generation was cancelled", { retryable: false, cause: reason });
    this.name = "EngineAbortedError";
  }
}

export class EngineUnavailableError extends EngineError {
  constructor(message: string, cause?: unknown, details?: Record<string, unknown>) {
    super("ENGINE_UNAVAILABLE", message, { retryable: true, cause, ...(details ? { details } : {}) });
    this.name = "EngineUnavailableError";
  }
}

export class EngineFailedError extends EngineError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("ENGINE_FAILED", message, { retryable: true, ...(details ? { details } : {}) });
    this.name = "EngineFailedError";
  }
}

export class EngineTimeoutError extends EngineError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("ENGINE_TIMEOUT", message, { retryable: true, ...(details ? { details } : {}) });
    this.name = "EngineTimeoutError";
  }
}

export function isEngineError(error: unknown): error is EngineError {
  return error instanceof EngineError;
}

/** Throws EngineAbortedError when the signal has fired; call between units of work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineAbortedError(signal.reason);
}
