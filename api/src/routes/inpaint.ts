import { inpaintEndpoints as e, type InpaintPayload, QUEUES } from "@comic-studio/shared";
import type { Queue } from "bullmq";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { editableProject } from "../services/access.ts";
import { type InpaintServices, requestInpaint } from "../services/inpaint.ts";
import { findPage } from "../services/pages.ts";

export function inpaintRoutes(ctx: RouteContext): Router {
  const queue = ctx.queues.all.find((q) => q.name === QUEUES.inpaint) as Queue<InpaintPayload> | undefined;
  if (!queue) throw new Error("the api has no inpaint queue");
  const svc: InpaintServices = {
    sql: ctx.sql,
    redis: ctx.redis,
    prefix: ctx.config.REDIS_PREFIX,
    credits: ctx.credits,
    storage: ctx.storage,
    queue,
  };
  const router = Router();

  serve(router, e.inpaintPanel, async ({ user, params, body }) => {
    const page = await findPage(ctx.sql, params.pageId);
    const access = await editableProject(ctx.sql, page.projectId, user, "editor");
    const generation = await requestInpaint(svc, access, user, {
      pageId: page.id,
      shapeId: params.shapeId,
      prompt: body.prompt,
      mask: body.mask,
    });
    return { generation };
  });

  return router;
}
