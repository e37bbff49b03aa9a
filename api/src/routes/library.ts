import { libraryEndpoints as e, type LibraryJobPayload, QUEUES } from "@comic-studio/shared";
import type { Queue } from "bullmq";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { projectAccess } from "../services/access.ts";
import { findLibraryJob, type LibraryServices, toLibraryJob } from "../services/library/jobs.ts";
import { characterRoutes } from "./library-characters.ts";
import { locationRoutes } from "./library-locations.ts";
import { styleRoutes } from "./library-styles.ts";

/** The character, style and location library (shared/src/api/library.ts). */
export function libraryRoutes(ctx: RouteContext): Router {
  const queue = ctx.queues.all.find((q) => q.name === QUEUES.library) as Queue<LibraryJobPayload> | undefined;
  if (!queue) throw new Error("the library queue was not created");
  const svc: LibraryServices = { sql: ctx.sql, redis: ctx.redis, credits: ctx.credits, queue };
  const router = Router();

  serve(router, e.getLibraryJob, async ({ user, params }) => {
    const row = await findLibraryJob(ctx.sql, params.jobId);
    await projectAccess(ctx.sql, row.project_id, user);
    return { job: toLibraryJob(row) };
  });

  router.use(characterRoutes(ctx, svc));
  router.use(styleRoutes(ctx, svc));
  router.use(locationRoutes(ctx, svc));
  return router;
}
