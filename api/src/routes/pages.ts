import { pageEndpoints } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { editableProject, projectAccess } from "../services/access.ts";
import { createPage, deletePage, findPage, listPages, reorderPages, updatePage } from "../services/pages.ts";

export function pageRoutes({ sql }: RouteContext): Router {
  const router = Router();
  const e = pageEndpoints;

  serve(router, e.listPages, async ({ user, params }) => {
    await projectAccess(sql, params.projectId, user);
    return { pages: await listPages(sql, params.projectId) };
  });

  serve(router, e.createPage, async ({ user, params, body }) => {
    await editableProject(sql, params.projectId, user, "editor");
    return { page: await createPage(sql, params.projectId, body) };
  });

  serve(router, e.reorderPages, async ({ user, params, body }) => {
    await editableProject(sql, params.projectId, user, "editor");
    return { pages: await reorderPages(sql, params.projectId, body.pageIds) };
  });

  serve(router, e.getPage, async ({ user, params }) => {
    const page = await findPage(sql, params.pageId);
    const access = await projectAccess(sql, page.projectId, user);
    return { page, project: { id: access.projectId, name: access.name }, role: access.role };
  });

  serve(router, e.updatePage, async ({ user, params, body }) => {
    const page = await findPage(sql, params.pageId);
    await editableProject(sql, page.projectId, user, "editor");
    return { page: await updatePage(sql, page.id, body) };
  });

  serve(router, e.deletePage, async ({ user, params }) => {
    const page = await findPage(sql, params.pageId);
    await editableProject(sql, page.projectId, user, "editor");
    await deletePage(sql, page);
    return undefined;
  });

  return router;
}
