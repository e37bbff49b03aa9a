import { z } from "zod";
import { idSchema, isoDateSchema } from "./common.ts";
import { defineEndpoint } from "./endpoint.ts";

export const CREDIT_TRANSACTION_TYPES = [
  "grant",
  "allowance",
  "reserve",
  "commit",
  "release",
  "refund",
] as const;

export const creditSummarySchema = z.object({
  /** Credits available to spend now. */
  balance: z.number().int(),
  /** Credits held by reservations of running jobs (already taken out of `balance`). */
  reserved: z.number().int(),
});

export const creditTransactionSchema = z.object({
  id: z.string(),
  type: z.enum(CREDIT_TRANSACTION_TYPES),
  /** Signed change of the available balance (a commit settles a hold, so it is 0). */
  amount: z.number().int(),
  balanceAfter: z.number().int(),
  note: z.string().nullable(),
  reservationId: z.string().nullable(),
  createdAt: isoDateSchema,
});
export type CreditTransaction = z.infer<typeof creditTransactionSchema>;

export const transactionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page. */
  cursor: idSchema.optional(),
});

export const creditEndpoints = {
  getCredits: defineEndpoint({
    method: "get",
    path: "/credits",
    summary: "The caller's credit balance and what running jobs hold",
    tag: "credits",
    auth: "session",
    status: 200,
    response: creditSummarySchema,
    errors: ["UNAUTHENTICATED"],
  }),
  listTransactions: defineEndpoint({
    method: "get",
    path: "/credits/transactions",
    summary: "The caller's ledger, newest first, paged by cursor",
    tag: "credits",
    auth: "session",
    status: 200,
    query: transactionsQuery,
    response: z.object({
      transactions: z.array(creditTransactionSchema),
      nextCursor: z.string().nullable(),
    }),
    errors: ["UNAUTHENTICATED"],
  }),
} as const;
