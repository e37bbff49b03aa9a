import { randomUUID } from "node:crypto";
import { createLogger, LocalDiskStorage, PostgresCreditLedger, publishPageEvent } from "@comic-studio/infra";
import {
  type Generation,
  type PageEvent,
  type PanelGenerationPayload,
  type PanelVersion,
  PRICES,
  pageEventsStream,
} from "@comic-studio/shared";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SketchEngine } from "../../worker/src/engines/sketch/engine.ts";
import { createInpaintWorker, type InpaintWorker } from "../../worker/src/inpaint/index.ts";
import { CancelListener } from "../../worker/src/jobs/cancel.ts";
import { describePanel } from "../../worker/src/jobs/generation.ts";
import { readObject } from "../../worker/src/library/deps.ts";
import { expectError, signUp, startTestApi, type TestApi, type TestClient } from "./helpers.ts";

const W = 384;
const H = 256;

let api: TestApi;
let owner: TestClient;
let editor: TestClient;
let viewer: TestClient;
let stranger: TestClient;
let projectId: string;
let pageId: string;
let storage: LocalDiskStorage;
let worker: InpaintWorker;
let cancels: CancelListener;
let original: Buffer;

const fileUrl = (key: string) => `/api/files/${key.split("/").map(encodeURIComponent).join("/")}`;

