import {
  API_ENDPOINTS,
  type EndpointDef,
  ERROR_STATUS,
  type ErrorCode,
  WEBHOOK_HEADERS,
} from "@comic-studio/shared";
import { z } from "zod";

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  return json;
}

const errorBody: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: Object.keys(ERROR_STATUS) },
        message: { type: "string" },
        details: { type: "object", additionalProperties: true },
      },
    },
  },
};

function parameters(endpoint: EndpointDef): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, shape] of [
    ["path", endpoint.params],
    ["query", endpoint.query],
  ] as const) {
    if (!shape) continue;
    const json = schemaOf(shape, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === "path" || (json.required ?? []).includes(name),
        schema,
      });
    }
  }
  if (endpoint.auth === "signature") {
    for (const name of Object.values(WEBHOOK_HEADERS)) {
      out.push({ name, in: "header", required: true, schema: { type: "string" } });
    }
  }
  return out;
}

function requestBody(endpoint: EndpointDef): JsonSchema | undefined {
  if (endpoint.content === "multipart") {
    return {
      required: true,
      content: {
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["file"],
            properties: { file: { type: "string", format: "binary" } },
          },
        },
      },
    };
  }
  if (!endpoint.body) return undefined;
  return { required: true, content: { "application/json": { schema: schemaOf(endpoint.body, "input") } } };
}

function responses(endpoint: EndpointDef): JsonSchema {
  const out: JsonSchema = {};
  const ok: JsonSchema = { description: endpoint.summary };
  if (endpoint.response)
    ok.content = { "application/json": { schema: schemaOf(endpoint.response, "output") } };
  else if (endpoint.content === "binary")
    ok.content = { "image/*": { schema: { type: "string", format: "binary" } } };
  else if (endpoint.content === "redirect") ok.headers = { Location: { schema: { type: "string" } } };
  out[String(endpoint.status)] = ok;
  const codes = new Set<ErrorCode>([...(endpoint.errors ?? []), "INTERNAL"]);
  if (endpoint.body || endpoint.query) codes.add("VALIDATION_FAILED");
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes)
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const error: JsonSchema = {
      description: list.join(", "),
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
    if (status === 429) error.headers = { "Retry-After": { schema: { type: "integer" } } };
    out[String(status)] = error;
  }
  return out;
}

/** The OpenAPI 3.1 document of every endpoint in the shared contract, from the same zod schemas. */
export function buildOpenApi(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [operationId, endpoint] of Object.entries(API_ENDPOINTS) as [string, EndpointDef][]) {
    const path = `/api${endpoint.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`;
    const operation: JsonSchema = {
      operationId,
      summary: endpoint.summary,
      tags: [endpoint.tag],
      parameters: parameters(endpoint),
      responses: responses(endpoint),
    };
    const body = requestBody(endpoint);
    if (body) operation.requestBody = body;
    if (endpoint.auth === "session") operation.security = [{ cookie: [] }, { bearer: [] }];
    else operation.security = [];
    paths[path] = { ...paths[path], [endpoint.method]: operation };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Comic Studio API",
      version: "0.1.0",
      description:
        "Errors are always {error:{code,message,details}}. Mutating requests from a browser must carry the " +
        "app's Origin. Node clients may sign in with header `X-Session-Token: want` to receive the session " +
        "token and send it as `Authorization: Bearer <token>`.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { Error: errorBody },
      securitySchemes: {
        cookie: { type: "apiKey", in: "cookie", name: "cs_session" },
        bearer: { type: "http", scheme: "bearer" },
      },
    },
  };
}
