import { exportEndpoints as e } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { editableProject, projectAccess } from "../services/access.ts";
import {
  type ExportServices,
  findExport,
  listExports,
  requestExport,
  toExport,
} from "../services/exports.ts";

export function exportRoutes(ctx: RouteContext): Router {
  const svc: ExportServices = {
    sql: ctx.sql,
    credits: ctx.credits,
    queue: ctx.queues.export,
  };
  const router = Router();

  serve(router, e.createExport, async ({ user, params, body }) => {
    const access = await editableProject(ctx.sql, params.projectId, user, "editor");
    return { export: await requestExport(svc, access, user, body) };
  });

  serve(router, e.getExport, async ({ user, params }) => {
    const row = await findExport(ctx.sql, params.exportId);
    await projectAccess(ctx.sql, row.project_id, user);
    return { export: toExport(row) };
  });

  serve(router, e.listExports, async ({ user, params }) => {
    await projectAccess(ctx.sql, params.projectId, user);
    return { exports: await listExports(ctx.sql, params.projectId) };
  });

  return router;
}
