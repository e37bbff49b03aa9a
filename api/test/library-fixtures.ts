import { createLogger, LocalDiskStorage } from "@comic-studio/infra";
import { CURATED_STYLES, type LibraryJob, type Upload } from "@comic-studio/shared";
import sharp from "sharp";
import { expect } from "vitest";
import { StyleDescriptor } from "../../worker/src/analysis/descriptor.ts";
import { SketchEngine } from "../../worker/src/engines/sketch/engine.ts";
import type { CharacterSpec } from "../../worker/src/engines/types.ts";
import { createLibraryWorker } from "../../worker/src/library/index.ts";
import { buildStyleMatcher, type StyleMatcher } from "../../worker/src/styles/index.ts";
import type { TestApi, TestClient } from "./helpers.ts";

/**
 * A real library worker in this process, on the api's Redis prefix, database and storage. The
 * style matcher is fitted on four catalogue styles (their samples are rendered into storage), so
 * the suite does not render all fifty.
 */
export async function startLibraryWorker(api: TestApi) {
  const storage = new LocalDiskStorage(api.storageDir);
  const descriptor = await StyleDescriptor.create();
  let matcher: Promise<StyleMatcher> | null = null;
  const worker = createLibraryWorker(
    {
      sql: api.db.sql,
      logger: createLogger("library-test", process.env.TEST_LOG_LEVEL ?? "silent"),
      engine: new SketchEngine(),
      storage,
      credits: api.credits,
      descriptor,
      matcher: () => {
        matcher ??= buildStyleMatcher(descriptor, { storage, styles: CURATED_STYLES.slice(0, 4) });
        return matcher;
      },
    },
    { redis: api.redis, prefix: api.config.REDIS_PREFIX, lockDurationMs: 60_000 },
  );
  await worker.waitUntilReady();
  // Fitted up front, so the jobs' timings do not include rendering the catalogue samples.
  matcher ??= buildStyleMatcher(descriptor, { storage, styles: CURATED_STYLES.slice(0, 4) });
  await matcher;
  return { worker, storage, descriptor };
}

/** Polls a library job until it settles; returns it with every progress value seen on the way. */
export async function waitForJob(
  client: TestClient,
  jobId: string,
  timeoutMs = 240_000,
): Promise<{ job: LibraryJob; seen: Array<{ progress: number; stage: string | null }> }> {
  const seen: Array<{ progress: number; stage: string | null }> = [];
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const reply = await client.get<{ job: LibraryJob }>(`/library-jobs/${jobId}`);
    expect(reply.status).toBe(200);
    const { job } = reply.body;
    seen.push({ progress: job.progress, stage: job.stage });
    if (job.status === "completed" || job.status === "failed") return { job, seen };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`library job ${jobId} did not settle in ${timeoutMs} ms`);
}

export const HERO_PALETTE = ["#3b6ea5", "#2b2d42", "#7a3b1e", "#f1c7a5", "#e0a030"];

/** A character drawn by the sketch engine, as a reference picture (plain backdrop). */
export async function characterPicture(
  palette: string[],
  options: Partial<Pick<CharacterSpec, "pose" | "expression" | "angle" | "x">> & {
    seed?: number;
    size?: number;
  } = {},
): Promise<Buffer> {
  const size = options.size ?? 512;
  const engine = new SketchEngine();
  const backdrop = await sharp({
    create: { width: size, height: size, channels: 3, background: "#d9d4c8" },
  })
    .png()
    .toBuffer();
  const result = await engine.generate({
    prompt: "reference",
    width: size,
    height: size,
    seed: options.seed ?? 1,
    variations: 1,
    location: { name: "backdrop", lighting: "day", camera: "eye", shot: "medium", background: backdrop },
    characters: [
      {
        id: "00000000-0000-4000-8000-00000000c0de",
        name: "Hero",
        palette,
        x: options.x ?? 0.5,
        y: 0.95,
        scale: 0.85,
        ...(options.pose ? { pose: options.pose } : {}),
        ...(options.expression ? { expression: options.expression } : {}),
        ...(options.angle ? { angle: options.angle } : {}),
      },
    ],
    style: { lineWeight: 0.4, warmth: 0, detail: 0.5, shadingLevels: 5 },
  });
  return result.variations[0]!.png;
}

export async function uploadImage(
  client: TestClient,
  projectId: string,
  png: Buffer,
  name = "ref.png",
): Promise<Upload> {
  const body = new FormData();
  body.append("file", new Blob([new Uint8Array(png)], { type: "image/png" }), name);
  const reply = await client.request<{ upload: Upload }>("POST", `/projects/${projectId}/uploads`, body);
  if (reply.status !== 201 && reply.status !== 200) throw new Error(`upload failed: ${reply.status}`);
  return reply.body.upload;
}
