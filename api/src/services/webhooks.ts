import { createHmac, timingSafeEqual } from "node:crypto";
import type { Sql } from "@comic-studio/infra";
import { AppError, WEBHOOK_TOLERANCE_S, type WebhookEvent } from "@comic-studio/shared";
import type { TransactionSql } from "postgres";

export function signWebhook(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex")}`;
}

const BAD = (why: string) => new AppError("INVALID_SIGNATURE", `The webhook signature is not valid: ${why}.`);

/**
 * Checks `X-Webhook-Signature` (HMAC-SHA256 over "<timestamp>.<raw body>") and that the
 * timestamp is within WEBHOOK_TOLERANCE_S of now, so a captured request cannot be replayed later.
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp?: string | undefined; signature?: string | undefined },
  rawBody: Buffer,
  nowMs = Date.now(),
): void {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) throw BAD("signature headers are missing");
  if (!/^\d{1,12}$/.test(timestamp)) throw BAD("the timestamp is malformed");
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_S)
    throw BAD("the timestamp is too old or too new");
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw BAD("the signature does not match");
}

type Tx = TransactionSql;

async function markOrphaned(tx: Tx, type: "user" | "lora", externalId: string): Promise<void> {
  await tx`
    insert into external_resource_refs (resource_type, external_id, is_orphaned, orphaned_at, last_verified_at)
    values (${type}, ${externalId}, true, now(), now())
    on conflict (resource_type, external_id)
    do update set is_orphaned = true, orphaned_at = coalesce(external_resource_refs.orphaned_at, now()),
                  last_verified_at = now()`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** user.deleted: the account (our id, or its SSO subject) is closed and its own projects soft-deleted. */
async function userDeleted(tx: Tx, externalId: string): Promise<number> {
  const users = await tx<{ id: string }[]>`
    select id from users where ${UUID.test(externalId) ? tx`id = ${externalId}` : tx`false`}
    union
    select user_id from oauth_accounts where subject = ${externalId}`;
  let affected = 0;
  for (const { id } of users) {
    const projects = await tx`
      update projects set status = 'deleted', deleted_at = now(), updated_at = now()
       where owner_id = ${id} and deleted_at is null
      returning id`;
    affected += projects.length;
    await tx`update users set deleted_at = coalesce(deleted_at, now()), updated_at = now() where id = ${id}`;
    await tx`delete from sessions where user_id = ${id}`;
  }
  await markOrphaned(tx, "user", externalId);
  return affected;
}

/** lora.deleted: characters trained on that model are marked orphaned, for the owner to fix. */
async function loraDeleted(tx: Tx, externalId: string): Promise<number> {
  const rows = await tx`
    update characters set status = 'orphaned', updated_at = now()
     where external_lora_ref = ${externalId} and deleted_at is null and status <> 'orphaned'
    returning id`;
  await markOrphaned(tx, "lora", externalId);
  return rows.length;
}

/**
 * Acts on one delivery exactly once: the delivery id is recorded in the same transaction as the
 * effect, so a redelivery is acknowledged without acting, and a failed attempt can be retried.
 */
export async function handleWebhook(
  sql: Sql,
  deliveryId: string,
  event: WebhookEvent,
  externalId: string,
): Promise<{ duplicate: boolean; affected: number }> {
  return sql.begin(async (tx) => {
    const fresh = await tx`
      insert into webhook_deliveries (id, event) values (${deliveryId}, ${event})
      on conflict (id) do nothing returning id`;
    if (fresh.length === 0) return { duplicate: true, affected: 0 };
    switch (event) {
      case "user.deleted":
        return { duplicate: false, affected: await userDeleted(tx, externalId) };
      case "lora.deleted":
        return { duplicate: false, affected: await loraDeleted(tx, externalId) };
      default: {
        const unknown: never = event;
        throw new AppError("NOT_FOUND", `Unknown webhook event ${String(unknown)}`);
      }
    }
  });
}
