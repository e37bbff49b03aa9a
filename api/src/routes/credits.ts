import { creditEndpoints } from "@comic-studio/shared";
import { Router } from "express";
import type { RouteContext } from "../deps.ts";
import { serve } from "../http/endpoint.ts";

export function creditRoutes({ credits }: RouteContext): Router {
  const router = Router();

  serve(router, creditEndpoints.getCredits, async ({ user }) => {
    // Reading the balance is when a new month's allowance lands.
    await credits.ensureMonthlyAllowance(user.id);
    return credits.getBalance(user.id);
  });

  serve(router, creditEndpoints.listTransactions, async ({ user, query }) => {
    const page = await credits.listTransactions(user.id, { limit: query.limit, cursor: query.cursor });
    return {
      transactions: page.transactions.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
      nextCursor: page.nextCursor,
    };
  });

  return router;
}
