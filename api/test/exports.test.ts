import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createExportQueue } from "@comic-studio/infra";
import {
  buildPageDocument,
  type Export,
  exportKey,
  FREE_MONTHLY_ALLOWANCE,
  isPanelShape,
  PRICES,
  pageDocumentName,
  recordsMap,
  writeRecord,
} from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { expectError, signUp, startTestApi, type TestApi, type TestClient } from "./helpers.ts";

let api: TestApi;
let owner: TestClient;
let viewer: TestClient;
let stranger: TestClient;
let projectId: string;
let pageIds: string[];

/** Stores a page document as collab-server would, with `pictures` panels showing an image. */
async function storeDocument(pageId: string, pictures: number): Promise<void> {
  const records = buildPageDocument({
    template: "4-panel",
    trimWidthMm: 170,
    trimHeightMm: 260,
    newPanelId: randomUUID,
  });
  let n = 0;
  for (const r of records)
    if (isPanelShape(r) && n++ < pictures) r.props.imageUrl = `/api/files/projects/${projectId}/x.png`;
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const r of records) writeRecord(recordsMap(doc), r);
  });
  await api.db
    .sql`insert into yjs_documents (name, state) values (${pageDocumentName(pageId)}, ${Buffer.from(Y.encodeStateAsUpdate(doc))})`;
}

beforeAll(async () => {
  api = await startTestApi({}, "exports");
  owner = api.client();
  viewer = api.client();
  stranger = api.client();
  await signUp(owner, "owner");
  const v = await signUp(viewer, "viewer");
  await signUp(stranger, "stranger");
  projectId = (await owner.post<{ project: { id: string } }>("/projects", { name: "Exports" })).body.project
    .id;
  await owner.post(`/projects/${projectId}/members`, { email: v.email, role: "viewer" });
  pageIds = [];
  for (let i = 0; i < 2; i++) {
    pageIds.push(
      (await owner.post<{ page: { id: string } }>(`/projects/${projectId}/pages`, {})).body.page.id,
    );
  }
  await storeDocument(pageIds[0]!, 3);
  await storeDocument(pageIds[1]!, 1);
});

afterAll(async () => {
  await api?.close();
});

