import {
  AppError,
  FREE_MONTHLY_ALLOWANCE,
  PRICES,
  type PricedAction,
  RESERVATION_TTL_MS,
} from "@comic-studio/shared";
import type { Sql } from "./db.ts";

// The credits ledger ("Buzz" in the product plan) with the plan's reservation pattern:
// reserve takes credits out of the available balance and holds them; commit confirms the charge,
// release gives them back; a hold past its TTL is released by `releaseExpired`. Every movement
// is a credit_transactions row with the balance after it. Shared by the api (reserve, reads)
// and the worker (commit, release). An external credits service can replace it behind
// `CreditLedger`.

export interface CreditBalance {
  /** Credits available now. */
  balance: number;
  /** Credits held by open reservations (already taken out of `balance`). */
  reserved: number;
}

export interface Reservation {
  reservationId: string;
  amount: number;
  action: string;
  expiresAt: Date;
  /** Available balance after the hold. */
  balance: number;
}

export interface SettleResult {
  reservationId: string;
  /** The reservation's state after the call. */
  status: "committed" | "released";
  /** False when an earlier call (or the expiry sweep) had already settled it. */
  changed: boolean;
}

export interface LedgerEntry {
  id: string;
  type: "grant" | "allowance" | "reserve" | "commit" | "release" | "refund";
  amount: number;
  balanceAfter: number;
  note: string | null;
  reservationId: string | null;
  createdAt: Date;
}

export interface ReserveRequest {
  /** A priced action (its price comes from PRICES) or an explicit amount for another action. */
  action: PricedAction | string;
  /** Required when `action` is not in PRICES. Must be positive: free actions need no hold. */
  amount?: number;
  /** How long the hold lasts. Default RESERVATION_TTL_MS (5 minutes). */
  ttlMs?: number;
}

