import { z } from "zod";
import { defineEndpoint } from "./endpoint.ts";

const check = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });

export const healthResponse = z.object({
  status: z.enum(["ok", "degraded"]),
  service: z.string(),
  checks: z.object({ postgres: check, redis: check }),
});

export const systemEndpoints = {
  health: defineEndpoint({
    method: "get",
    path: "/health",
    summary: "Liveness and dependencies: 200 when Postgres and Redis answer, 503 otherwise",
    tag: "system",
    auth: "public",
    status: 200,
    response: healthResponse,
  }),
  openapi: defineEndpoint({
    method: "get",
    path: "/openapi.json",
    summary: "This document",
    tag: "system",
    auth: "public",
    status: 200,
  }),
} as const;
