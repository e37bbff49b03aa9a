import { type Sql, selectThreads } from "@comic-studio/infra";
import type { MentionableMember, PageThreadCounts, ProjectThread, SessionUser } from "@comic-studio/shared";
import { filterFragment, type ThreadFilter } from "./threads.ts";

/** Longest excerpt of a thread's first message in the project-wide list, characters. */
export const THREAD_EXCERPT_CHARS = 160;

/**
 * Threads across a project, most recently active first, from Postgres alone (no page
 * document is opened): open threads per page, threads mentioning the caller, and so on.
 */
export async function listProjectThreads(
  sql: Sql,
  projectId: string,
  user: SessionUser,
  filter: ThreadFilter & { pageId?: string | undefined; limit: number },
): Promise<ProjectThread[]> {
  const threads = await selectThreads(
    sql,
    sql`t.project_id = ${projectId} ${filter.pageId ? sql`and t.page_id = ${filter.pageId}` : sql``}
        and ${filterFragment(sql, user.id, filter)}`,
    { viewerId: user.id, orderBy: sql`t.last_message_at desc, t.id`, limit: filter.limit },
  );
  if (threads.length === 0) return [];
  const ids = threads.map((t) => t.id);
  const pageIds = [...new Set(threads.map((t) => t.pageId))];
  const pages = await sql<
    { id: string; chapter_number: number; page_number: number; title: string | null }[]
  >`
    select id, chapter_number, page_number, title from pages where id = any(${pageIds}::uuid[])`;
  const firsts = await sql<{ thread_id: string; body: string; deleted_at: Date | null }[]>`
    select distinct on (thread_id) thread_id, body, deleted_at from comment_messages
     where thread_id = any(${ids}::uuid[]) order by thread_id, created_at, id`;
  const pageOf = new Map(pages.map((p) => [p.id, p]));
  const firstOf = new Map(firsts.map((f) => [f.thread_id, f.deleted_at ? "" : f.body]));
  return threads.map((t) => {
    const page = pageOf.get(t.pageId);
    const text = (firstOf.get(t.id) ?? "").replace(/\s+/g, " ").trim();
    return {
      ...t,
      page: {
        chapterNumber: page?.chapter_number ?? 1,
        pageNumber: page?.page_number ?? 0,
        title: page?.title ?? null,
      },
      excerpt: text.length > THREAD_EXCERPT_CHARS ? `${text.slice(0, THREAD_EXCERPT_CHARS - 1)}…` : text,
    };
  });
}

/**
 * Members for @mention autocomplete: `q` starts a word of their name or starts their email
 * ("Ad" finds Ada Inker, not Guest Reader), names that start with it first.
 */
export async function mentionableMembers(
  sql: Sql,
  projectId: string,
  q: string,
  limit: number,
): Promise<MentionableMember[]> {
  const prefix = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await sql<
    { id: string; display_name: string; email: string; role: MentionableMember["role"] }[]
  >`
    select u.id, u.display_name, u.email, m.role
      from project_members m join users u on u.id = m.user_id
     where m.project_id = ${projectId} and u.deleted_at is null
       and (${q} = '' or u.display_name ilike ${prefix} or u.display_name ilike ${`% ${prefix}`}
            or u.email ilike ${prefix})
     order by (u.display_name ilike ${prefix}) desc, u.display_name, u.id
     limit ${limit}`;
  return rows.map((r) => ({ userId: r.id, displayName: r.display_name, email: r.email, role: r.role }));
}

/** Thread counts per page (pages without threads are left out), in reading order. */
export async function pageThreadCounts(
  sql: Sql,
  projectId: string,
  userId: string,
): Promise<PageThreadCounts[]> {
  const rows = await sql<{ page_id: string; open: number; resolved: number; open_mentioning_me: number }[]>`
    select t.page_id,
           count(*) filter (where t.status = 'open')::int as open,
           count(*) filter (where t.status = 'resolved')::int as resolved,
           count(*) filter (where t.status = 'open' and exists (
             select 1 from comment_mentions cm where cm.thread_id = t.id and cm.user_id = ${userId}))::int
             as open_mentioning_me
      from comment_threads t join pages p on p.id = t.page_id
     where t.project_id = ${projectId}
     group by t.page_id, p.chapter_number, p.page_number
     order by p.chapter_number, p.page_number`;
  return rows.map((r) => ({
    pageId: r.page_id,
    open: r.open,
    resolved: r.resolved,
    openMentioningMe: r.open_mentioning_me,
  }));
}
