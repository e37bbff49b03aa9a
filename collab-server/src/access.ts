import type { Sql } from "@comic-studio/infra";
import { isRole, type Role } from "@comic-studio/shared";

export interface PageAccess {
  projectId: string;
  /** The caller's role in the page's project, or null when not a member. */
  role: Role | null;
}

/** The page's project and the user's role in it; null when the page (or its project) is gone. */
export async function pageAccess(sql: Sql, pageId: string, userId: string): Promise<PageAccess | null> {
  const [row] = await sql<{ project_id: string; role: string | null }[]>`
    select p.project_id, pm.role
      from pages p
      join projects pr on pr.id = p.project_id and pr.deleted_at is null
      left join project_members pm on pm.project_id = p.project_id and pm.user_id = ${userId}
     where p.id = ${pageId}`;
  if (!row) return null;
  return { projectId: row.project_id, role: isRole(row.role) ? row.role : null };
}

export interface ConnectionGrant {
  sessionId: string;
  userId: string;
  pageId: string;
}

export type GrantState =
  | { kind: "ok"; role: Role }
  | { kind: "session-ended" }
  | { kind: "page-gone" }
  | { kind: "not-member" };

/**
 * Re-checks many live connections at once: is the session still valid, does the page still
 * exist, and which role does the user hold now. One query for every open connection.
 */
export async function recheckGrants(sql: Sql, grants: ConnectionGrant[]): Promise<GrantState[]> {
  if (grants.length === 0) return [];
  const rows = await sql<{ i: number; session_ok: boolean; page_ok: boolean; role: string | null }[]>`
    select g.i,
           exists (select 1 from sessions s where s.id = g.session_id and s.user_id = g.user_id
                     and s.expires_at > now()) as session_ok,
           pr.id is not null as page_ok,
           pm.role
      from unnest(${grants.map((g) => g.sessionId)}::text[], ${grants.map((g) => g.userId)}::uuid[],
                  ${grants.map((g) => g.pageId)}::uuid[]) with ordinality as g(session_id, user_id, page_id, i)
      left join pages p on p.id = g.page_id
      left join projects pr on pr.id = p.project_id and pr.deleted_at is null
      left join project_members pm on pm.project_id = pr.id and pm.user_id = g.user_id
     order by g.i`;
  return rows.map((row): GrantState => {
    if (!row.session_ok) return { kind: "session-ended" };
    if (!row.page_ok) return { kind: "page-gone" };
    return isRole(row.role) ? { kind: "ok", role: row.role } : { kind: "not-member" };
  });
}