describe("export routes", () => {
  it("queues a free standard export of every page in book order, visible to members only", async () => {
    const reply = await owner.post<{ export: Export }>(`/projects/${projectId}/exports`, { format: "pdf" });
    expect(reply.status).toBe(202);
    const created = reply.body.export;
    expect(created).toMatchObject({
      format: "pdf",
      status: "pending",
      progress: 0,
      cost: 0,
      dpi: 300,
      highRes: false,
    });
    expect(created.pageIds).toEqual(pageIds);
    const queue = createExportQueue(api.redis, api.config.REDIS_PREFIX);
    const job = await queue.getJob(created.id);
    expect(job?.data).toMatchObject({ exportId: created.id, format: "pdf", pageIds, reservationId: null });
    await queue.close();

    expect((await viewer.get<{ export: Export }>(`/exports/${created.id}`)).body.export.id).toBe(created.id);
    expectError(await stranger.get(`/exports/${created.id}`), 404, "NOT_FOUND");
    expectError(await stranger.get(`/projects/${projectId}/exports`), 404, "NOT_FOUND");
    const list = await viewer.get<{ exports: Export[] }>(`/projects/${projectId}/exports`);
    expect(list.body.exports.map((e) => e.id)).toContain(created.id);
  });

  it("shows every member an export's live progress and who asked, and serves its files to members only", async () => {
    const created = (
      await owner.post<{ export: Export }>(`/projects/${projectId}/exports`, { format: "png" })
    ).body.export;
    expect(created.requestedBy).toMatch(/^owner/);
    // The worker is running it: what a watching viewer sees.
    const key = exportKey(projectId, created.id, "page-001.png");
    await api.db
      .sql`update export_jobs set status = 'processing', progress = 0.42, attempts = 1 where id = ${created.id}`;
    const watching = (await viewer.get<{ exports: Export[] }>(`/projects/${projectId}/exports`)).body.exports;
    expect(watching.find((e) => e.id === created.id)).toMatchObject({
      status: "processing",
      progress: 0.42,
      attempts: 1,
      requestedBy: created.requestedBy,
    });
    // Finished: its file lies in storage under the export and downloads for members only.
    await writeFile(join(api.storageDir, key), Buffer.from("png bytes"), { flag: "w" }).catch(async () => {
      await mkdir(join(api.storageDir, dirname(key)), { recursive: true });
      await writeFile(join(api.storageDir, key), Buffer.from("png bytes"));
    });
    const url = `/files/${key}`;
    const got = await viewer.get(url);
    expect(got.status).toBe(200);
    expectError(await stranger.get(url), 404, "NOT_FOUND");
    await api.db.sql`update export_jobs set status = 'completed', progress = 1 where id = ${created.id}`;
  });

  it("exports a whole chapter: only its pages, in order", async () => {
    const second = [];
    for (let i = 0; i < 2; i++) {
      second.push(
        (await owner.post<{ page: { id: string } }>(`/projects/${projectId}/pages`, { chapterNumber: 2 }))
          .body.page.id,
      );
    }
    const reply = await owner.post<{ export: Export }>(`/projects/${projectId}/exports`, {
      format: "pdf",
      chapter: 2,
    });
    expect(reply.status).toBe(202);
    expect(reply.body.export.pageIds).toEqual(second);
    await api.db.sql`update export_jobs set status = 'completed' where id = ${reply.body.export.id}`;
    expectError(
      await owner.post(`/projects/${projectId}/exports`, { format: "pdf", chapter: 9 }),
      409,
      "CONFLICT",
    );
  });

  it("charges high resolution per panel with a picture, held until the worker settles it", async () => {
    const reply = await owner.post<{ export: Export }>(`/projects/${projectId}/exports`, {
      format: "png",
      highRes: true,
      pageIds: [pageIds[1]!, pageIds[0]!],
    });
    expect(reply.status).toBe(202);
    expect(reply.body.export).toMatchObject({
      cost: 4 * PRICES.highResExportPerPanel,
      dpi: 600,
      highRes: true,
    });
    expect(reply.body.export.pageIds).toEqual(pageIds);
    expect((await owner.get("/credits")).body).toEqual({
      balance: FREE_MONTHLY_ALLOWANCE - 4 * PRICES.highResExportPerPanel,
      reserved: 4 * PRICES.highResExportPerPanel,
    });
  });

  it("refuses what it cannot do, with the error contract", async () => {
    expectError(await viewer.post(`/projects/${projectId}/exports`, { format: "png" }), 403, "FORBIDDEN");
    expectError(await stranger.post(`/projects/${projectId}/exports`, { format: "png" }), 404, "NOT_FOUND");
    expectError(
      await owner.post(`/projects/${projectId}/exports`, { format: "webtoon", highRes: true }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await owner.post(`/projects/${projectId}/exports`, { format: "webtoon", preset: "custom" }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await owner.post(`/projects/${projectId}/exports`, { format: "png", pageIds: [randomUUID()] }),
      404,
      "NOT_FOUND",
    );
    expectError(
      await owner.post(`/projects/${projectId}/exports`, { format: "gif" }),
      400,
      "VALIDATION_FAILED",
    );
    // A third active export is fine, a fourth is not.
    expect(
      (await owner.post(`/projects/${projectId}/exports`, { format: "webtoon", preset: "tapas" })).status,
    ).toBe(202);
    expectError(await owner.post(`/projects/${projectId}/exports`, { format: "png" }), 429, "RATE_LIMITED");
  });

  it("does not hold credits it cannot cover", async () => {
    const poor = api.client();
    const user = await signUp(poor, "poor");
    const project = (await poor.post<{ project: { id: string } }>("/projects", { name: "Poor" })).body.project
      .id;
    const page = (await poor.post<{ page: { id: string } }>(`/projects/${project}/pages`, {})).body.page.id;
    const records = buildPageDocument({
      template: "6-panel",
      trimWidthMm: 170,
      trimHeightMm: 260,
      newPanelId: randomUUID,
    });
    for (const r of records) if (isPanelShape(r)) r.props.imageUrl = "/api/files/x.png";
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const r of records) writeRecord(recordsMap(doc), r);
    });
    await api.db
      .sql`insert into yjs_documents (name, state) values (${pageDocumentName(page)}, ${Buffer.from(Y.encodeStateAsUpdate(doc))})`;
    await api.credits.grant(user.id, -(FREE_MONTHLY_ALLOWANCE - 50));
    expectError(
      await poor.post(`/projects/${project}/exports`, { format: "pdf", highRes: true }),
      402,
      "INSUFFICIENT_BUZZ",
    );
    const [n] = await api.db.sql<
      { n: number }[]
    >`select count(*)::int as n from export_jobs where project_id = ${project}`;
    expect(n!.n).toBe(0);
  });
});
