import { createSql, PostgresCreditLedger, type Sql } from "@comic-studio/infra";
import { AppError } from "@comic-studio/shared";

// Admin command: pnpm --filter @comic-studio/api grant-credits <email> <amount> [note]
// A negative amount takes credits back (never below zero). Reads DATABASE_URL.

export async function grantCredits(sql: Sql, email: string, amount: number, note?: string) {
  const [user] = await sql<{ id: string }[]>`
    select id from users where email = ${email.trim().toLowerCase()} and deleted_at is null`;
  if (!user) throw new AppError("NOT_FOUND", `No account with the email ${email}.`);
  return new PostgresCreditLedger(sql).grant(user.id, amount, note ?? "Granted by an admin");
}

async function main(argv: string[]): Promise<number> {
  const [email, amountText, ...noteWords] = argv;
  const amount = Number(amountText);
  if (!email || !amountText || !Number.isSafeInteger(amount) || amount === 0) {
    console.error("usage: grant-credits <email> <amount> [note]   (amount: a non-zero whole number)");
    return 2;
  }
  const sql = createSql(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/comic_studio", {
    max: 1,
  });
  try {
    const { balance } = await grantCredits(sql, email, amount, noteWords.join(" ") || undefined);
    console.log(
      `${amount > 0 ? "Granted" : "Removed"} ${Math.abs(amount)} credits; ${email} now has ${balance}.`,
    );
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
