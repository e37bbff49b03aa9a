import { AppError, projectEndpoints } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";
import { editableProject, projectAccess } from "../services/access.ts";
import {
  changeRole,
  invite,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
  transferOwnership,
} from "../services/members.ts";

export function memberRoutes({ sql }: RouteContext): Router {
  const router = Router();
  const e = projectEndpoints;

  serve(router, e.listMembers, async ({ user, params }) => {
    const access = await projectAccess(sql, params.projectId, user);
    return {
      members: await listMembers(sql, params.projectId),
      // Pending invitees' emails are the owner's business only.
      invitations: access.role === "owner" ? await listInvitations(sql, params.projectId) : [],
    };
  });

  serve(router, e.inviteMember, async ({ user, params, body }) => {
    await editableProject(sql, params.projectId, user, "owner");
    return invite(sql, params.projectId, user.id, body.email, body.role);
  });

  serve(router, e.changeRole, async ({ user, params, body }) => {
    await editableProject(sql, params.projectId, user, "owner");
    return { member: await changeRole(sql, params.projectId, params.userId, body.role) };
  });

  serve(router, e.removeMember, async ({ user, params }) => {
    const leaving = params.userId.toLowerCase() === user.id.toLowerCase();
    const access = await projectAccess(sql, params.projectId, user);
    if (!leaving && access.role !== "owner") {
      throw new AppError("FORBIDDEN", "Only the owner can remove members.", {
        role: access.role,
        required: "owner",
      });
    }
    await removeMember(sql, params.projectId, params.userId);
    return undefined;
  });

  serve(router, e.revokeInvitation, async ({ user, params }) => {
    await projectAccess(sql, params.projectId, user, "owner");
    await revokeInvitation(sql, params.projectId, params.invitationId);
    return undefined;
  });

  serve(router, e.transferOwnership, async ({ user, params, body }) => {
    await editableProject(sql, params.projectId, user, "owner");
    return { members: await transferOwnership(sql, params.projectId, user.id, body.userId) };
  });

  return router;
}
