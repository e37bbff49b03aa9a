import { createSql } from "./db.ts";
import { seedDemo } from "./seed.ts";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/comic_studio";
const sql = createSql(url, { max: 1 });
console.log(JSON.stringify(await seedDemo(sql)));
await sql.end();
