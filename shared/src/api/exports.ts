import { z } from "zod";
import { createExportBody, exportSchema } from "../exports.ts";
import { idSchema, projectParams } from "./common.ts";
import { defineEndpoint } from "./endpoint.ts";

const exportParams = z.object({ exportId: idSchema });

export const exportEndpoints = {
  createExport: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/exports",
    summary:
      "Export pages as PNG, one PDF or a sliced webtoon strip (a job; poll its progress). High resolution is priced per panel",
    tag: "exports",
    auth: "session",
    status: 202,
    params: projectParams,
    body: createExportBody,
    response: z.object({ export: exportSchema }),
    errors: [
      "UNAUTHENTICATED",
      "NOT_FOUND",
      "FORBIDDEN",
      "CSRF_REJECTED",
      "CONFLICT",
      "INSUFFICIENT_BUZZ",
      "RATE_LIMITED",
      "SERVICE_UNAVAILABLE",
    ],
  }),
  getExport: defineEndpoint({
    method: "get",
    path: "/exports/:exportId",
    summary: "An export's status, progress and files (to members of its project)",
    tag: "exports",
    auth: "session",
    status: 200,
    params: exportParams,
    response: z.object({ export: exportSchema }),
    errors: ["UNAUTHENTICATED", "NOT_FOUND"],
  }),
  listExports: defineEndpoint({
    method: "get",
    path: "/projects/:projectId/exports",
    summary: "A project's latest exports, newest first",
    tag: "exports",
    auth: "session",
    status: 200,
    params: projectParams,
    response: z.object({ exports: z.array(exportSchema) }),
    errors: ["UNAUTHENTICATED", "NOT_FOUND"],
  }),
} as const;
