import type { z } from "zod";
import type { ErrorCode } from "../errors.ts";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/**
 * One route of the HTTP API: the api serves it, the OpenAPI document describes it and the
 * client derives its request and response types from it. Paths use Express syntax (`:id`).
 */
export interface EndpointDef {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  /** `session`: a signed-in caller is required; `public`: anyone; `signature`: HMAC-signed webhook. */
  auth: "session" | "public" | "signature";
  /** Status of a successful answer. */
  status: number;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** JSON response body; absent for 204, binary and redirect answers. */
  response?: z.ZodType;
  /** How the request body or response is carried when it is not JSON. Default `json`. */
  content?: "json" | "multipart" | "binary" | "redirect";
  /** Error codes this route answers with besides VALIDATION_FAILED and INTERNAL. */
  errors?: readonly ErrorCode[];
}

/** Declares an endpoint, keeping its literal types for inference. */
export function defineEndpoint<const E extends EndpointDef>(def: E): E {
  return def;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;

/** The JSON a successful call returns. */
export type ResponseOf<E extends EndpointDef> = Out<E["response"]>;
/** The JSON body a call sends. */
export type RequestBodyOf<E extends EndpointDef> = In<E["body"]>;
/** The path parameters of a call. */
export type ParamsOf<E extends EndpointDef> = In<E["params"]>;
/** The query string of a call. */
export type QueryOf<E extends EndpointDef> = In<E["query"]>;

/** Fills an endpoint's `:params` into its path: `apiPath(e, {projectId})` -> `/projects/…`. */
export function apiPath(endpoint: EndpointDef, params: Record<string, string> = {}): string {
  return endpoint.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${endpoint.path}`);
    return encodeURIComponent(value);
  });
}
