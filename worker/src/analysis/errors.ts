/** Analysis failures with a stable code; bad images are the caller's problem, not worth a retry. */
export type AnalysisErrorCode = "ANALYSIS_BAD_IMAGE" | "ANALYSIS_BAD_INPUT" | "ANALYSIS_MODEL";

export class AnalysisError extends Error {
  readonly code: AnalysisErrorCode;
  readonly retryable: boolean;
  constructor(code: AnalysisErrorCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AnalysisError";
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
}
