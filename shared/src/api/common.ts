import { z } from "zod";
import { ROLES } from "../roles.ts";

/** Ids in paths: any UUID Postgres accepts. A malformed id answers 404, as an unknown one does. */
export const idSchema = z.guid();
export const isoDateSchema = z.string().describe("ISO 8601 timestamp");
export const roleSchema = z.enum(ROLES);
/** Roles an invitation or a role change may give; ownership moves only by transfer. */
export const assignableRoleSchema = z.enum(["editor", "commenter", "viewer"]);

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

export const projectParams = z.object({ projectId: idSchema });
export const pageParams = z.object({ pageId: idSchema });
