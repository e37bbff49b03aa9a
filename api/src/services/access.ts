import type { Sql } from "@comic-studio/infra";
import { AppError, type Role, roleAtLeast, type SessionUser } from "@comic-studio/shared";

export interface ProjectAccess {
  projectId: string;
  name: string;
  status: "draft" | "active" | "archived" | "deleted";
  ownerId: string;
  role: Role;
}

const HIDDEN = () => new AppError("NOT_FOUND", "There is no such project, or you are not a member.");

/**
 * The caller's role on a project. A project the caller cannot see (no membership, or deleted)
 * is NOT_FOUND, never FORBIDDEN, so ids of other people's projects reveal nothing. Seen but not
 * allowed (a viewer renaming) is FORBIDDEN.
 */
export async function projectAccess(
  sql: Sql,
  projectId: string,
  user: SessionUser,
  min: Role = "viewer",
): Promise<ProjectAccess> {
  const [row] = await sql<
    { id: string; name: string; status: ProjectAccess["status"]; owner_id: string; role: Role }[]
  >`
    select p.id, p.name, p.status, p.owner_id, m.role
      from projects p join project_members m on m.project_id = p.id and m.user_id = ${user.id}
     where p.id = ${projectId} and p.deleted_at is null`;
  if (!row) throw HIDDEN();
  if (!roleAtLeast(row.role, min)) {
    throw new AppError("FORBIDDEN", `This needs the ${min} role on the project; you are ${row.role}.`, {
      role: row.role,
      required: min,
    });
  }
  return { projectId: row.id, name: row.name, status: row.status, ownerId: row.owner_id, role: row.role };
}

/** As projectAccess, and refuses changes while the project is archived. */
export async function editableProject(
  sql: Sql,
  projectId: string,
  user: SessionUser,
  min: Role,
): Promise<ProjectAccess> {
  const access = await projectAccess(sql, projectId, user, min);
  if (access.status === "archived") {
    throw new AppError("CONFLICT", "The project is archived. Restore it to make changes.");
  }
  return access;
}

/** Who may restore a project, deleted ones included: its owner. */
export async function restorableProject(sql: Sql, projectId: string, user: SessionUser): Promise<void> {
  const [row] = await sql<{ owner_id: string }[]>`select owner_id from projects where id = ${projectId}`;
  if (!row) throw HIDDEN();
  if (row.owner_id === user.id) return;
  const [member] = await sql`
    select 1 from project_members m join projects p on p.id = m.project_id
     where m.project_id = ${projectId} and m.user_id = ${user.id} and p.deleted_at is null`;
  if (!member) throw HIDDEN();
  throw new AppError("FORBIDDEN", "Only the owner can restore the project.");
}