export interface CreditLedger {
  getBalance(userId: string): Promise<CreditBalance>;
  /** Adds (or, negative, removes) credits: admin grants and corrections. Never below zero. */
  grant(userId: string, amount: number, note?: string): Promise<{ balance: number }>;
  /** Grants FREE_MONTHLY_ALLOWANCE once per calendar month (UTC); true when it granted now. */
  ensureMonthlyAllowance(userId: string, now?: Date): Promise<boolean>;
  /** Holds credits; INSUFFICIENT_BUZZ with details {balance, required} when they are not there. */
  reserve(userId: string, request: ReserveRequest): Promise<Reservation>;
  /** Confirms the charge. Idempotent; a released reservation stays released. */
  commit(reservationId: string): Promise<SettleResult>;
  /** Returns the held credits. Idempotent; a committed reservation stays committed. */
  release(reservationId: string): Promise<SettleResult>;
  /** Releases reservations past their expiry (all users, or one); returns how many. */
  releaseExpired(options?: { userId?: string; limit?: number }): Promise<number>;
  listTransactions(
    userId: string,
    page?: { limit?: number; cursor?: string },
  ): Promise<{ transactions: LedgerEntry[]; nextCursor: string | null }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** First day of `now`'s month in UTC, as the date stored in credit_accounts.allowance_period. */
export function allowancePeriod(now: Date): string {
  return `${now.toISOString().slice(0, 7)}-01`;
}

function priceOf(request: ReserveRequest): number {
  if (request.amount !== undefined) return request.amount;
  if (request.action in PRICES) return PRICES[request.action as PricedAction];
  throw new AppError("BAD_REQUEST", `No price for action ${request.action}`);
}

/** The Postgres ledger: each movement is one statement, so it is atomic without explicit locks. */
export class PostgresCreditLedger implements CreditLedger {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async getBalance(userId: string): Promise<CreditBalance> {
    await this.releaseExpired({ userId });
    const [row] = await this.#sql<{ balance: number | null; reserved: number }[]>`
      select (select balance from credit_accounts where user_id = ${userId}) as balance,
             coalesce((select sum(amount) from credit_reservations
                        where user_id = ${userId} and status = 'reserved'), 0)::int as reserved`;
    return { balance: row?.balance ?? 0, reserved: row?.reserved ?? 0 };
  }

  async grant(userId: string, amount: number, note = "Granted by an admin"): Promise<{ balance: number }> {
    if (!Number.isSafeInteger(amount) || amount === 0) {
      throw new AppError("BAD_REQUEST", "A grant is a non-zero whole number of credits.");
    }
    await this.#ensureAccount(userId);
    try {
      const [row] = await this.#sql<{ balance: number }[]>`
        with acct as (
          update credit_accounts set balance = balance + ${amount}, updated_at = now()
           where user_id = ${userId} returning balance),
        tx as (
          insert into credit_transactions (user_id, type, amount, balance_after, note)
          select ${userId}, 'grant', ${amount}, acct.balance, ${note} from acct)
        select balance from acct`;
      if (!row) throw new AppError("NOT_FOUND", "No such account.");
      return { balance: row.balance };
    } catch (error) {
      // 23514: the balance >= 0 check refused a correction larger than the balance.
      if ((error as { code?: string }).code === "23514") {
        const { balance } = await this.getBalance(userId);
        throw new AppError("INSUFFICIENT_BUZZ", `The account has ${balance} credits.`, {
          balance,
          required: -amount,
        });
      }
      throw error;
    }
  }

  async ensureMonthlyAllowance(userId: string, now = new Date()): Promise<boolean> {
    await this.#ensureAccount(userId);
    const period = allowancePeriod(now);
    const rows = await this.#sql`
      with acct as (
        update credit_accounts
           set balance = balance + ${FREE_MONTHLY_ALLOWANCE}, allowance_period = ${period}, updated_at = now()
         where user_id = ${userId} and (allowance_period is null or allowance_period < ${period})
        returning balance)
      insert into credit_transactions (user_id, type, amount, balance_after, note)
      select ${userId}, 'allowance', ${FREE_MONTHLY_ALLOWANCE}, acct.balance,
             ${`Free monthly allowance ${period.slice(0, 7)}`} from acct
      returning id`;
    return rows.length > 0;
  }

  async reserve(userId: string, request: ReserveRequest): Promise<Reservation> {
    const amount = priceOf(request);
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      throw new AppError(
        "BAD_REQUEST",
        "A reservation holds a positive number of credits; free actions need none.",
      );
    }
    const ttlMs = request.ttlMs ?? RESERVATION_TTL_MS;
    // One statement: the conditional UPDATE locks the account row, and a concurrent reserve
    // re-checks `balance >= amount` after the lock, so the balance can never go negative and
    // no two reservations spend the same credits.
    const [row] = await this.#sql<{ id: string; balance: number; expires_at: Date }[]>`
      with acct as (
        update credit_accounts set balance = balance - ${amount}, updated_at = now()
         where user_id = ${userId} and balance >= ${amount}
        returning balance),
      res as (
        insert into credit_reservations (user_id, amount, action, expires_at)
        select ${userId}, ${amount}, ${request.action}, now() + ${ttlMs}::int * interval '1 millisecond' from acct
        returning id, expires_at),
      tx as (
        insert into credit_transactions (user_id, reservation_id, type, amount, balance_after, note)
        select ${userId}, res.id, 'reserve', ${-amount}, acct.balance, ${request.action} from acct, res)
      select res.id, acct.balance, res.expires_at from acct, res`;
    if (!row) {
      const { balance } = await this.getBalance(userId);
      throw new AppError("INSUFFICIENT_BUZZ", `You have ${balance} credits; this needs ${amount}.`, {
        balance,
        required: amount,
      });
    }
    return {
      reservationId: row.id,
      amount,
      action: request.action,
      expiresAt: row.expires_at,
      balance: row.balance,
    };
  }

  async commit(reservationId: string): Promise<SettleResult> {
    if (!UUID.test(reservationId)) throw new AppError("NOT_FOUND", "No such credit reservation.");
    // The status transition happens once; the unique (reservation_id, type) ledger index backs it up.
    const [row] = await this.#sql<{ id: string }[]>`
      with r as (
        update credit_reservations set status = 'committed', settled_at = now()
         where id = ${reservationId} and status = 'reserved'
        returning user_id, amount, action),
      acct as (
        update credit_accounts a set updated_at = now() from r where a.user_id = r.user_id
        returning a.balance),
      tx as (
        insert into credit_transactions (user_id, reservation_id, type, amount, balance_after, note)
        select r.user_id, ${reservationId}, 'commit', 0, acct.balance, r.action || ': ' || r.amount || ' charged'
          from r, acct)
      select ${reservationId}::uuid as id from r`;
    if (row) return { reservationId, status: "committed", changed: true };
    return this.#settled(reservationId);
  }

  async release(reservationId: string): Promise<SettleResult> {
    if (!UUID.test(reservationId)) throw new AppError("NOT_FOUND", "No such credit reservation.");
    const [row] = await this.#sql<{ id: string }[]>`
      with r as (
        update credit_reservations set status = 'released', settled_at = now()
         where id = ${reservationId} and status = 'reserved'
        returning user_id, amount, action),
      acct as (
        update credit_accounts a set balance = a.balance + r.amount, updated_at = now()
          from r where a.user_id = r.user_id
        returning a.balance),
      tx as (
        insert into credit_transactions (user_id, reservation_id, type, amount, balance_after, note)
        select r.user_id, ${reservationId}, 'release', r.amount, acct.balance, r.action from r, acct)
      select ${reservationId}::uuid as id from r`;
    if (row) return { reservationId, status: "released", changed: true };
    return this.#settled(reservationId);
  }

  async releaseExpired(options: { userId?: string; limit?: number } = {}): Promise<number> {
    const limit = options.limit ?? 1_000;
    const expired = await this.#sql<{ id: string }[]>`
      select id from credit_reservations
       where status = 'reserved' and expires_at <= now()
         ${options.userId ? this.#sql`and user_id = ${options.userId}` : this.#sql``}
       order by expires_at
       limit ${limit}`;
    let released = 0;
    for (const { id } of expired) {
      if ((await this.release(id)).changed) released++;
    }
    return released;
  }

  async listTransactions(
    userId: string,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<{ transactions: LedgerEntry[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
    const after = page.cursor
      ? this.#sql`and (t.created_at, t.id) < (select created_at, id from credit_transactions
                                                where id = ${page.cursor} and user_id = ${userId})`
      : this.#sql``;
    const rows = await this.#sql<
      {
        id: string;
        type: LedgerEntry["type"];
        amount: number;
        balance_after: number;
        note: string | null;
        reservation_id: string | null;
        created_at: Date;
      }[]
    >`select t.id, t.type, t.amount, t.balance_after, t.note, t.reservation_id, t.created_at
        from credit_transactions t
       where t.user_id = ${userId} ${after}
       order by t.created_at desc, t.id desc
       limit ${limit + 1}`;
    const transactions = rows.slice(0, limit).map((r) => ({
      id: r.id,
      type: r.type,
      amount: r.amount,
      balanceAfter: r.balance_after,
      note: r.note,
      reservationId: r.reservation_id,
      createdAt: r.created_at,
    }));
    return { transactions, nextCursor: rows.length > limit ? (transactions.at(-1)?.id ?? null) : null };
  }

  async #ensureAccount(userId: string): Promise<void> {
    await this
      .#sql`insert into credit_accounts (user_id) values (${userId}) on conflict (user_id) do nothing`;
  }

  async #settled(reservationId: string): Promise<SettleResult> {
    if (!UUID.test(reservationId)) throw new AppError("NOT_FOUND", "No such credit reservation.");
    const [row] = await this.#sql<{ status: "reserved" | "committed" | "released" }[]>`
      select status from credit_reservations where id = ${reservationId}`;
    if (!row) throw new AppError("NOT_FOUND", "No such credit reservation.");
    if (row.status === "reserved") {
      // Only reachable if the account row vanished under us; report it rather than pretend.
      throw new AppError("CONFLICT", "The reservation could not be settled.");
    }
    return { reservationId, status: row.status, changed: false };
  }
}
