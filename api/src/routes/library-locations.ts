import { libraryEndpoints as e } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { editableProject, projectAccess } from "../services/access.ts";
import type { LibraryServices } from "../services/library/jobs.ts";
import {
  approveLocation,
  archiveLocation,
  createLocation,
  findLocation,
  getLocation,
  listLocations,
  listVariants,
  lockLocation,
  regenerateLocation,
} from "../services/library/locations.ts";

export function locationRoutes(ctx: RouteContext, svc: LibraryServices): Router {
  const { sql } = ctx;
  const router = Router();

  serve(router, e.listLocations, async ({ user, params }) => {
    await projectAccess(sql, params.projectId, user);
    return { locations: await listLocations(sql, params.projectId) };
  });

  serve(router, e.createLocation, async ({ user, params, body }) => {
    const access = await editableProject(sql, params.projectId, user, "editor");
    return createLocation(svc, access, user, body);
  });

  serve(router, e.getLocation, async ({ user, params }) => {
    const row = await findLocation(sql, params.locationId);
    await projectAccess(sql, row.project_id, user);
    return { location: await getLocation(sql, row.id) };
  });

  serve(router, e.regenerateLocation, async ({ user, params }) => {
    const row = await findLocation(sql, params.locationId);
    await editableProject(sql, row.project_id, user, "editor");
    return regenerateLocation(svc, row, user);
  });

  serve(router, e.approveLocation, async ({ user, params }) => {
    const row = await findLocation(sql, params.locationId);
    await editableProject(sql, row.project_id, user, "editor");
    return { location: await approveLocation(sql, row) };
  });

  serve(router, e.lockLocation, async ({ user, params }) => {
    const row = await findLocation(sql, params.locationId);
    await editableProject(sql, row.project_id, user, "editor");
    return lockLocation(svc, row, user);
  });

  serve(router, e.listLocationVariants, async ({ user, params }) => {
    const row = await findLocation(sql, params.locationId);
    await projectAccess(sql, row.project_id, user);
    return { variants: await listVariants(sql, row.id) };
  });

  serve(router, e.deleteLocation, async ({ user, params }) => {
    const row = await findLocation(sql, params.locationId);
    await editableProject(sql, row.project_id, user, "editor");
    await archiveLocation(sql, row);
    return undefined;
  });

  return router;
}
