import { AppError, type ErrorBody } from "@comic-studio/shared";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";

/** Turns zod issues into the contract's details: where and what, never the input itself. */
export function validationError(error: ZodError, where: "body" | "query" | "params"): AppError {
  return new AppError("VALIDATION_FAILED", "Some fields are not valid.", {
    issues: error.issues.map((issue) => ({
      path: [where, ...issue.path.map(String)].join("."),
      message: issue.message,
      code: issue.code,
    })),
  });
}

/** Body-parser and other http-errors carry `type` and `status`; map the ones a client can fix. */
function fromHttpError(error: unknown): AppError | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (type === "entity.too.large") return new AppError("PAYLOAD_TOO_LARGE", "The request body is too large.");
  if (type === "entity.parse.failed")
    return new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    return new AppError("UNSUPPORTED_MEDIA", "The request body's encoding is not supported.");
  }
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new AppError("BAD_REQUEST", "The request could not be read.");
  }
  return undefined;
}

/** The one place errors become responses: the contract's shape, no stack, no SQL. */
export const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  let appError: AppError;
  if (error instanceof AppError) appError = error;
  else if (error instanceof ZodError) appError = validationError(error, "body");
  else {
    const mapped = fromHttpError(error);
    if (mapped) appError = mapped;
    else {
      (res.locals.log ?? console).error({ err: error }, "unhandled error");
      appError = new AppError("INTERNAL", "Something went wrong on our side. Please try again.");
    }
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (appError.code === "RATE_LIMITED") {
    const retryAfterS = Number(appError.details?.retryAfterS ?? 60);
    res.setHeader("Retry-After", String(Math.max(1, Math.ceil(retryAfterS))));
  }
  const body: ErrorBody = appError.toBody();
  res.status(appError.status).json(body);
};

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new AppError("NOT_FOUND", "There is nothing here."));
};
