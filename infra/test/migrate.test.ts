import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, migrate, type TestDatabase } from "../src/index.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("migrate");
});
afterAll(async () => {
  await db.drop();
});

describe("migrations", () => {
  it("are recorded and safe to run twice", async () => {
    const again = await migrate(db.sql);
    expect(again.applied).toEqual([]);
    expect(again.skipped.length).toBeGreaterThan(0);
    const rows = await db.sql`select version from schema_migrations`;
    expect(rows.length).toBe(again.skipped.length);
  });

  it("create the plan's tables", async () => {
    const tables = (
      await db.sql<{ table_name: string }[]>`
        select table_name from information_schema.tables where table_schema = 'public'`
    ).map((r) => r.table_name);
    for (const t of [
      "users",
      "sessions",
      "projects",
      "project_members",
      "characters",
      "locations",
      "pages",
      "panels",
      "panel_characters",
      "imported_styles",
      "generations",
      "credit_transactions",
      "export_jobs",
      "user_preferences",
      "style_analysis_cache",
      "panel_versions",
      "external_resource_refs",
      "yjs_documents",
    ]) {
      expect(tables).toContain(t);
    }
  });

  it("never lets a credit balance go negative", async () => {
    const [user] = await db.sql<{ id: string }[]>`
      insert into users (email, display_name) values ('neg@example.com', 'Neg') returning id`;
    await db.sql`insert into credit_accounts (user_id, balance) values (${user!.id}, 5)`;
    await expect(
      db.sql`update credit_accounts set balance = balance - 10 where user_id = ${user!.id}`,
    ).rejects.toThrow();
  });

  it("cascades a project's deletion to its pages and panels", async () => {
    const [user] = await db.sql<{ id: string }[]>`
      insert into users (email, display_name) values ('c@example.com', 'C') returning id`;
    const [project] = await db.sql<{ id: string }[]>`
      insert into projects (owner_id, name) values (${user!.id}, 'P') returning id`;
    const [page] = await db.sql<{ id: string }[]>`
      insert into pages (project_id, page_number) values (${project!.id}, 1) returning id`;
    await db.sql`insert into panels (page_id, position) values (${page!.id}, 0)`;
    await db.sql`delete from projects where id = ${project!.id}`;
    const rows = await db.sql<{ count: number }[]>`select count(*) from panels`;
    expect(rows[0]?.count).toBe(0);
  });
});
