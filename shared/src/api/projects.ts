import { z } from "zod";
import {
  assignableRoleSchema,
  emailSchema,
  idSchema,
  isoDateSchema,
  projectParams,
  roleSchema,
} from "./common.ts";
import { defineEndpoint } from "./endpoint.ts";

export const PROJECT_STATUSES = ["draft", "active", "archived", "deleted"] as const;
export const projectStatusSchema = z.enum(PROJECT_STATUSES);

export const projectSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: projectStatusSchema,
  /** The caller's role on the project. */
  role: roleSchema,
  updatedAt: isoDateSchema,
  pageCount: z.number().int(),
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const projectSchema = projectSummarySchema.extend({
  ownerId: z.string(),
  createdAt: isoDateSchema,
  memberCount: z.number().int(),
});
export type Project = z.infer<typeof projectSchema>;

export const createProjectBody = z.object({
  name: z.string().trim().min(1).max(255),
  description: z.string().trim().max(5_000).nullish(),
});
export const updateProjectBody = z
  .object({
    name: z.string().trim().min(1).max(255).optional(),
    description: z.string().trim().max(5_000).nullable().optional(),
  })
  .refine((b) => b.name !== undefined || b.description !== undefined, "Nothing to change");

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  joinedAt: isoDateSchema,
});
export type Member = z.infer<typeof memberSchema>;

export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: assignableRoleSchema,
  createdAt: isoDateSchema,
});
export type Invitation = z.infer<typeof invitationSchema>;

export const inviteBody = z.object({ email: emailSchema, role: assignableRoleSchema });
/** An invite adds an existing account at once, otherwise it waits for sign-up with that email. */
export const inviteResponse = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("member"), member: memberSchema }),
  z.object({ kind: z.literal("invitation"), invitation: invitationSchema }),
]);
export const memberParams = projectParams.extend({ userId: idSchema });
export const invitationParams = projectParams.extend({ invitationId: idSchema });

const projectResponse = z.object({ project: projectSchema });
const PROJECT_ERRORS = ["UNAUTHENTICATED", "NOT_FOUND", "FORBIDDEN", "CSRF_REJECTED"] as const;

export const projectEndpoints = {
  listProjects: defineEndpoint({
    method: "get",
    path: "/projects",
    summary: "Projects the caller belongs to; with `deleted=true`, the soft-deleted ones it owns (the trash)",
    tag: "projects",
    auth: "session",
    status: 200,
    query: z.object({ deleted: z.enum(["true", "false"]).default("false") }),
    response: z.object({ projects: z.array(projectSummarySchema) }),
    errors: ["UNAUTHENTICATED"],
  }),
  createProject: defineEndpoint({
    method: "post",
    path: "/projects",
    summary: "Create a project; the caller becomes its owner",
    tag: "projects",
    auth: "session",
    status: 201,
    body: createProjectBody,
    response: projectResponse,
    errors: ["UNAUTHENTICATED", "CSRF_REJECTED"],
  }),
  getProject: defineEndpoint({
    method: "get",
    path: "/projects/:projectId",
    summary: "One project with the caller's role",
    tag: "projects",
    auth: "session",
    status: 200,
    params: projectParams,
    response: projectResponse,
    errors: PROJECT_ERRORS,
  }),
  updateProject: defineEndpoint({
    method: "patch",
    path: "/projects/:projectId",
    summary: "Rename or describe a project (owner)",
    tag: "projects",
    auth: "session",
    status: 200,
    params: projectParams,
    body: updateProjectBody,
    response: projectResponse,
    errors: PROJECT_ERRORS,
  }),
  archiveProject: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/archive",
    summary: "Archive a project: still visible, read-only (owner)",
    tag: "projects",
    auth: "session",
    status: 200,
    params: projectParams,
    response: projectResponse,
    errors: PROJECT_ERRORS,
  }),
  restoreProject: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/restore",
    summary: "Make an archived or soft-deleted project active again (owner)",
    tag: "projects",
    auth: "session",
    status: 200,
    params: projectParams,
    response: projectResponse,
    errors: PROJECT_ERRORS,
  }),
  deleteProject: defineEndpoint({
    method: "delete",
    path: "/projects/:projectId",
    summary: "Soft-delete a project (owner); restore brings it back",
    tag: "projects",
    auth: "session",
    status: 204,
    params: projectParams,
    errors: PROJECT_ERRORS,
  }),
  listMembers: defineEndpoint({
    method: "get",
    path: "/projects/:projectId/members",
    summary: "Members, and pending invitations (invitations are shown to the owner only)",
    tag: "members",
    auth: "session",
    status: 200,
    params: projectParams,
    response: z.object({ members: z.array(memberSchema), invitations: z.array(invitationSchema) }),
    errors: PROJECT_ERRORS,
  }),
  inviteMember: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/members",
    summary: "Invite by email with a role (owner)",
    tag: "members",
    auth: "session",
    status: 201,
    params: projectParams,
    body: inviteBody,
    response: inviteResponse,
    errors: [...PROJECT_ERRORS, "CONFLICT"],
  }),
  changeRole: defineEndpoint({
    method: "patch",
    path: "/projects/:projectId/members/:userId",
    summary: "Change a member's role (owner); ownership moves by transfer",
    tag: "members",
    auth: "session",
    status: 200,
    params: memberParams,
    body: z.object({ role: assignableRoleSchema }),
    response: z.object({ member: memberSchema }),
    errors: [...PROJECT_ERRORS, "CONFLICT"],
  }),
  removeMember: defineEndpoint({
    method: "delete",
    path: "/projects/:projectId/members/:userId",
    summary: "Remove a member (owner), or leave when userId is the caller (the owner must transfer first)",
    tag: "members",
    auth: "session",
    status: 204,
    params: memberParams,
    errors: [...PROJECT_ERRORS, "CONFLICT"],
  }),
  revokeInvitation: defineEndpoint({
    method: "delete",
    path: "/projects/:projectId/invitations/:invitationId",
    summary: "Withdraw a pending invitation (owner)",
    tag: "members",
    auth: "session",
    status: 204,
    params: invitationParams,
    errors: PROJECT_ERRORS,
  }),
  transferOwnership: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/transfer",
    summary: "Make another member the owner (owner); the previous owner becomes an editor",
    tag: "members",
    auth: "session",
    status: 200,
    params: projectParams,
    body: z.object({ userId: idSchema }),
    response: z.object({ members: z.array(memberSchema) }),
    errors: [...PROJECT_ERRORS, "CONFLICT"],
  }),
} as const;
