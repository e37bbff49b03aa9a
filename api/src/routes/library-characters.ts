import { libraryEndpoints as e } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { editableProject, projectAccess } from "../services/access.ts";
import {
  approveAnchors,
  archiveCharacter,
  createCharacter,
  findAnchor,
  findCharacter,
  listAnchors,
  listCharacters,
  regenerateAnchor,
  setAnchorApproval,
  startCharacterSetup,
  toCharacter,
  updateCharacter,
} from "../services/library/characters.ts";
import type { LibraryServices } from "../services/library/jobs.ts";
import { validateReferences } from "../services/library/validation.ts";

/** Members read; editors and owners create, set up, regenerate and approve. */
export function characterRoutes(ctx: RouteContext, svc: LibraryServices): Router {
  const { sql, storage } = ctx;
  const router = Router();

  serve(router, e.listCharacters, async ({ user, params }) => {
    await projectAccess(sql, params.projectId, user);
    return { characters: await listCharacters(sql, params.projectId) };
  });

  serve(router, e.validateReferences, async ({ user, params, body }) => {
    await editableProject(sql, params.projectId, user, "editor");
    const { report } = await validateReferences(sql, storage, params.projectId, body.uploadIds);
    return { validation: report };
  });

  serve(router, e.createCharacter, async ({ user, params, body }) => {
    const access = await editableProject(sql, params.projectId, user, "editor");
    return createCharacter(sql, storage, access, user, body);
  });

  serve(router, e.getCharacter, async ({ user, params }) => {
    const row = await findCharacter(sql, params.characterId);
    await projectAccess(sql, row.project_id, user);
    return { character: await toCharacter(sql, row) };
  });

  serve(router, e.updateCharacter, async ({ user, params, body }) => {
    const row = await findCharacter(sql, params.characterId);
    await editableProject(sql, row.project_id, user, "editor");
    return updateCharacter(sql, storage, row, body);
  });

  serve(router, e.deleteCharacter, async ({ user, params }) => {
    const row = await findCharacter(sql, params.characterId);
    await editableProject(sql, row.project_id, user, "editor");
    await archiveCharacter(sql, row);
    return undefined;
  });

  serve(router, e.startCharacterSetup, async ({ user, params }) => {
    const row = await findCharacter(sql, params.characterId);
    await editableProject(sql, row.project_id, user, "editor");
    return startCharacterSetup(svc, storage, row, user);
  });

  serve(router, e.listAnchors, async ({ user, params }) => {
    const row = await findCharacter(sql, params.characterId);
    await projectAccess(sql, row.project_id, user);
    return { anchors: await listAnchors(sql, row.id) };
  });

  serve(router, e.regenerateAnchor, async ({ user, params }) => {
    const anchor = await findAnchor(sql, params.anchorId);
    await editableProject(sql, anchor.project_id, user, "editor");
    return regenerateAnchor(svc, anchor, user);
  });

  serve(router, e.setAnchorApproval, async ({ user, params, body }) => {
    const anchor = await findAnchor(sql, params.anchorId);
    await editableProject(sql, anchor.project_id, user, "editor");
    return { anchor: await setAnchorApproval(sql, anchor, body.approved) };
  });

  serve(router, e.approveAnchors, async ({ user, params, body }) => {
    const row = await findCharacter(sql, params.characterId);
    await editableProject(sql, row.project_id, user, "editor");
    return approveAnchors(sql, row, body.anchorIds);
  });

  return router;
}
