import type { Logger, Sql } from "@comic-studio/infra";
import {
  type InpaintPayload,
  inpaintPayloadSchema,
  type PageGenerationPatchWire,
  PROGRESS_THROTTLE_MS,
  panelGenerationPayloadSchema,
} from "@comic-studio/shared";
import { type Job, UnrecoverableError } from "bullmq";
import { EngineInputError } from "../engines/errors.ts";
import type { GenerationEngine, PanelDescription, ProgressEvent } from "../engines/types.ts";
import {
  describePanel,
  failGenerationJob,
  type ObjectStore,
  type ReservationSettler,
} from "../jobs/generation.ts";
import { withLibraryImages } from "../library/panel-images.ts";

export interface InpaintDeps {
  sql: Sql;
  logger: Logger;
  engine: GenerationEngine;
  store: ObjectStore;
  /** Reads a stored object (the panel picture, the mask, library images); null when missing. */
  loadObject(key: string): Promise<Buffer | null>;
  credits: ReservationSettler;
  /** Calls `abort` when a cancel for this generation arrives; returns the unsubscribe. */
  onCancel(generationId: string, abort: () => void): () => void;
  /** Sends generation state to the panel on the page document (through collab-server). */
  publish(pageId: string, shapeId: string, patch: PageGenerationPatchWire): Promise<unknown>;
  /** Sets the panel's picture on the page document. */
  publishPanelImage(pageId: string, shapeId: string, imageUrl: string): Promise<unknown>;
}

export interface InpaintJobResult {
  generationId: string;
  engine: string;
  url: string;
  versionNumber: number;
  engineMs: number;
}

const epochNowMs = () => performance.timeOrigin + performance.now();

/**
 * Runs one inpainting job: the engine regenerates the masked region of the panel's picture with
 * live progress on the panel, the result is stored, recorded as the panel's next version and set
 * as its picture, and the credit hold is committed (or, on a final failure, released) once.
 */
export async function processInpaint(
  deps: InpaintDeps,
  job: Job<InpaintPayload>,
  signal?: AbortSignal,
): Promise<InpaintJobResult> {
  const parsed = inpaintPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Invalid inpainting payload: ${parsed.error.message}`);
  const payload = parsed.data;
  const { generationId, projectId } = payload;
  const base = {
    generationId,
    requestedAtMs: payload.requestedAtMs,
    engine: deps.engine.name,
    autoRegeneration: false,
  };
  const publish = (patch: Omit<PageGenerationPatchWire, keyof typeof base>) =>
    deps.publish(payload.pageId, payload.shapeId, { ...base, reportedAtMs: epochNowMs(), ...patch });

  const [row] = await deps.sql<{ status: string }[]>`
    update generations set status = 'processing', started_at = coalesce(started_at, now()), attempts = attempts + 1
     where id = ${generationId} and status in ('pending', 'queued', 'processing')
     returning status`;
  if (!row) throw new UnrecoverableError("Inpainting is no longer active (cancelled or already settled).");
  await publish({ status: "running", progress: 0 });

  const controller = new AbortController();
  const unsubscribe = deps.onCancel(generationId, () => controller.abort(new Error("cancelled")));
  signal?.addEventListener("abort", () => controller.abort(signal.reason), { once: true });

  let lastReport = 0;
  let pending: Promise<void> = Promise.resolve();
  const onProgress = (event: ProgressEvent) => {
    const now = performance.now();
    const last = event.step >= event.totalSteps;
    if (!last && now - lastReport < PROGRESS_THROTTLE_MS) return;
    lastReport = now;
    pending = pending.then(async () => {
      let previewUrl: string | undefined;
      if (event.preview) {
        const ext = event.previewType === "image/png" ? "png" : "jpg";
        const key = `projects/${projectId}/generations/${generationId}/preview-${event.step}.${ext}`;
        await deps.store.put(key, event.preview, event.previewType ?? "image/jpeg");
        previewUrl = deps.store.urlFor(key);
      }
      await job.updateProgress({ generationId, step: event.step, totalSteps: event.totalSteps });
      // The last step is reported as "done" below, with the result.
      await publish({
        status: "running",
        progress: Math.min(0.99, event.step / event.totalSteps),
        ...(previewUrl ? { previewUrl } : {}),
      });
    });
  };

  try {
    if (!deps.engine.inpaint) {
      throw new EngineInputError(`The ${deps.engine.name} engine cannot inpaint`);
    }
    const [image, mask] = await Promise.all([
      deps.loadObject(payload.imageKey),
      deps.loadObject(payload.maskKey),
    ]);
    if (!image) throw new EngineInputError("The panel's picture is no longer stored");
    if (!mask) throw new EngineInputError("The inpainting mask is no longer stored");
    const description = await panelDescription(deps, payload);
    const result = await deps.engine.inpaint(
      {
        image,
        mask,
        prompt: payload.prompt,
        seed: payload.seed,
        ...(description ? { description } : {}),
      },
      { signal: controller.signal, onProgress },
    );
    await pending;
    const key = `projects/${projectId}/generations/${generationId}/inpaint.png`;
    await deps.store.put(key, result.png, "image/png");
    const url = deps.store.urlFor(key);
    const versionNumber = await recordVersion(deps.sql, payload, url, result.engine);
    if (payload.reservationId) await deps.credits.commit(payload.reservationId);
    await publish({ status: "done", progress: 1, variations: [{ url, score: null }], bestIndex: 0 });
    await deps.publishPanelImage(payload.pageId, payload.shapeId, url);
    return { generationId, engine: result.engine, url, versionNumber, engineMs: result.durationMs };
  } catch (error) {
    return await failGenerationJob(deps, job, error, {
      cancelled: controller.signal.aborted,
      publish,
      what: "inpainting",
    });
  } finally {
    unsubscribe();
  }
}

/** The panel's own description from its last generation request, library images loaded. */
async function panelDescription(
  deps: InpaintDeps,
  payload: InpaintPayload,
): Promise<PanelDescription | null> {
  if (!payload.panelRequest) return null;
  const request = panelGenerationPayloadSchema.safeParse(payload.panelRequest);
  if (!request.success) return null;
  return withLibraryImages(describePanel(request.data), request.data, (key) => deps.loadObject(key));
}

/**
 * Completes the generation and records the result as the panel's next version, its picture,
 * in one transaction. A retried job whose version exists already reuses it (idempotent).
 */
async function recordVersion(
  sql: Sql,
  payload: InpaintPayload,
  url: string,
  engine: string,
): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`select id from panels where id = ${payload.panelId} for update`;
    const [existing] = await tx<{ version_number: number }[]>`
      select version_number from panel_versions where generation_id = ${payload.generationId}`;
    let versionNumber = existing?.version_number;
    if (versionNumber === undefined) {
      const [inserted] = await tx<{ version_number: number }[]>`
        insert into panel_versions (panel_id, version_number, image_url, generation_id, chosen_by)
        values (${payload.panelId},
                (select coalesce(max(version_number), 0) + 1 from panel_versions where panel_id = ${payload.panelId}),
                ${url}, ${payload.generationId}, ${payload.userId})
        returning version_number`;
      versionNumber = inserted!.version_number;
    }
    await tx`update panels set image_url = ${url}, updated_at = now() where id = ${payload.panelId}`;
    await tx`
      update generations set status = 'completed', completed_at = now(), engine = ${engine},
             result_urls = ${tx.json([url])}
       where id = ${payload.generationId}`;
    return versionNumber;
  });
}
