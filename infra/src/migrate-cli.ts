import { createSql, ensureDatabase } from "./db.ts";
import { migrate } from "./migrate.ts";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/comic_studio";
await ensureDatabase(url);
const sql = createSql(url, { max: 1 });
const r = await migrate(sql);
console.log(JSON.stringify(r));
await sql.end();
