import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createTestDatabase, PostgresCreditLedger, type TestDatabase } from "@comic-studio/infra";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("cli");
});
afterAll(async () => {
  await db?.drop();
});

async function grant(...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      "pnpm",
      ["--silent", "--filter", "@comic-studio/api", "grant-credits", ...args],
      {
        env: { ...process.env, DATABASE_URL: db.url },
        cwd: new URL("../..", import.meta.url).pathname,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("grant-credits admin command", () => {
  it("grants credits to an account by email, with a ledger row", async () => {
    const [user] = await db.sql<{ id: string }[]>`
      insert into users (email, display_name) values ('grantee@example.test', 'Grantee') returning id`;
    const ok = await grant("Grantee@Example.test", "250", "launch", "bonus");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Granted 250 credits; Grantee@Example.test now has 250/);
    const ledger = new PostgresCreditLedger(db.sql);
    expect((await ledger.getBalance(user!.id)).balance).toBe(250);
    const { transactions } = await ledger.listTransactions(user!.id);
    expect(transactions[0]).toMatchObject({
      type: "grant",
      amount: 250,
      balanceAfter: 250,
      note: "launch bonus",
    });

    const unknown = await grant("nobody@example.test", "5");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No account/);
    const bad = await grant("grantee@example.test", "ten");
    // pnpm reports any failure as exit code 1; the message says which.
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/usage: grant-credits/);
    const tooMuch = await grant("grantee@example.test", "-251");
    expect(tooMuch.code).not.toBe(0);
    expect(tooMuch.stderr).toMatch(/has 250 credits/);
    expect((await ledger.getBalance(user!.id)).balance).toBe(250);
  }, 60_000);
});
