import { pipeline } from "node:stream/promises";
import { assertSafeKey, engineKey } from "@comic-studio/infra";
import { AppError, generationEndpoints as e } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { editableProject, projectAccess } from "../services/access.ts";
import {
  cancelGeneration,
  findGeneration,
  type GenerationServices,
  listVersions,
  panelProject,
  requestPanelGeneration,
  setPanelVersion,
} from "../services/generations.ts";
import { findPage } from "../services/pages.ts";

export function generationRoutes(ctx: RouteContext): Router {
  const { sql, storage } = ctx;
  const svc: GenerationServices = {
    sql,
    redis: ctx.redis,
    prefix: ctx.config.REDIS_PREFIX,
    credits: ctx.credits,
    queue: ctx.queues.generation,
  };
  const router = Router();

  serve(router, e.generatePanel, async ({ user, params, body }) => {
    const page = await findPage(sql, params.pageId);
    const access = await editableProject(sql, page.projectId, user, "editor");
    const generation = await requestPanelGeneration(svc, access, user, {
      pageId: page.id,
      shapeId: params.shapeId,
      ...body,
    });
    return { generation };
  });

  serve(router, e.generatePage, async ({ user, params, body }) => {
    const page = await findPage(sql, params.pageId);
    const access = await editableProject(sql, page.projectId, user, "editor");
    const empty = await sql<{ shape_id: string; prompt: string | null }[]>`
      select shape_id, prompt from panels
       where page_id = ${page.id} and shape_id is not null and image_url is null and deleted_at is null
         and not exists (select 1 from generations g where g.panel_id = panels.id
                          and g.status in ('pending', 'queued', 'processing'))
       order by position`;
    if (empty.length === 0)
      throw new AppError("CONFLICT", "Every panel on this page already has a picture or a job.");
    const generations = [];
    for (const panel of empty) {
      generations.push(
        await requestPanelGeneration(svc, access, user, {
          pageId: page.id,
          shapeId: panel.shape_id,
          prompt: panel.prompt ?? body.prompt,
          width: 768,
          height: 512,
        }),
      );
    }
    return { generations };
  });

  serve(router, e.cancelGeneration, async ({ user, params }) => {
    const row = await findGeneration(sql, params.generationId);
    await editableProject(sql, row.project_id, user, "editor");
    return { generation: await cancelGeneration(svc, row) };
  });

  serve(router, e.retryGeneration, async ({ user, params }) => {
    const row = await findGeneration(sql, params.generationId);
    const access = await editableProject(sql, row.project_id, user, "editor");
    if (!["failed", "cancelled"].includes(row.status) || !row.params) {
      throw new AppError(
        "CONFLICT",
        `Only a failed or cancelled generation can be retried; this one is ${row.status}.`,
      );
    }
    const p = row.params;
    const generation = await requestPanelGeneration(svc, access, user, {
      pageId: p.pageId,
      shapeId: p.shapeId,
      prompt: p.prompt,
      poseHint: p.poseHint,
      location: p.location,
      characters: p.characters.map((c) => ({
        characterId: c.id,
        x: c.x,
        y: c.y,
        scale: c.scale,
        pose: c.pose,
        expression: c.expression,
        angle: c.angle,
      })),
      width: p.width,
      height: p.height,
    });
    return { generation };
  });

  serve(router, e.chooseVariation, async ({ user, params, body }) => {
    const row = await findGeneration(sql, params.generationId);
    await editableProject(sql, row.project_id, user, "editor");
    const url = row.result_urls?.[body.index];
    if (row.status !== "completed" || !url || !row.panel_id) {
      throw new AppError("CONFLICT", "That variation does not exist (the generation has not finished).");
    }
    return { version: await setPanelVersion(svc, user, row.panel_id, url, row.id) };
  });

  serve(router, e.listPanelVersions, async ({ user, params }) => {
    const panel = await panelProject(sql, params.panelId);
    await projectAccess(sql, panel.projectId, user);
    return { versions: await listVersions(sql, params.panelId) };
  });

  serve(router, e.restorePanelVersion, async ({ user, params }) => {
    const panel = await panelProject(sql, params.panelId);
    await editableProject(sql, panel.projectId, user, "editor");
    const versions = await listVersions(sql, params.panelId);
    const wanted = versions.find((v) => v.versionNumber === params.versionNumber);
    if (!wanted?.imageUrl) throw new AppError("NOT_FOUND", "There is no such version of this panel.");
    return {
      version: await setPanelVersion(svc, user, params.panelId, wanted.imageUrl, wanted.generationId),
    };
  });

  serve(router, e.engineInfo, async () => {
    const raw = await ctx.redis.get(engineKey(ctx.config.REDIS_PREFIX));
    return { engine: raw ? JSON.parse(raw) : null };
  });

  serve(router, e.getFile, async ({ user, params, res }) => {
    await projectAccess(sql, params.projectId, user);
    const rest = Array.isArray(params.path) ? params.path.join("/") : params.path;
    const key = `projects/${params.projectId}/${rest}`;
    try {
      assertSafeKey(key);
    } catch {
      throw new AppError("NOT_FOUND", "There is no such file.");
    }
    const object = await storage.get(key);
    if (!object) throw new AppError("NOT_FOUND", "There is no such file.");
    res.status(200);
    res.setHeader("content-type", object.contentType ?? "application/octet-stream");
    if (object.size !== undefined) res.setHeader("content-length", String(object.size));
    // Renders are written once under their own key; private, because access depends on membership.
    res.setHeader("cache-control", "private, max-age=31536000, immutable");
    res.setHeader("content-security-policy", "default-src 'none'; sandbox");
    await pipeline(object.body, res);
    return undefined;
  });

  return router;
}
