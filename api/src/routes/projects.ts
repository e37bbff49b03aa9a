import { projectEndpoints } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { projectAccess, restorableProject } from "../services/access.ts";
import {
  createProject,
  getProject,
  listProjects,
  setProjectStatus,
  updateProject,
} from "../services/projects.ts";

export function projectRoutes({ sql }: RouteContext): Router {
  const router = Router();
  const e = projectEndpoints;

  serve(router, e.listProjects, async ({ user, query }) => ({
    projects: await listProjects(sql, user, { deleted: query.deleted === "true" }),
  }));

  serve(router, e.createProject, async ({ user, body }) => ({
    project: await createProject(sql, user, body),
  }));

  serve(router, e.getProject, async ({ user, params }) => {
    await projectAccess(sql, params.projectId, user);
    return { project: await getProject(sql, params.projectId, user) };
  });

  serve(router, e.updateProject, async ({ user, params, body }) => {
    await projectAccess(sql, params.projectId, user, "owner");
    await updateProject(sql, params.projectId, body);
    return { project: await getProject(sql, params.projectId, user) };
  });

  serve(router, e.archiveProject, async ({ user, params }) => {
    await projectAccess(sql, params.projectId, user, "owner");
    await setProjectStatus(sql, params.projectId, "archived");
    return { project: await getProject(sql, params.projectId, user) };
  });

  serve(router, e.restoreProject, async ({ user, params }) => {
    await restorableProject(sql, params.projectId, user);
    await setProjectStatus(sql, params.projectId, "active");
    return { project: await getProject(sql, params.projectId, user) };
  });

  serve(router, e.deleteProject, async ({ user, params }) => {
    await projectAccess(sql, params.projectId, user, "owner");
    await setProjectStatus(sql, params.projectId, "deleted");
    return undefined;
  });

  return router;
}
