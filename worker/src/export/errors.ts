import type { ExportErrorCode } from "@comic-studio/shared";

/** An export that cannot be produced as asked; stored on the job with its code, never retried. */
export class ExportError extends Error {
  readonly code: ExportErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ExportErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "ExportError";
    this.code = code;
    this.details = details;
  }
}