/** A mask PNG data URL: white (regenerate) inside the box, black elsewhere, at the picture's size. */
async function maskDataUrl(box: { x: number; y: number; w: number; h: number } | null): Promise<string> {
  const data = Buffer.alloc(W * H);
  if (box) {
    for (let y = box.y; y < box.y + box.h; y++)
      for (let x = box.x; x < box.x + box.w; x++) data[y * W + x] = 255;
  }
  const png = await sharp(data, { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString("base64")}`;
}

/**
 * A panel with a picture, as a finished panel generation leaves it: the generation row with its
 * request, the stored render, the panel row pointing at it.
 */
async function panelWithPicture(shapeId: string): Promise<{ panelId: string; url: string }> {
  const { sql } = api.db;
  const [panel] = await sql<{ id: string }[]>`
    insert into panels (page_id, shape_id, position) values (${pageId}, ${shapeId}, 0) returning id`;
  const generationId = randomUUID();
  const payload: PanelGenerationPayload = {
    generationId,
    projectId,
    pageId,
    panelId: panel!.id,
    shapeId,
    userId: editor.user!.id,
    reservationId: null,
    prompt: "a quiet city street at dusk",
    width: W,
    height: H,
    variations: 1,
    seed: 1234,
    location: { name: "city street", lighting: "dusk", camera: "eye", shot: "medium" },
    characters: [],
    autoRegeneration: false,
    requestedAtMs: Date.now(),
  };
  original = (await new SketchEngine().generate(describePanel(payload))).variations[0]!.png;
  const key = `projects/${projectId}/generations/${generationId}/v0.png`;
  await storage.put(key, original, "image/png");
  const url = fileUrl(key);
  await sql`
    insert into generations (id, project_id, panel_id, user_id, status, type, prompt, params, buzz_cost, result_urls)
    values (${generationId}, ${projectId}, ${panel!.id}, ${editor.user!.id}, 'completed', 'panel', ${payload.prompt},
            ${sql.json(payload as never)}, ${PRICES.panelGeneration}, ${sql.json([url])})`;
  await sql`update panels set image_url = ${url} where id = ${panel!.id}`;
  return { panelId: panel!.id, url };
}

async function waitForGeneration(
  id: string,
  timeoutMs = 60_000,
): Promise<{ status: string; error: string | null }> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const [row] = await api.db.sql<{ status: string; error_message: string | null }[]>`
      select status, error_message from generations where id = ${id}`;
    if (row && ["completed", "failed", "cancelled"].includes(row.status)) {
      return { status: row.status, error: row.error_message };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`generation ${id} did not settle`);
}

/** Every page event published for a generation, in order. */
async function eventsFor(generationId: string): Promise<PageEvent[]> {
  const entries = await api.redis.xrange(pageEventsStream(api.config.REDIS_PREFIX), "-", "+");
  return entries
    .map(([, fields]) => JSON.parse(fields[1]!) as PageEvent)
    .filter((e) => (e.type === "generation" ? e.patch.generationId === generationId : true));
}

async function ledgerFor(reservationGenerationId: string) {
  const [row] = await api.db.sql<{ reservation_id: string }[]>`
    select reservation_id from generations where id = ${reservationGenerationId}`;
  return api.db.sql<{ type: string; amount: number }[]>`
    select type, amount from credit_transactions where reservation_id = ${row!.reservation_id} order by created_at`;
}

beforeAll(async () => {
  api = await startTestApi({}, "inpaint");
  storage = new LocalDiskStorage(api.storageDir);
  owner = api.client();
  editor = api.client();
  viewer = api.client();
  stranger = api.client();
  await signUp(owner, "owner");
  const e = await signUp(editor, "editor");
  const v = await signUp(viewer, "viewer");
  await signUp(stranger, "stranger");
  projectId = (await owner.post<{ project: { id: string } }>("/projects", { name: "Inpaint" })).body.project
    .id;
  await owner.post(`/projects/${projectId}/members`, { email: e.email, role: "editor" });
  await owner.post(`/projects/${projectId}/members`, { email: v.email, role: "viewer" });
  pageId = (await owner.post<{ page: { id: string } }>(`/projects/${projectId}/pages`, {})).body.page.id;
  cancels = await CancelListener.start(api.redis, `${api.config.REDIS_PREFIX}:generation:cancel`);
  const prefix = api.config.REDIS_PREFIX;
  worker = createInpaintWorker(
    {
      sql: api.db.sql,
      logger: createLogger("inpaint-test", process.env.TEST_LOG_LEVEL ?? "silent"),
      engine: new SketchEngine({ previewIntervalMs: 0 }),
      store: { put: (key, body, type) => storage.put(key, body, type), urlFor: fileUrl },
      loadObject: (key) => readObject(storage, key),
      credits: new PostgresCreditLedger(api.db.sql),
      onCancel: (id, abort) => cancels.on(id, abort),
      publish: (page, shapeId, patch) =>
        publishPageEvent(api.redis, prefix, { type: "generation", pageId: page, shapeId, patch }),
      publishPanelImage: (page, shapeId, imageUrl) =>
        publishPageEvent(api.redis, prefix, { type: "panel-image", pageId: page, shapeId, imageUrl }),
    },
    { redis: api.redis, prefix, lockDurationMs: 60_000 },
  );
  await worker.waitUntilReady();
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await cancels?.close();
  await api?.close();
});

describe("panel inpainting", () => {
  it("lets editors only inpaint, and refuses panels without a picture", async () => {
    const { panelId } = await panelWithPicture("shape:roles");
    const body = { prompt: "add a lamp post", mask: await maskDataUrl({ x: 10, y: 10, w: 40, h: 40 }) };
    expectError(await viewer.post(`/pages/${pageId}/panels/shape:roles/inpaint`, body), 403, "FORBIDDEN");
    const strangerReply = await stranger.post(`/pages/${pageId}/panels/shape:roles/inpaint`, body);
    expect([403, 404]).toContain(strangerReply.status);
    expectError(await editor.post(`/pages/${pageId}/panels/shape:empty/inpaint`, body), 409, "CONFLICT");
    expectError(
      await editor.post(`/pages/${pageId}/panels/shape:roles/inpaint`, {
        ...body,
        mask: "data:image/png;base64,AAAA",
      }),
      400,
      "BAD_REQUEST",
    );
    const notPng = await editor.post(`/pages/${pageId}/panels/shape:roles/inpaint`, {
      ...body,
      mask: "hello",
    });
    expect(notPng.status).toBe(400);
    // Nothing was held or recorded for the refused requests.
    const balance = await editor.get<{ balance: number; reserved: number }>("/credits");
    expect(balance.body.reserved).toBe(0);
    const [count] = await api.db.sql<{ n: number }[]>`
      select count(*)::int as n from generations where panel_id = ${panelId} and type = 'inpaint'`;
    expect(count!.n).toBe(0);
  });

  it("charges the plan's price and makes the regenerated region the panel's next version", async () => {
    const { panelId, url: before } = await panelWithPicture("shape:fix");
    const start = (await editor.get<{ balance: number }>("/credits")).body.balance;
    const box = { x: 200, y: 60, w: 120, h: 120 };
    const reply = await editor.post<{ generation: Generation }>(`/pages/${pageId}/panels/shape:fix/inpaint`, {
      prompt: "a brighter sky",
      mask: await maskDataUrl(box),
    });
    expect(reply.status).toBe(202);
    const { generation } = reply.body;
    expect(generation).toMatchObject({ panelId, status: "queued", cost: PRICES.inpainting });
    expect(await waitForGeneration(generation.id)).toEqual({ status: "completed", error: null });

    const versions = await editor.get<{ versions: PanelVersion[] }>(`/panels/${panelId}/versions`);
    expect(versions.body.versions[0]).toMatchObject({ generationId: generation.id, versionNumber: 1 });
    const newUrl = versions.body.versions[0]!.imageUrl!;
    expect(newUrl).not.toBe(before);
    const [panel] = await api.db.sql<
      { image_url: string }[]
    >`select image_url from panels where id = ${panelId}`;
    expect(panel!.image_url).toBe(newUrl);

    // The picture changed inside the mask and nowhere far from it.
    const file = await editor.get<string>(newUrl.replace(/^\/api/, ""));
    expect(file.status).toBe(200);
    const key = newUrl.replace("/api/files/", "");
    const after = await sharp((await readObject(storage, key))!)
      .raw()
      .toBuffer();
    const was = await sharp(original).raw().toBuffer();
    const diffIn = (x0: number, y0: number, x1: number, y1: number) => {
      let d = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++)
          for (let c = 0; c < 3; c++) d += Math.abs(after[(y * W + x) * 3 + c]! - was[(y * W + x) * 3 + c]!);
      return d / ((x1 - x0) * (y1 - y0));
    };
    expect(diffIn(box.x + 10, box.y + 10, box.x + box.w - 10, box.y + box.h - 10)).toBeGreaterThan(2);
    expect(diffIn(0, 0, 150, H)).toBe(0);

    // Charged once: a 15-credit hold, committed.
    expect((await editor.get<{ balance: number }>("/credits")).body.balance).toBe(start - PRICES.inpainting);
    const ledger = await ledgerFor(generation.id);
    expect(ledger.map((t) => t.type)).toEqual(["reserve", "commit"]);

    // Live progress into the panel's generation state, then done, then the panel's picture.
    const events = await eventsFor(generation.id);
    const patches = events.flatMap((e) => (e.type === "generation" ? [e.patch] : []));
    expect(patches[0]).toMatchObject({ status: "queued", progress: 0 });
    const running = patches.filter((p) => p.status === "running");
    expect(running.length).toBeGreaterThan(2);
    expect(running.some((p) => p.previewUrl)).toBe(true);
    const progress = running.map((p) => p.progress ?? 0);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(patches.at(-1)).toMatchObject({ status: "done", progress: 1, variations: [{ url: newUrl }] });
    expect(events).toContainEqual({ type: "panel-image", pageId, shapeId: "shape:fix", imageUrl: newUrl });
  }, 90_000);

  it("releases the credits when the job fails (an empty mask) and says why on the panel", async () => {
    const { panelId, url } = await panelWithPicture("shape:empty-mask");
    const start = (await editor.get<{ balance: number }>("/credits")).body.balance;
    // Valid PNG, but nothing painted: the worker refuses it.
    const reply = await editor.post<{ generation: Generation }>(
      `/pages/${pageId}/panels/shape:empty-mask/inpaint`,
      {
        prompt: "anything",
        mask: await maskDataUrl(null),
      },
    );
    expect(reply.status).toBe(202);
    const settled = await waitForGeneration(reply.body.generation.id);
    expect(settled.status).toBe("failed");
    expect(settled.error).toMatch(/mask is empty/);
    expect((await editor.get<{ balance: number; reserved: number }>("/credits")).body).toMatchObject({
      balance: start,
      reserved: 0,
    });
    expect((await ledgerFor(reply.body.generation.id)).map((t) => t.type)).toEqual(["reserve", "release"]);
    const [panel] = await api.db.sql<
      { image_url: string }[]
    >`select image_url from panels where id = ${panelId}`;
    expect(panel!.image_url).toBe(url);
    const patches = (await eventsFor(reply.body.generation.id)).flatMap((e) =>
      e.type === "generation" && e.patch.generationId === reply.body.generation.id ? [e.patch] : [],
    );
    expect(patches.at(-1)).toMatchObject({ status: "failed" });
  }, 60_000);

  it("refuses a second job on a panel that is busy", async () => {
    await panelWithPicture("shape:busy");
    const body = { prompt: "one", mask: await maskDataUrl({ x: 0, y: 0, w: 30, h: 30 }) };
    await worker.worker.pause();
    try {
      const first = await editor.post(`/pages/${pageId}/panels/shape:busy/inpaint`, body);
      expect(first.status).toBe(202);
      expectError(await editor.post(`/pages/${pageId}/panels/shape:busy/inpaint`, body), 409, "CONFLICT");
    } finally {
      worker.worker.resume();
    }
  });
});
