import { pipeline } from "node:stream/promises";
import { AppError, libraryEndpoints as e } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { editableProject, projectAccess } from "../services/access.ts";
import { findCharacter } from "../services/library/characters.ts";
import type { LibraryServices } from "../services/library/jobs.ts";
import {
  catalogueSampleKey,
  clearStyleLock,
  extractCharacterStyle,
  findStyle,
  getStyle,
  getStyleLock,
  importStyle,
  listCatalogue,
  listStyles,
  pickCatalogueStyle,
  previewStyle,
  saveStyleLock,
} from "../services/library/styles.ts";

export function styleRoutes(ctx: RouteContext, svc: LibraryServices): Router {
  const { sql, storage } = ctx;
  const router = Router();

  serve(router, e.listCatalogueStyles, async () => ({
    styles: await listCatalogue((key) => storage.exists(key)),
  }));

  serve(router, e.getCatalogueSample, async ({ params, query, res }) => {
    const object = await storage.get(catalogueSampleKey(params.catalogueId, query.n ?? 0));
    if (!object) throw new AppError("NOT_FOUND", "That sample has not been rendered yet.");
    res.status(200);
    res.setHeader("content-type", object.contentType ?? "image/png");
    if (object.size !== undefined) res.setHeader("content-length", String(object.size));
    // Keys carry the catalogue version, so a sample never changes under its URL for long.
    res.setHeader("cache-control", "private, max-age=3600");
    await pipeline(object.body, res);
    return undefined;
  });

  serve(router, e.listProjectStyles, async ({ user, params }) => {
    await projectAccess(sql, params.projectId, user);
    return { styles: await listStyles(sql, params.projectId) };
  });

  serve(router, e.extractCharacterStyle, async ({ user, params }) => {
    const character = await findCharacter(sql, params.characterId);
    await editableProject(sql, character.project_id, user, "editor");
    return extractCharacterStyle(svc, character.id, user);
  });

  serve(router, e.importStyle, async ({ user, params, body }) => {
    const access = await editableProject(sql, params.projectId, user, "editor");
    return importStyle(svc, access, user, body);
  });

  serve(router, e.pickCatalogueStyle, async ({ user, params, body }) => {
    const access = await editableProject(sql, params.projectId, user, "editor");
    return { style: await pickCatalogueStyle(sql, access, user, body.catalogueId) };
  });

  serve(router, e.getStyle, async ({ user, params }) => {
    const row = await findStyle(sql, params.styleId);
    await projectAccess(sql, row.project_id, user);
    return { style: await getStyle(sql, row.id) };
  });

  serve(router, e.previewStyle, async ({ user, params, body }) => {
    const row = await findStyle(sql, params.styleId);
    await editableProject(sql, row.project_id, user, "editor");
    return previewStyle(svc, row, user, body);
  });

  serve(router, e.saveStyleLock, async ({ user, params }) => {
    const row = await findStyle(sql, params.styleId);
    await editableProject(sql, row.project_id, user, "editor");
    return { lock: await saveStyleLock(sql, row) };
  });

  serve(router, e.getStyleLock, async ({ user, params }) => {
    await projectAccess(sql, params.projectId, user);
    return { lock: await getStyleLock(sql, params.projectId) };
  });

  serve(router, e.clearStyleLock, async ({ user, params }) => {
    await editableProject(sql, params.projectId, user, "editor");
    await clearStyleLock(sql, params.projectId);
    return undefined;
  });

  return router;
}
