import { AppError, FREE_MONTHLY_ALLOWANCE, PRICES } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresCreditLedger } from "../src/credits.ts";
import { createSql, type Sql } from "../src/db.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing.ts";

let db: TestDatabase;
let ledger: PostgresCreditLedger;

async function newUser(sql: Sql, label: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into users (email, display_name) values (${`${label}-${crypto.randomUUID()}@test.local`}, ${label})
    returning id`;
  return row!.id;
}

async function ledgerSum(sql: Sql, userId: string): Promise<number> {
  const [row] = await sql<{ sum: number }[]>`
    select coalesce(sum(amount), 0)::int as sum from credit_transactions where user_id = ${userId}`;
  return row!.sum;
}

beforeAll(async () => {
  db = await createTestDatabase("credits");
  ledger = new PostgresCreditLedger(db.sql);
});
afterAll(async () => {
  await db?.drop();
});

describe("credit ledger", () => {
  it("grants the free allowance once per calendar month", async () => {
    const user = await newUser(db.sql, "allowance");
    const march = new Date("2030-03-05T10:00:00Z");
    expect(await ledger.ensureMonthlyAllowance(user, march)).toBe(true);
    expect(await ledger.ensureMonthlyAllowance(user, new Date("2030-03-31T23:59:00Z"))).toBe(false);
    expect((await ledger.getBalance(user)).balance).toBe(FREE_MONTHLY_ALLOWANCE);
    expect(await ledger.ensureMonthlyAllowance(user, new Date("2030-04-01T00:00:00Z"))).toBe(true);
    expect((await ledger.getBalance(user)).balance).toBe(2 * FREE_MONTHLY_ALLOWANCE);
    // Concurrent reads at the start of a month grant it once.
    const results = await Promise.all(
      Array.from({ length: 10 }, () => ledger.ensureMonthlyAllowance(user, new Date("2030-05-02T00:00:00Z"))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const { transactions } = await ledger.listTransactions(user);
    expect(transactions.map((t) => t.type)).toEqual(["allowance", "allowance", "allowance"]);
    expect(transactions[0]!.balanceAfter).toBe(3 * FREE_MONTHLY_ALLOWANCE);
  });

  it("reserves, commits and releases with a ledger row for each movement", async () => {
    const user = await newUser(db.sql, "flow");
    await ledger.grant(user, 100, "test grant");
    const a = await ledger.reserve(user, { action: "panelGeneration" });
    expect(a.amount).toBe(PRICES.panelGeneration);
    expect(a.balance).toBe(100 - PRICES.panelGeneration);
    const b = await ledger.reserve(user, { action: "inpainting" });
    expect(await ledger.getBalance(user)).toEqual({ balance: 60, reserved: 40 });

    expect(await ledger.commit(a.reservationId)).toEqual({
      reservationId: a.reservationId,
      status: "committed",
      changed: true,
    });
    expect(await ledger.release(b.reservationId)).toMatchObject({ status: "released", changed: true });
    expect(await ledger.getBalance(user)).toEqual({ balance: 75, reserved: 0 });

    const types = (await ledger.listTransactions(user)).transactions.map((t) => [
      t.type,
      t.amount,
      t.balanceAfter,
    ]);
    expect(types).toEqual([
      ["release", 15, 75],
      ["commit", 0, 60],
      ["reserve", -15, 60],
      ["reserve", -25, 75],
      ["grant", 100, 100],
    ]);
    expect(await ledgerSum(db.sql, user)).toBe(75);
  });

  it("settles each reservation exactly once, however often and however concurrently it is called", async () => {
    const user = await newUser(db.sql, "idem");
    await ledger.grant(user, 50);
    const r = await ledger.reserve(user, { action: "panelGeneration" });
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => ledger.commit(r.reservationId)),
      ...Array.from({ length: 8 }, () => ledger.release(r.reservationId)),
    ]);
    const changed = results.filter((x) => x.changed);
    expect(changed).toHaveLength(1);
    const final = changed[0]!.status;
    // Every later call reports the one outcome.
    expect(results.every((x) => x.status === final)).toBe(true);
    expect(await ledger.commit(r.reservationId)).toMatchObject({ status: final, changed: false });
    expect(await ledger.release(r.reservationId)).toMatchObject({ status: final, changed: false });
    const expectedBalance = final === "released" ? 50 : 25;
    expect((await ledger.getBalance(user)).balance).toBe(expectedBalance);
    expect(await ledgerSum(db.sql, user)).toBe(expectedBalance);
    const [count] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from credit_transactions where reservation_id = ${r.reservationId}`;
    expect(count!.n).toBe(2);
  });

  it("refuses a reservation the balance cannot cover, with balance and required", async () => {
    const user = await newUser(db.sql, "poor");
    await ledger.grant(user, 20);
    const error = await ledger.reserve(user, { action: "panelGeneration" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "INSUFFICIENT_BUZZ", details: { balance: 20, required: 25 } });
    expect((await ledger.getBalance(user)).balance).toBe(20);
    // An account that never had credits has 0, not an error.
    const empty = await newUser(db.sql, "empty");
    await expect(ledger.reserve(empty, { action: "inpainting" })).rejects.toMatchObject({
      code: "INSUFFICIENT_BUZZ",
      details: { balance: 0, required: 15 },
    });
    await expect(ledger.reserve(user, { action: "standardExport" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("lets exactly floor(balance / price) of many concurrent reservations through, never below zero", async () => {
    const user = await newUser(db.sql, "race");
    const balance = 490;
    await ledger.grant(user, balance);
    const price = PRICES.panelGeneration;
    const attempts = 60;
    // Separate pools so the reservations really run on different connections at once.
    const pools = Array.from({ length: 4 }, () => createSql(db.url, { max: 10 }));
    try {
      const ledgers = pools.map((sql) => new PostgresCreditLedger(sql));
      const results = await Promise.allSettled(
        Array.from({ length: attempts }, (_, i) =>
          ledgers[i % ledgers.length]!.reserve(user, { action: "panelGeneration" }),
        ),
      );
      const ok = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r) => r.status === "rejected");
      expect(ok).toHaveLength(Math.floor(balance / price));
      expect(refused).toHaveLength(attempts - Math.floor(balance / price));
      for (const r of refused)
        expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "INSUFFICIENT_BUZZ" });
      const after = await ledger.getBalance(user);
      expect(after.balance).toBe(balance % price);
      expect(after.reserved).toBe(Math.floor(balance / price) * price);
      // The ledger agrees with the account, and no row ever recorded a negative balance.
      expect(await ledgerSum(db.sql, user)).toBe(after.balance);
      const [min] = await db.sql<{ min: number }[]>`
        select min(balance_after)::int as min from credit_transactions where user_id = ${user}`;
      expect(min!.min).toBeGreaterThanOrEqual(0);
    } finally {
      await Promise.all(pools.map((sql) => sql.end({ timeout: 5 })));
    }
  });

  it("releases reservations past their expiry, and only those", async () => {
    const user = await newUser(db.sql, "expiry");
    await ledger.grant(user, 100);
    const old = await ledger.reserve(user, { action: "panelGeneration", ttlMs: 1 });
    const fresh = await ledger.reserve(user, { action: "panelGeneration" });
    await new Promise((r) => setTimeout(r, 20));
    expect(await ledger.releaseExpired()).toBeGreaterThanOrEqual(1);
    const [oldRow] = await db.sql<{ status: string }[]>`
      select status from credit_reservations where id = ${old.reservationId}`;
    expect(oldRow!.status).toBe("released");
    expect(await ledger.getBalance(user)).toEqual({ balance: 75, reserved: 25 });
    // The worker finishing late finds the hold already returned and is told so.
    expect(await ledger.commit(old.reservationId)).toMatchObject({ status: "released", changed: false });
    expect(await ledger.commit(fresh.reservationId)).toMatchObject({ status: "committed", changed: true });
    expect(await ledger.releaseExpired({ userId: user })).toBe(0);
    expect(await ledgerSum(db.sql, user)).toBe(75);
  });

  it("releases an expired hold when the balance is read, without a sweep", async () => {
    const user = await newUser(db.sql, "lazy");
    await ledger.grant(user, 30);
    await ledger.reserve(user, { action: "panelGeneration", ttlMs: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(await ledger.getBalance(user)).toEqual({ balance: 30, reserved: 0 });
  });

  it("refuses corrections below zero and unknown reservations", async () => {
    const user = await newUser(db.sql, "neg");
    await ledger.grant(user, 10);
    await expect(ledger.grant(user, -11)).rejects.toMatchObject({ code: "INSUFFICIENT_BUZZ" });
    expect(await ledger.grant(user, -10)).toEqual({ balance: 0 });
    await expect(ledger.commit(crypto.randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ledger.release("not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("pages the history by cursor, newest first", async () => {
    const user = await newUser(db.sql, "pages");
    for (let i = 1; i <= 7; i++) await ledger.grant(user, i, `grant ${i}`);
    const first = await ledger.listTransactions(user, { limit: 3 });
    expect(first.transactions.map((t) => t.note)).toEqual(["grant 7", "grant 6", "grant 5"]);
    const second = await ledger.listTransactions(user, { limit: 3, cursor: first.nextCursor! });
    expect(second.transactions.map((t) => t.note)).toEqual(["grant 4", "grant 3", "grant 2"]);
    const third = await ledger.listTransactions(user, { limit: 3, cursor: second.nextCursor! });
    expect(third.transactions.map((t) => t.note)).toEqual(["grant 1"]);
    expect(third.nextCursor).toBeNull();
  });
});
