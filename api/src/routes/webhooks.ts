import {
  AppError,
  WEBHOOK_EVENTS,
  WEBHOOK_HEADERS,
  type WebhookEvent,
  webhookEndpoints,
  webhookPayloads,
} from "@comic-studio/shared";
import express, { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { validationError } from "../http/errors.ts";
import { handleWebhook, verifyWebhook } from "../services/webhooks.ts";

const WEBHOOK_BODY_LIMIT = "64kb";

/** Signed webhooks: verified against the raw bytes, so they get a raw body parser of their own. */
export function webhookRoutes({ sql, config }: RouteContext): Router {
  const router = Router();
  const endpoint = webhookEndpoints.receiveWebhook;

  router.post(
    endpoint.path,
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req, res) => {
      const event = req.params.event as string;
      if (!(WEBHOOK_EVENTS as string[]).includes(event)) {
        throw new AppError("NOT_FOUND", `No webhook named ${event}.`);
      }
      if (!config.WEBHOOK_SECRET) {
        throw new AppError("SERVICE_UNAVAILABLE", "Webhooks are not configured on this server.");
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      verifyWebhook(
        config.WEBHOOK_SECRET,
        { timestamp: req.get(WEBHOOK_HEADERS.timestamp), signature: req.get(WEBHOOK_HEADERS.signature) },
        raw,
      );
      const deliveryId = req.get(WEBHOOK_HEADERS.id);
      if (!deliveryId || deliveryId.length > 200) {
        throw new AppError(
          "BAD_REQUEST",
          `The ${WEBHOOK_HEADERS.id} header is required (at most 200 characters).`,
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString("utf8"));
      } catch {
        throw new AppError("BAD_REQUEST", "The webhook body is not valid JSON.");
      }
      const name = event as WebhookEvent;
      const parsed = webhookPayloads[name].safeParse(json);
      if (!parsed.success) throw validationError(parsed.error, "body");
      const data = parsed.data as { user_id?: string | number; lora_id?: string | number };
      const externalId = String(name === "user.deleted" ? data.user_id : data.lora_id);
      const result = await handleWebhook(sql, deliveryId, name, externalId);
      res.locals.log.info({ event, deliveryId, ...result }, "webhook handled");
      res.status(200).json(endpoint.response.parse({ received: true, ...result }));
    },
  );

  return router;
}
