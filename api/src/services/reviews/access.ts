import type { Sql } from "@comic-studio/infra";
import { AppError, type Role, type SessionUser } from "@comic-studio/shared";
import { editableProject, type ProjectAccess, projectAccess } from "../access.ts";

// Who may do what with review records. Every check goes through the project's membership:
// a page or thread of a project the caller is not a member of is NOT_FOUND (its id reveals
// nothing); seen but not allowed (a viewer commenting) is FORBIDDEN. Writes are refused while
// the project is archived.

export interface PageRef {
  id: string;
  projectId: string;
  chapterNumber: number;
  pageNumber: number;
  title: string | null;
}

export interface ThreadRef {
  id: string;
  projectId: string;
  pageId: string;
  createdBy: string;
  status: "open" | "resolved";
}

const NO_PAGE = () =>
  new AppError("NOT_FOUND", "There is no such page, or you are not a member of its project.");
const NO_THREAD = () =>
  new AppError("NOT_FOUND", "There is no such thread, or you are not a member of its project.");

async function findPageRef(sql: Sql, pageId: string): Promise<PageRef> {
  const [row] = await sql<
    { id: string; project_id: string; chapter_number: number; page_number: number; title: string | null }[]
  >`select id, project_id, chapter_number, page_number, title from pages where id = ${pageId}`;
  if (!row) throw NO_PAGE();
  return {
    id: row.id,
    projectId: row.project_id,
    chapterNumber: row.chapter_number,
    pageNumber: row.page_number,
    title: row.title,
  };
}

/** The page and the caller's access to its project: `write` also refuses archived projects. */
export async function pageAccess(
  sql: Sql,
  pageId: string,
  user: SessionUser,
  min: Role = "viewer",
  write = false,
): Promise<{ page: PageRef; access: ProjectAccess }> {
  const page = await findPageRef(sql, pageId);
  const access = write
    ? await editableProject(sql, page.projectId, user, min)
    : await projectAccess(sql, page.projectId, user, min);
  return { page, access };
}

/** The thread and the caller's access to its project: `write` also refuses archived projects. */
export async function threadAccess(
  sql: Sql,
  threadId: string,
  user: SessionUser,
  min: Role = "viewer",
  write = false,
): Promise<{ thread: ThreadRef; access: ProjectAccess }> {
  const [row] = await sql<
    { id: string; project_id: string; page_id: string; created_by: string; status: "open" | "resolved" }[]
  >`select id, project_id, page_id, created_by, status from comment_threads where id = ${threadId}`;
  if (!row) throw NO_THREAD();
  const thread = {
    id: row.id,
    projectId: row.project_id,
    pageId: row.page_id,
    createdBy: row.created_by,
    status: row.status,
  };
  const access = write
    ? await editableProject(sql, thread.projectId, user, min)
    : await projectAccess(sql, thread.projectId, user, min);
  return { thread, access };
}
