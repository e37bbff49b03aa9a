import { createSql, type Sql } from "@comic-studio/infra";
import { AppError } from "@comic-studio/shared";

// Admin command: pnpm --filter @comic-studio/api make-admin <email> [--revoke]
// Gives an account the admin flag (queue dashboard, metrics), or takes it away. Reads DATABASE_URL.
// Sessions read the flag on every request, so the change applies at once, without signing in again.

export async function setAdmin(sql: Sql, email: string, isAdmin: boolean): Promise<{ id: string }> {
  const [user] = await sql<{ id: string }[]>`
    update users set is_admin = ${isAdmin}, updated_at = now()
     where email = ${email.trim().toLowerCase()} and deleted_at is null
     returning id`;
  if (!user) throw new AppError("NOT_FOUND", `No account with the email ${email}.`);
  return user;
}

async function main(argv: string[]): Promise<number> {
  const revoke = argv.includes("--revoke");
  const rest = argv.filter((arg) => arg !== "--revoke");
  const [email] = rest;
  if (!email || rest.length !== 1 || email.startsWith("-")) {
    console.error("usage: make-admin <email> [--revoke]");
    return 2;
  }
  const sql = createSql(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/comic_studio", {
    max: 1,
  });
  try {
    await setAdmin(sql, email, !revoke);
    console.log(revoke ? `${email} is no longer an admin.` : `${email} is now an admin.`);
    return 0;
  } catch (error) {
    console.error(error instanceof AppError ? error.message : error);
    return 1;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
