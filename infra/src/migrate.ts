import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Sql } from "./db.ts";

/** Folder of the ordered `NNNN_name.sql` migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations/", import.meta.url));

export interface MigrationResult {
  applied: string[];
  skipped: string[];
}

/**
 * Applies every `.sql` file of `dir` not yet recorded in `schema_migrations`, in name order,
 * each in its own transaction. Safe to run twice and from several processes at once
 * (an advisory lock serialises runners). A file changed after it was applied is an error.
 */
export async function migrate(sql: Sql, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  const result: MigrationResult = { applied: [], skipped: [] };
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('comic_studio_migrations'))`;
    await tx`create table if not exists schema_migrations (
      version text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`;
    const done = new Map(
      (
        await tx<{ version: string; checksum: string }[]>`select version, checksum from schema_migrations`
      ).map((r) => [r.version, r.checksum]),
    );
    for (const file of files) {
      const text = await readFile(`${dir}/${file}`, "utf8");
      const checksum = createHash("sha256").update(text).digest("hex");
      const recorded = done.get(file);
      if (recorded !== undefined) {
        if (recorded !== checksum) {
          throw new Error(`Migration ${file} changed after it was applied; add a new migration instead.`);
        }
        result.skipped.push(file);
        continue;
      }
      await tx.unsafe(text);
      await tx`insert into schema_migrations (version, checksum) values (${file}, ${checksum})`;
      result.applied.push(file);
    }
  });
  return result;
}
