import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type TestClient, waitFor } from "./helpers.ts";
import { generationOf, type PipelineHarness, startPipeline } from "./pipeline-harness.ts";

// Faults in the generation pipeline, every service a real process: a worker killed mid-job, a
// collab-server killed mid-job, an engine that is down. Jobs must end right for the client, and
// credits must be settled exactly once.

let h: PipelineHarness;
type Credits = { balance: number; reserved: number };

beforeAll(async () => {
  // Slow steps so that a fault lands mid-job; short locks so that a dead worker is noticed fast.
  h = await startPipeline("faults", 33_000 + Math.floor(Math.random() * 300) * 10, {
    SKETCH_MIN_STEP_MS: "150",
    WORKER_LOCK_MS: "2000",
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

async function runningGeneration(): Promise<{
  client: TestClient;
  pageId: string;
  shapeId: string;
  id: string;
}> {
  const { client, pageId, shapeIds } = await h.newPage("1-panel", 1);
  const shapeId = shapeIds[0]!;
  const r = await h.generate(pageId, shapeId, "A storm over the lighthouse");
  expect(r.status).toBe(202);
  await waitFor(() => (generationOf(client, shapeId)?.progress ?? 0) > 0.15, 30_000, "job running");
  return { client, pageId, shapeId, id: r.id };
}

async function ledgerOf(generationId: string): Promise<string[]> {
  const rows = await h.db.sql<{ type: string }[]>`
    select t.type from credit_transactions t join generations g on g.reservation_id = t.reservation_id
     where g.id = ${generationId} order by t.created_at`;
  return rows.map((r) => r.type);
}

describe("generation under faults", () => {
  it("a worker killed mid-job: another worker finishes it and the credits are charged once", async () => {
    const before = await h.api<Credits>("GET", "/credits");
    const { client, shapeId, id } = await runningGeneration();
    await h.stack.kill("worker", "SIGKILL");
    await h.stack.start("worker");
    await waitFor(
      () => generationOf(client, shapeId)?.status === "done",
      45_000,
      "done after the worker died",
    );
    expect(generationOf(client, shapeId)?.variations).toHaveLength(4);
    const [row] = await h.db.sql<{ status: string; attempts: number }[]>`
      select status, attempts from generations where id = ${id}`;
    expect(row?.status).toBe("completed");
    expect(row?.attempts).toBeGreaterThanOrEqual(2);
    expect(await ledgerOf(id)).toEqual(["reserve", "commit"]);
    expect((await h.api<Credits>("GET", "/credits")).body).toEqual({
      balance: before.body.balance - 25,
      reserved: 0,
    });
    client.destroy();
  }, 90_000);

  it("collab-server killed mid-job: the client reconnects and ends with the finished panel", async () => {
    const { client, pageId, shapeId, id } = await runningGeneration();
    await h.stack.kill("collab-server", "SIGKILL");
    await h.stack.start("collab-server");
    await waitFor(
      () => generationOf(client, shapeId)?.status === "done",
      45_000,
      "done after collab restarted",
    );
    const g = generationOf(client, shapeId)!;
    expect(g.generationId).toBe(id);
    expect(g.variations).toHaveLength(4);
    expect(g.progress).toBe(1);
    expect(await ledgerOf(id)).toEqual(["reserve", "commit"]);
    // A fresh client, loading from the restarted server, sees the same final state.
    const fresh = connect(h.collabUrl, pageId, { token: h.token });
    await fresh.synced();
    await waitFor(() => generationOf(fresh, shapeId)?.status === "done", 15_000, "fresh client sees done");
    fresh.destroy();
    client.destroy();
  }, 90_000);

  it("an engine that is down: retried with backoff, then failed with its reason, the hold released; Retry works", async () => {
    // A ComfyUI engine whose server does not answer (nothing listens on port 9).
    await h.stack.kill("worker", "SIGTERM");
    await h.stack.start("worker", { ENGINE: "comfyui", COMFYUI_URL: "http://127.0.0.1:9" });
    const before = await h.api<Credits>("GET", "/credits");
    const { client, pageId, shapeIds } = await h.newPage("1-panel", 1);
    const shapeId = shapeIds[0]!;
    const r = await h.generate(pageId, shapeId, "Nobody will draw this");
    await waitFor(() => generationOf(client, shapeId)?.status === "failed", 45_000, "failed on the panel");
    expect(generationOf(client, shapeId)?.error).toMatch(/ComfyUI|reach|connect/i);
    const [row] = await h.db.sql<{ status: string; attempts: number }[]>`
      select status, attempts from generations where id = ${r.id}`;
    expect(row).toEqual({ status: "failed", attempts: 3 });
    expect(await ledgerOf(r.id)).toEqual(["reserve", "release"]);
    expect((await h.api<Credits>("GET", "/credits")).body).toEqual({
      balance: before.body.balance,
      reserved: 0,
    });

    // Back to the sketch engine; Retry runs it again as a new, charged generation.
    await h.stack.kill("worker", "SIGTERM");
    await h.stack.start("worker", { ENGINE: "sketch" });
    const retry = await h.api<{ generation: { id: string } }>("POST", `/generations/${r.id}/retry`);
    expect(retry.status).toBe(202);
    await waitFor(() => generationOf(client, shapeId)?.status === "done", 45_000, "retry done");
    expect(generationOf(client, shapeId)?.generationId).toBe(retry.body.generation.id);
    client.destroy();
  }, 120_000);
});
