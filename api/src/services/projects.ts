import type { Sql } from "@comic-studio/infra";
import {
  AppError,
  type Project,
  type ProjectSummary,
  type Role,
  type SessionUser,
} from "@comic-studio/shared";

interface ProjectRow {
  id: string;
  name: string;
  description: string | null;
  status: Project["status"];
  role: Role;
  owner_id: string;
  created_at: Date;
  updated_at: Date;
  page_count: number;
  member_count: number;
}

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    role: row.role,
    ownerId: row.owner_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    pageCount: row.page_count,
    memberCount: row.member_count,
  };
}

function selectProjects(sql: Sql, userId: string) {
  return sql`
    select p.id, p.name, p.description, p.status, m.role, p.owner_id, p.created_at, p.updated_at,
           (select count(*) from pages g where g.project_id = p.id)::int as page_count,
           (select count(*) from project_members x where x.project_id = p.id)::int as member_count
      from projects p join project_members m on m.project_id = p.id and m.user_id = ${userId}`;
}

export async function listProjects(
  sql: Sql,
  user: SessionUser,
  options: { deleted?: boolean } = {},
): Promise<ProjectSummary[]> {
  const rows = await sql<ProjectRow[]>`
    ${selectProjects(sql, user.id)}
     where ${options.deleted ? sql`p.deleted_at is not null and m.role = 'owner'` : sql`p.deleted_at is null`}
     order by p.updated_at desc, p.id`;
  return rows.map(toProject);
}

/** A project as its member sees it (access already checked by the caller). */
export async function getProject(sql: Sql, projectId: string, user: SessionUser): Promise<Project> {
  const [row] = await sql<ProjectRow[]>`${selectProjects(sql, user.id)} where p.id = ${projectId}`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such project, or you are not a member.");
  return toProject(row);
}

export async function createProject(
  sql: Sql,
  user: SessionUser,
  input: { name: string; description?: string | null | undefined },
): Promise<Project> {
  const id = await sql.begin(async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      insert into projects (owner_id, name, description, status)
      values (${user.id}, ${input.name}, ${input.description ?? null}, 'active')
      returning id`;
    await tx`insert into project_members (project_id, user_id, role) values (${row!.id}, ${user.id}, 'owner')`;
    return row!.id;
  });
  return getProject(sql, id, user);
}

export async function updateProject(
  sql: Sql,
  projectId: string,
  input: { name?: string | undefined; description?: string | null | undefined },
): Promise<void> {
  await sql`
    update projects set
      name = coalesce(${input.name ?? null}, name),
      description = ${input.description === undefined ? sql`description` : input.description},
      updated_at = now()
     where id = ${projectId}`;
}

export async function setProjectStatus(
  sql: Sql,
  projectId: string,
  status: "active" | "archived" | "deleted",
): Promise<void> {
  await sql`
    update projects set status = ${status},
           deleted_at = ${status === "deleted" ? sql`now()` : null},
           updated_at = now()
     where id = ${projectId}`;
}
