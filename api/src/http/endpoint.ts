import { AppError, type EndpointDef, type SessionUser } from "@comic-studio/shared";
import type { Request, Response, Router } from "express";
import type { z } from "zod";
import { validationError } from "./errors.ts";
import "./context.ts";

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface EndpointContext<E extends EndpointDef> {
  params: Parsed<E["params"]>;
  query: Parsed<E["query"]>;
  body: Parsed<E["body"]>;
  /** The caller; always present on `auth: "session"` endpoints. */
  user: E["auth"] extends "session" ? SessionUser : SessionUser | undefined;
  req: Request;
  res: Response;
}

export type EndpointResult<E extends EndpointDef> = E["response"] extends z.ZodType
  ? z.input<E["response"]>
  : undefined;

/**
 * Serves one endpoint of the shared contract: checks the caller, parses params, query and body
 * with the endpoint's schemas, and sends the handler's result through the response schema (so
 * nothing outside the contract, such as a password hash, can leave). A malformed path id
 * answers 404 like an unknown one. Handlers of binary or redirect endpoints answer themselves.
 */
export function serve<E extends EndpointDef>(
  router: Router,
  endpoint: E,
  handler: (ctx: EndpointContext<E>) => Promise<EndpointResult<E>>,
): void {
  router[endpoint.method](endpoint.path, async (req, res) => {
    const user = res.locals.auth?.user;
    if (endpoint.auth === "session" && !user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    const params = endpoint.params?.safeParse(req.params);
    if (params && !params.success) throw new AppError("NOT_FOUND", "There is nothing here.");
    const query = endpoint.query?.safeParse(req.query);
    if (query && !query.success) throw validationError(query.error, "query");
    let body: unknown;
    if (endpoint.body && (endpoint.content ?? "json") === "json") {
      const parsed = endpoint.body.safeParse(req.body ?? {});
      if (!parsed.success) throw validationError(parsed.error, "body");
      body = parsed.data;
    }
    const ctx = {
      params: params?.data,
      query: query?.data,
      body,
      user,
      req,
      res,
    } as EndpointContext<E>;
    const result = await handler(ctx);
    if (res.headersSent) return;
    if (endpoint.response) {
      const out = endpoint.response.safeParse(result);
      // A response outside the contract is our bug, not the caller's: a 500, logged with the issues.
      if (!out.success) {
        throw new Error(
          `Response of ${endpoint.method} ${endpoint.path} breaks its schema: ${out.error.message}`,
        );
      }
      res.status(endpoint.status).json(out.data);
    } else {
      res.status(endpoint.status).end();
    }
  });
}
