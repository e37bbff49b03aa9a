import { checkHealth } from "@comic-studio/infra";
import { systemEndpoints } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { buildOpenApi } from "../openapi.ts";

export function systemRoutes({ sql, redis }: RouteContext): Router {
  const router = Router();

  serve(router, systemEndpoints.health, async ({ res }) => {
    const report = await checkHealth("api", sql, redis);
    if (report.status !== "ok") res.status(503).json(report);
    return report;
  });

  let document: unknown;
  serve(router, systemEndpoints.openapi, async ({ res }) => {
    document ??= buildOpenApi();
    res.status(200).json(document);
    return undefined;
  });

  return router;
}
