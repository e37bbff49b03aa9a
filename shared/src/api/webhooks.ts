import { z } from "zod";
import { defineEndpoint } from "./endpoint.ts";

/**
 * Incoming webhooks are signed: `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of
 * "<X-Webhook-Timestamp>.<raw body>">`, the timestamp in Unix seconds within 5 minutes of ours,
 * and `X-Webhook-Id` naming the delivery (a redelivery with the same id is acknowledged, not redone).
 */
export const WEBHOOK_HEADERS = {
  id: "x-webhook-id",
  timestamp: "x-webhook-timestamp",
  signature: "x-webhook-signature",
} as const;
export const WEBHOOK_TOLERANCE_S = 300;

/** Payloads as the product plan names them. `user_id` is our user id or the user's SSO subject. */
export const webhookPayloads = {
  "user.deleted": z.object({ user_id: z.union([z.string().min(1).max(255), z.number().int()]) }),
  "lora.deleted": z.object({ lora_id: z.union([z.string().min(1).max(255), z.number().int()]) }),
} as const;
export type WebhookEvent = keyof typeof webhookPayloads;
export const WEBHOOK_EVENTS = Object.keys(webhookPayloads) as WebhookEvent[];

export const webhookResponse = z.object({
  received: z.literal(true),
  /** True when this delivery id was seen before and nothing was done again. */
  duplicate: z.boolean(),
  /** Rows changed (projects soft-deleted, characters orphaned). */
  affected: z.number().int(),
});

export const webhookEndpoints = {
  receiveWebhook: defineEndpoint({
    method: "post",
    path: "/webhooks/:event",
    summary: "Signed platform events: user.deleted, lora.deleted",
    tag: "webhooks",
    auth: "signature",
    status: 200,
    params: z.object({ event: z.enum(["user.deleted", "lora.deleted"]) }),
    body: z.union([webhookPayloads["user.deleted"], webhookPayloads["lora.deleted"]]),
    response: webhookResponse,
    errors: ["INVALID_SIGNATURE", "NOT_FOUND", "SERVICE_UNAVAILABLE"],
  }),
} as const;
