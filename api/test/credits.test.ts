import { FREE_MONTHLY_ALLOWANCE, PRICES } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, signUp, startTestApi, type TestApi } from "./helpers.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({}, "credits");
});
afterAll(async () => {
  await api?.close();
});

interface Tx {
  id: string;
  type: string;
  amount: number;
  balanceAfter: number;
  note: string | null;
  reservationId: string | null;
  createdAt: string;
}

describe("credit routes", () => {
  it("shows the balance, what is held, and the paged history", async () => {
    const client = api.client();
    const user = await signUp(client, "credits");
    const held = await api.credits.reserve(user.id, { action: "panelGeneration" });
    await api.credits.grant(user.id, 40, "Thanks for testing");
    expect((await client.get("/credits")).body).toEqual({
      balance: FREE_MONTHLY_ALLOWANCE - PRICES.panelGeneration + 40,
      reserved: PRICES.panelGeneration,
    });
    await api.credits.commit(held.reservationId);
    expect((await client.get("/credits")).body).toEqual({
      balance: FREE_MONTHLY_ALLOWANCE - PRICES.panelGeneration + 40,
      reserved: 0,
    });
    const page1 = await client.get<{ transactions: Tx[]; nextCursor: string | null }>(
      "/credits/transactions?limit=2",
    );
    expect(page1.status).toBe(200);
    expect(page1.body.transactions.map((t) => [t.type, t.amount])).toEqual([
      ["commit", 0],
      ["grant", 40],
    ]);
    expect(page1.body.transactions[0]!.reservationId).toBe(held.reservationId);
    expect(new Date(page1.body.transactions[0]!.createdAt).toISOString()).toBe(
      page1.body.transactions[0]!.createdAt,
    );
    const page2 = await client.get<{ transactions: Tx[]; nextCursor: string | null }>(
      `/credits/transactions?limit=2&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.transactions.map((t) => [t.type, t.amount, t.balanceAfter])).toEqual([
      ["reserve", -PRICES.panelGeneration, FREE_MONTHLY_ALLOWANCE - PRICES.panelGeneration],
      ["allowance", FREE_MONTHLY_ALLOWANCE, FREE_MONTHLY_ALLOWANCE],
    ]);
    expect(page2.body.nextCursor).toBeNull();
    expectError(await client.get("/credits/transactions?limit=0"), 400, "VALIDATION_FAILED");
  });

  it("shows each user only their own ledger", async () => {
    const a = api.client();
    const b = api.client();
    const userA = await signUp(a, "a");
    await signUp(b, "b");
    await api.credits.grant(userA.id, 7, "only for a");
    const seen = await b.get<{ transactions: Tx[] }>("/credits/transactions");
    expect(seen.body.transactions.some((t) => t.note === "only for a")).toBe(false);
    // Another user's transaction id as a cursor shows nothing of theirs either.
    const aTx = (await a.get<{ transactions: Tx[] }>("/credits/transactions")).body.transactions[0]!;
    const crossed = await b.get<{ transactions: Tx[] }>(`/credits/transactions?cursor=${aTx.id}`);
    expect(crossed.body.transactions).toEqual([]);
    expectError(await api.client().get("/credits/transactions"), 401, "UNAUTHENTICATED");
  });
});
