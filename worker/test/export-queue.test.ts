import {
  createExportQueue,
  createLogger,
  createRedis,
  enqueueExport,
  TEST_REDIS_URL,
  testPrefix,
} from "@comic-studio/infra";
import { exportRenderOptions } from "@comic-studio/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createExportWorker } from "../src/export/worker.ts";
import {
  addExport,
  addPage,
  createExportWorld,
  type ExportWorld,
  fileUrl,
  twoToneImage,
} from "./export-fixtures.ts";

let world: ExportWorld;
const redis = createRedis(TEST_REDIS_URL);
const prefix = testPrefix("export");

beforeAll(async () => {
  world = await createExportWorld("exportq");
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await world?.close();
});

it("runs an export queued through BullMQ and reports progress on the row and the job", async () => {
  const pages = [];
  for (let i = 1; i <= 3; i++) {
    pages.push(
      await addPage(world, i, "4-panel", [{ image: await twoToneImage(400, 300, "#ff8800", "#0088ff") }]),
    );
  }
  const worker = createExportWorker({
    sql: world.db.sql,
    redis,
    prefix,
    storage: world.storage,
    logger: createLogger("worker-test", "silent"),
    urlFor: fileUrl,
  });
  const queue = createExportQueue(redis.duplicate(), prefix);
  try {
    const progress: number[] = [];
    worker.on("progress", (_job, p) => progress.push(p as number));
    const payload = await addExport(
      world,
      "png",
      pages,
      exportRenderOptions({ format: "png", highRes: false }),
    );
    const done = new Promise((resolve, reject) => {
      worker.on("completed", resolve);
      worker.on("failed", (_job, err) => reject(err));
    });
    await enqueueExport(queue, payload);
    await done;
    const [row] = await world.db.sql<{ status: string; progress: number; result_url: string }[]>`
      select status, progress, result_url from export_jobs where id = ${payload.exportId}`;
    expect(row).toMatchObject({ status: "completed", progress: 1 });
    expect(row!.result_url).toMatch(new RegExp(`/exports/${payload.exportId}/pages\\.zip$`));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  } finally {
    await worker.close();
    await queue.close();
  }
});
