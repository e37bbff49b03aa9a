import { randomBytes } from "node:crypto";
import { createSql, dropDatabase, ensureDatabase, type Sql, withDatabase } from "./db.ts";
import { migrate } from "./migrate.ts";

/** Postgres server the tests use; each test file gets its own database on it. */
export const TEST_DATABASE_SERVER =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** Redis the tests use; each test gets its own key prefix. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface TestDatabase {
  url: string;
  sql: Sql;
  drop(): Promise<void>;
}

/** A fresh, migrated database with a random name; `drop()` removes it. */
export async function createTestDatabase(label = "t"): Promise<TestDatabase> {
  const name = `cs_${label}_${randomBytes(5).toString("hex")}`.toLowerCase();
  const url = withDatabase(TEST_DATABASE_SERVER, name);
  await ensureDatabase(url);
  const sql = createSql(url, { max: 5 });
  await migrate(sql);
  return {
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      await dropDatabase(url);
    },
  };
}

/** A unique Redis key prefix for one test. */
export function testPrefix(label = "t"): string {
  return `cs-test-${label}-${randomBytes(4).toString("hex")}`;
}
