import {
  apiPath,
  type EndpointDef,
  type ErrorCode,
  isErrorBody,
  type ParamsOf,
  type RequestBodyOf,
  type ResponseOf,
} from "@comic-studio/shared";

/** An API failure, classified by the contract's stable `code`. */
export class ApiError extends Error {
  readonly code: ErrorCode | "NETWORK";
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(
    code: ErrorCode | "NETWORK",
    message: string,
    status: number,
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** Calls the api (same origin, cookies included) and decodes the error contract. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: init.method ?? "GET",
      credentials: "same-origin",
      headers: init.body === undefined ? {} : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError("NETWORK", "Cannot reach the server. Check your connection and try again.", 0);
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(body)) {
      throw new ApiError(body.error.code, body.error.message, response.status, body.error.details);
    }
    throw new ApiError("INTERNAL", `The server answered ${response.status}.`, response.status);
  }
  return body as T;
}

type Args<E extends EndpointDef> = (ParamsOf<E> extends undefined
  ? { params?: undefined }
  : { params: ParamsOf<E> }) &
  (RequestBodyOf<E> extends undefined ? { body?: undefined } : { body: RequestBodyOf<E> }) & {
    query?: Record<string, string>;
  };

/** Calls one endpoint of the shared contract; request and response types come from its zod schemas. */
export function call<E extends EndpointDef>(endpoint: E, args?: Args<E>): Promise<ResponseOf<E>> {
  const path = apiPath(endpoint, (args?.params ?? {}) as Record<string, string>);
  const query = args?.query ? `?${new URLSearchParams(args.query).toString()}` : "";
  return api<ResponseOf<E>>(`${path}${query}`, {
    method: endpoint.method.toUpperCase(),
    ...(args?.body === undefined ? {} : { body: args.body }),
  });
}
