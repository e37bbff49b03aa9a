import type { Sql } from "@comic-studio/infra";
import { AppError, type Page } from "@comic-studio/shared";

interface PageRow {
  id: string;
  project_id: string;
  chapter_number: number;
  page_number: number;
  title: string | null;
  layout_template: string | null;
  status: Page["status"];
}
const toPage = (r: PageRow): Page => ({
  id: r.id,
  projectId: r.project_id,
  chapterNumber: r.chapter_number,
  pageNumber: r.page_number,
  title: r.title,
  layoutTemplate: r.layout_template,
  status: r.status,
});
const COLUMNS = "id, project_id, chapter_number, page_number, title, layout_template, status";

export async function listPages(sql: Sql, projectId: string): Promise<Page[]> {
  const rows = await sql<PageRow[]>`
    select ${sql.unsafe(COLUMNS)} from pages where project_id = ${projectId}
     order by chapter_number, page_number`;
  return rows.map(toPage);
}

/** The page and the id of its project, or NOT_FOUND. Access to the project is checked after. */
export async function findPage(sql: Sql, pageId: string): Promise<Page> {
  const [row] = await sql<PageRow[]>`select ${sql.unsafe(COLUMNS)} from pages where id = ${pageId}`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such page, or you are not a member of its project.");
  return toPage(row);
}

export async function createPage(
  sql: Sql,
  projectId: string,
  input: { layoutTemplate: string; title?: string | null | undefined; chapterNumber: number },
): Promise<Page> {
  return sql.begin(async (tx) => {
    // The project row lock serialises page numbering within a project.
    await tx`select id from projects where id = ${projectId} for update`;
    const [row] = await tx<PageRow[]>`
      insert into pages (project_id, chapter_number, page_number, title, layout_template)
      select ${projectId}, ${input.chapterNumber}, coalesce(max(page_number), 0) + 1, ${input.title ?? null},
             ${input.layoutTemplate}
        from pages where project_id = ${projectId} and chapter_number = ${input.chapterNumber}
      returning ${tx.unsafe(COLUMNS)}`;
    await tx`update projects set updated_at = now() where id = ${projectId}`;
    return toPage(row!);
  });
}

export async function updatePage(
  sql: Sql,
  pageId: string,
  input: { title?: string | null | undefined; status?: Page["status"] | undefined },
): Promise<Page> {
  const [row] = await sql<PageRow[]>`
    update pages set
      title = ${input.title === undefined ? sql`title` : input.title},
      status = coalesce(${input.status ?? null}, status),
      updated_at = now()
     where id = ${pageId}
    returning ${sql.unsafe(COLUMNS)}`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such page.");
  return toPage(row);
}

/** Deletes a page; the later pages of its chapter move up one so numbers stay 1..n. */
export async function deletePage(sql: Sql, page: Page): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`select id from projects where id = ${page.projectId} for update`;
    const deleted = await tx`delete from pages where id = ${page.id} returning id`;
    if (deleted.length === 0) throw new AppError("NOT_FOUND", "There is no such page.");
    await tx`update pages set page_number = page_number - 1, updated_at = now()
              where project_id = ${page.projectId} and chapter_number = ${page.chapterNumber}
                and page_number > ${page.pageNumber}`;
    await tx`update projects set updated_at = now() where id = ${page.projectId}`;
  });
}

/**
 * Puts the project's pages in the given order: each chapter's pages are numbered 1..n in the
 * order they appear. The list must name every page of the project exactly once.
 */
export async function reorderPages(sql: Sql, projectId: string, pageIds: string[]): Promise<Page[]> {
  await sql.begin(async (tx) => {
    await tx`select id from projects where id = ${projectId} for update`;
    const rows = await tx<{ id: string; chapter_number: number }[]>`
      select id, chapter_number from pages where project_id = ${projectId}`;
    const chapterOf = new Map(rows.map((r) => [r.id, r.chapter_number]));
    const unique = new Set(pageIds.map((id) => id.toLowerCase()));
    if (
      unique.size !== pageIds.length ||
      unique.size !== chapterOf.size ||
      ![...unique].every((id) => chapterOf.has(id))
    ) {
      throw new AppError("CONFLICT", "The order must list every page of the project exactly once.", {
        expected: chapterOf.size,
        received: pageIds.length,
      });
    }
    const next = new Map<number, number>();
    const ids: string[] = [];
    const numbers: number[] = [];
    for (const id of unique) {
      const chapter = chapterOf.get(id)!;
      const n = (next.get(chapter) ?? 0) + 1;
      next.set(chapter, n);
      ids.push(id);
      numbers.push(n);
    }
    // The (project, chapter, page) unique constraint is deferred, so swaps are fine mid-transaction.
    await tx`
      update pages p set page_number = v.n, updated_at = now()
        from (select unnest(${ids}::uuid[]) as id, unnest(${numbers}::int[]) as n) v
       where p.id = v.id and p.page_number <> v.n`;
    await tx`update projects set updated_at = now() where id = ${projectId}`;
  });
  return listPages(sql, projectId);
}
