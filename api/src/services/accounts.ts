import { type CreditLedger, hashPassword, type Sql, verifyPassword } from "@comic-studio/infra";
import { AppError, type SessionUser } from "@comic-studio/shared";
import type { TransactionSql } from "postgres";

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  is_admin: boolean;
}

export function toSessionUser(row: UserRow): SessionUser {
  return { id: row.id, email: row.email, displayName: row.display_name, isAdmin: row.is_admin };
}

export interface NewAccount {
  email: string;
  displayName: string;
  /** Null for accounts that sign in only through single sign-on. */
  passwordHash: string | null;
  emailVerified: boolean;
}

/**
 * Creates an account, turns the invitations waiting for its email into memberships, and grants
 * the month's free credits. CONFLICT when the email is taken.
 */
export async function createAccount(
  sql: Sql,
  credits: CreditLedger,
  account: NewAccount,
): Promise<SessionUser> {
  const user = await sql.begin(async (tx) => {
    const [row] = await tx<UserRow[]>`
      insert into users (email, display_name, password_hash, email_verified)
      values (${account.email}, ${account.displayName}, ${account.passwordHash}, ${account.emailVerified})
      on conflict (email) do nothing
      returning id, email, display_name, is_admin`;
    if (!row) throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
    await acceptInvitations(tx, row.id, row.email);
    return toSessionUser(row);
  });
  await credits.ensureMonthlyAllowance(user.id);
  return user;
}

/** Pending invitations for `email` become memberships of `userId` (projects not deleted). */
export async function acceptInvitations(
  sql: Sql | TransactionSql,
  userId: string,
  email: string,
): Promise<number> {
  const rows = await sql`
    with inv as (
      update project_invitations i set accepted_at = now()
        from projects p
       where i.email = ${email} and i.accepted_at is null and p.id = i.project_id and p.deleted_at is null
      returning i.project_id, i.role)
    insert into project_members (project_id, user_id, role)
    select project_id, ${userId}, role from inv
    on conflict (project_id, user_id) do nothing
    returning project_id`;
  return rows.length;
}

// Verifying against a fixed hash when the email is unknown keeps the answer time the same,
// so timing does not tell which emails have accounts.
let dummyHash: Promise<string> | undefined;

/** The account for an email and password, or null; never says which of the two was wrong. */
export async function checkPassword(sql: Sql, email: string, password: string): Promise<SessionUser | null> {
  const [row] = await sql<(UserRow & { password_hash: string | null })[]>`
    select id, email, display_name, is_admin, password_hash from users
     where email = ${email} and deleted_at is null`;
  if (!row?.password_hash) {
    dummyHash ??= hashPassword("not-a-real-password-but-the-same-cost");
    await verifyPassword(await dummyHash, password);
    return null;
  }
  return (await verifyPassword(row.password_hash, password)) ? toSessionUser(row) : null;
}

export async function findUserById(sql: Sql, id: string): Promise<SessionUser | null> {
  const [row] = await sql<UserRow[]>`
    select id, email, display_name, is_admin from users where id = ${id} and deleted_at is null`;
  return row ? toSessionUser(row) : null;
}
