import { SESSION_RENEW_WITHIN_MS, SESSION_TTL_MS, type SessionUser } from "@comic-studio/shared";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Sql } from "./db.ts";

// Sessions as the Lucia guide recommends: a random token goes to the client, only its
// SHA-256 is stored, expiry slides on use. Shared by the api and collab-server.

export interface Session {
  id: string;
  userId: string;
  expiresAt: Date;
}

/** 20 random bytes, base32: 160 bits of entropy. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(sql: Sql, token: string, userId: string): Promise<Session> {
  const session: Session = {
    id: sessionIdFromToken(token),
    userId,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
  };
  await sql`insert into sessions (id, user_id, expires_at) values (${session.id}, ${userId}, ${session.expiresAt})`;
  return session;
}

export interface ValidatedSession {
  session: Session;
  user: SessionUser;
}

/** Returns the session and its user, extending the session when it nears expiry; null if invalid. */
export async function validateSessionToken(sql: Sql, token: string): Promise<ValidatedSession | null> {
  if (!/^[a-z2-7]{20,64}$/.test(token)) return null;
  const id = sessionIdFromToken(token);
  const rows = await sql<
    { user_id: string; expires_at: Date; email: string; display_name: string; is_admin: boolean }[]
  >`select s.user_id, s.expires_at, u.email, u.display_name, u.is_admin
      from sessions s join users u on u.id = s.user_id
     where s.id = ${id} and u.deleted_at is null`;
  const row = rows[0];
  if (!row) return null;
  const session: Session = { id, userId: row.user_id, expiresAt: row.expires_at };
  if (Date.now() >= session.expiresAt.getTime()) {
    await sql`delete from sessions where id = ${id}`;
    return null;
  }
  if (Date.now() >= session.expiresAt.getTime() - SESSION_RENEW_WITHIN_MS) {
    session.expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await sql`update sessions set expires_at = ${session.expiresAt} where id = ${id}`;
  }
  return {
    session,
    user: { id: row.user_id, email: row.email, displayName: row.display_name, isAdmin: row.is_admin },
  };
}

export async function invalidateSession(sql: Sql, sessionId: string): Promise<void> {
  await sql`delete from sessions where id = ${sessionId}`;
}

export async function invalidateUserSessions(sql: Sql, userId: string): Promise<void> {
  await sql`delete from sessions where user_id = ${userId}`;
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
