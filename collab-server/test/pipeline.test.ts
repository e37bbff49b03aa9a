import { DEMO_USERS } from "@comic-studio/infra";
import type { GenerationStatus } from "@comic-studio/shared";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { panelsOf, type TestClient, waitFor } from "./helpers.ts";
import { generationOf, type PipelineHarness, startPipeline } from "./pipeline-harness.ts";

// The generation pipeline end to end, every service a real process: api enqueues, the worker
// runs the sketch engine, collab-server writes each step into the page document, and a Node
// client on a real provider watches the panel.

let h: PipelineHarness;
type Credits = { balance: number; reserved: number };

/** Every generation status and progress value the client's document showed, in order, without repeats. */
function watch(client: TestClient, shapeId: string): { statuses: GenerationStatus[]; progress: number[] } {
  const seen = { statuses: [] as GenerationStatus[], progress: [] as number[] };
  client.doc.on("update", () => {
    const g = generationOf(client, shapeId);
    if (!g) return;
    if (seen.statuses.at(-1) !== g.status) seen.statuses.push(g.status);
    if (seen.progress.at(-1) !== g.progress) seen.progress.push(g.progress);
  });
  return seen;
}

beforeAll(async () => {
  // Paced so that a test can watch the steps and cancel mid-way.
  h = await startPipeline("pipeline", 30_000 + Math.floor(Math.random() * 300) * 10, {
    SKETCH_MIN_STEP_MS: "60",
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("panel generation", () => {
  it("streams queued, running with progress, and done with 4 scored variations; choosing one sets the panel", async () => {
    const { client, pageId, shapeIds } = await h.newPage("2-panel", 2);
    const shapeId = shapeIds[0]!;
    const seen = watch(client, shapeId);
    const before = await h.api<Credits>("GET", "/credits");

    const r = await h.generate(pageId, shapeId, "A lighthouse keeper looks out at a storm");
    expect(r.status).toBe(202);
    expect((await h.api<Credits>("GET", "/credits")).body).toEqual({
      balance: before.body.balance - 25,
      reserved: 25,
    });

    await waitFor(() => generationOf(client, shapeId)?.status === "done", 30_000, "generation done");
    const done = generationOf(client, shapeId)!;
    expect(done.generationId).toBe(r.id);
    expect(done.variations).toHaveLength(4);
    expect(done.engine).toBe("sketch");
    expect(seen.statuses).toEqual(["queued", "running", "done"]);
    // Progress only moves forward and was seen mid-way, not only at the ends.
    expect(seen.progress.some((p) => p > 0 && p < 1)).toBe(true);
    expect([...seen.progress].sort((a, b) => a - b)).toEqual(seen.progress);

    // The picture is real and served to members only.
    const image = await fetch(`${h.apiUrl}${done.variations[0]!.url}`, {
      headers: { authorization: `Bearer ${h.token}` },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect((await fetch(`${h.apiUrl}${done.variations[0]!.url}`)).status).toBe(401);

    // Success commits the hold.
    expect((await h.api<Credits>("GET", "/credits")).body).toEqual({
      balance: before.body.balance - 25,
      reserved: 0,
    });

    const chosen = await h.api<{ version: { versionNumber: number } }>(
      "POST",
      `/generations/${r.id}/choose`,
      {
        index: 2,
      },
    );
    expect(chosen.status).toBe(200);
    expect(chosen.body.version.versionNumber).toBe(1);
    await waitFor(
      () =>
        (panelsOf(client.doc).find((p) => p.id === shapeId)?.props.imageUrl ?? null) ===
        done.variations[2]!.url,
      10_000,
      "chosen image on the panel",
    );
    client.destroy();
  }, 60_000);

  it("cancels a running job: the engine stops, the panel says so and the credits come back", async () => {
    const { client, pageId, shapeIds } = await h.newPage("2-panel", 2);
    const shapeId = shapeIds[1]!;
    const before = await h.api<Credits>("GET", "/credits");
    const r = await h.generate(pageId, shapeId, "Waves crash over the rocks");
    await waitFor(() => (generationOf(client, shapeId)?.progress ?? 0) > 0.1, 30_000, "running");
    const cancel = await h.api<{ generation: { status: string } }>("POST", `/generations/${r.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.generation.status).toBe("cancelled");
    await waitFor(
      () => generationOf(client, shapeId)?.status === "cancelled",
      10_000,
      "cancelled on the panel",
    );
    expect((await h.api<Credits>("GET", "/credits")).body).toEqual({
      balance: before.body.balance,
      reserved: 0,
    });
    // The worker really stopped: no variations appear later.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(generationOf(client, shapeId)?.status).toBe("cancelled");
    expect(generationOf(client, shapeId)?.variations).toEqual([]);
    const [row] = await h.db.sql<{ status: string }[]>`select status from generations where id = ${r.id}`;
    expect(row?.status).toBe("cancelled");
    client.destroy();
  }, 60_000);

  it("limits concurrent jobs per person, and cancels queued jobs with their holds released once each", async () => {
    // With no worker running every job stays queued, so the limit and the queued cancels are exact.
    await h.stack.kill("worker", "SIGTERM");
    try {
      const { client, pageId, shapeIds } = await h.newPage("2-panel", 2);
      const before = await h.api<Credits>("GET", "/credits");
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const r = await h.generate(pageId, shapeIds[i % 2]!, `Take ${i}`);
        expect(r.status).toBe(202);
        ids.push(r.id);
      }
      await waitFor(
        () => generationOf(client, shapeIds[1]!)?.generationId === ids[7],
        10_000,
        "last job queued",
      );
      expect(generationOf(client, shapeIds[1]!)?.status).toBe("queued");
      expect(generationOf(client, shapeIds[1]!)?.queuePosition).toBe(8);
      const refused = await h.api<{ error: { code: string } }>(
        "POST",
        `/pages/${pageId}/panels/${encodeURIComponent(shapeIds[0]!)}/generate`,
        { prompt: "One too many" },
      );
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(refused.body.error.code).toBe("RATE_LIMITED");
      expect((await h.api<Credits>("GET", "/credits")).body).toEqual({
        balance: before.body.balance - 8 * 25,
        reserved: 8 * 25,
      });

      for (const id of ids) {
        const r = await h.api<{ generation: { status: string } }>("POST", `/generations/${id}/cancel`);
        expect(r.status).toBe(200);
        expect(r.body.generation.status).toBe("cancelled");
      }
      // Cancelling again is refused and changes nothing.
      expect((await h.api("POST", `/generations/${ids[0]}/cancel`)).status).toBe(409);
      await waitFor(
        () => generationOf(client, shapeIds[1]!)?.status === "cancelled",
        10_000,
        "cancelled shown",
      );
      const settlements = await h.db.sql<{ type: string; n: number }[]>`
        select t.type, count(*)::int as n from credit_transactions t join generations g on g.reservation_id = t.reservation_id
         where g.id = any(${ids}) group by t.type order by t.type`;
      expect(Object.fromEntries(settlements.map((s) => [s.type, s.n]))).toEqual({ release: 8, reserve: 8 });
      expect((await h.api<Credits>("GET", "/credits")).body).toEqual({
        balance: before.body.balance,
        reserved: 0,
      });
      client.destroy();
    } finally {
      await h.stack.start("worker");
    }
  }, 60_000);

  it("regenerates once, free, when every variation misses the style threshold", async () => {
    // A project whose accepted style is a picture of noise: no sketch can match it.
    const project = await h.api<{ project: { id: string } }>("POST", "/projects", { name: "Noise style" });
    const { client, pageId, shapeIds } = await h.newPage("1-panel", 1, project.body.project.id);
    const shapeId = shapeIds[0]!;
    const [page] = await h.db.sql<
      { project_id: string }[]
    >`select project_id from pages where id = ${pageId}`;
    const projectId = page!.project_id;
    const noise = Buffer.alloc(256 * 256 * 3);
    let seed = 7;
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      noise[i] = seed % 256;
    }
    const key = `projects/${projectId}/refs/noise.png`;
    await h.storage.put(
      key,
      await sharp(noise, { raw: { width: 256, height: 256, channels: 3 } })
        .png()
        .toBuffer(),
      "image/png",
    );
    // On a page of its own that nobody opens, so no document sync touches its panel row.
    const [refPage] = await h.db.sql<{ id: string }[]>`
      insert into pages (project_id, chapter_number, page_number) values (${projectId}, 9, 1) returning id`;
    const [ref] = await h.db.sql<{ id: string }[]>`
      insert into panels (page_id, shape_id, position) values (${refPage!.id}, 'shape:reference', 0) returning id`;
    await h.db.sql`insert into panel_versions (panel_id, version_number, image_url)
                   values (${ref!.id}, 1, ${`/api/files/${key}`})`;
    const before = await h.api<Credits>("GET", "/credits");

    const first = await h.generate(pageId, shapeId, "A quiet harbour at dawn");
    expect(first.status).toBe(202);
    // The panel shows the automatic regeneration (a new generation), then its result.
    await waitFor(
      () => {
        const g = generationOf(client, shapeId);
        return !!g && g.generationId !== first.id && g.autoRegeneration && g.status === "done";
      },
      45_000,
      "automatic regeneration done",
    );
    const rows = await h.db.sql<
      {
        id: string;
        auto_regenerated: boolean;
        buzz_cost: number;
        reservation_id: string | null;
        consistency_scores: { style: number | null }[];
      }[]
    >`select g.id, g.auto_regenerated, g.buzz_cost, g.reservation_id, g.consistency_scores
        from generations g join panels p on p.id = g.panel_id
       where p.page_id = ${pageId} and p.shape_id = ${shapeId} order by g.created_at`;
    expect(rows).toHaveLength(2);
    expect(rows[0]!.id).toBe(first.id);
    expect(rows[0]!.consistency_scores.every((s) => s.style !== null && s.style < 0.8)).toBe(true);
    expect(rows[1]).toMatchObject({ auto_regenerated: true, buzz_cost: 0, reservation_id: null });
    // Charged once: the regeneration was free, and it does not regenerate again.
    expect((await h.api<Credits>("GET", "/credits")).body).toEqual({
      balance: before.body.balance - 25,
      reserved: 0,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const [count] = await h.db.sql<{ n: number }[]>`
      select count(*)::int as n from generations g join panels p on p.id = g.panel_id
       where p.page_id = ${pageId} and p.shape_id = ${shapeId}`;
    expect(count?.n).toBe(2);
    client.destroy();
  }, 60_000);

  it("refuses a generation the balance cannot cover before anything is queued", async () => {
    const { client, pageId, shapeIds } = await h.newPage("2-panel", 2);
    const [user] = await h.db.sql<
      { id: string }[]
    >`select id from users where email = ${DEMO_USERS[0].email}`;
    await h.db.sql`update credit_accounts set balance = 10 where user_id = ${user!.id}`;
    const r = await h.api<{ error: { code: string; details: Record<string, number> } }>(
      "POST",
      `/pages/${pageId}/panels/${encodeURIComponent(shapeIds[0]!)}/generate`,
      { prompt: "Too expensive" },
    );
    expect(r.status).toBe(402);
    expect(r.body.error.code).toBe("INSUFFICIENT_BUZZ");
    expect(r.body.error.details).toMatchObject({ balance: 10, required: 25 });
    const [row] = await h.db.sql<{ count: number }[]>`
      select count(*)::int as count from generations g join panels p on p.id = g.panel_id where p.page_id = ${pageId}`;
    expect(row?.count).toBe(0);
    client.destroy();
  }, 30_000);
});
