import type { Logger, Sql } from "@comic-studio/infra";
import {
  type GenerationProgress,
  type PageGenerationPatchWire,
  type PanelGenerationPayload,
  PROGRESS_THROTTLE_MS,
  panelGenerationPayloadSchema,
  THRESHOLDS,
} from "@comic-studio/shared";
import { type Job, UnrecoverableError } from "bullmq";
import { DEFAULT_STYLE } from "../engines/description.ts";
import { EngineError } from "../engines/errors.ts";
import type { GenerationEngine, PanelDescription, ProgressEvent } from "../engines/types.ts";
import { withLibraryImages } from "../library/panel-images.ts";

/** Where the worker writes pictures; keys are project-scoped paths, served by the api to members. */
export interface ObjectStore {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The URL a member's browser uses to fetch `key` through the api. */
  urlFor(key: string): string;
}

/** Settles the credit reservation exactly once. */
export interface ReservationSettler {
  commit(reservationId: string): Promise<unknown>;
  release(reservationId: string): Promise<unknown>;
}

/** Calibrated 0..1 scores; null where nothing could be measured (no style references yet). */
export interface VariationScore {
  overall: number | null;
  style: number | null;
  character?: number;
  /** Lighting-harmony score of a panel composed from layers (plan: composition quality). */
  composition?: number;
}

/** Scores the variations; `retry` says the best one missed the plan's auto-regenerate threshold. */
export type Scorer = (
  variations: Buffer[],
  payload: PanelGenerationPayload,
) => Promise<{ scores: VariationScore[]; bestIndex: number; retry: boolean }>;

export interface GenerationDeps {
  sql: Sql;
  logger: Logger;
  engine: GenerationEngine;
  store: ObjectStore;
  credits: ReservationSettler;
  score: Scorer;
  /** Queues the one free regeneration after low scores. */
  enqueueAutoRegeneration(payload: PanelGenerationPayload): Promise<void>;
  /** Resolves when a cancel for this generation arrives (from another process). */
  onCancel(generationId: string, abort: () => void): () => void;
  /** Sends generation state to the panel on the page document (through collab-server). */
  publish(pageId: string, shapeId: string, patch: PageGenerationPatchWire): Promise<unknown>;
  /** Called when a job starts, so the panels still waiting learn their new place in the queue. */
  onJobStarted?(): Promise<void>;
  /** Reads a stored object: the characters' anchors and references, the saved location's variant. */
  loadObject?(key: string): Promise<Buffer | null>;
}

export interface GenerationResultValue {
  generationId: string;
  engine: string;
  variations: Array<{ url: string; score: VariationScore; seed: number }>;
  bestIndex: number;
  autoRegenerating: boolean;
  engineMs: number;
  totalMs: number;
}

export function describePanel(p: PanelGenerationPayload): PanelDescription {
  return {
    prompt: p.poseHint ? `${p.prompt}. Pose: ${p.poseHint}` : p.prompt,
    width: p.width,
    height: p.height,
    seed: p.seed,
    variations: p.variations,
    ...(p.location ? { location: p.location } : {}),
    characters: p.characters.map((c) => ({
      ...c,
      ...(c.pose || !p.poseHint ? {} : { pose: p.poseHint }),
    })),
    style: p.style ?? DEFAULT_STYLE,
  };
}

/** Wall-clock ms with sub-ms precision, comparable between processes on one machine. */
const epochNowMs = () => performance.timeOrigin + performance.now();

/** Runs one panel generation: engine, storage, scores, credits, the durable record. */
export async function processGeneration(
  deps: GenerationDeps,
  job: Job<PanelGenerationPayload>,
  signal?: AbortSignal,
): Promise<GenerationResultValue> {
  const parsed = panelGenerationPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Invalid generation payload: ${parsed.error.message}`);
  const payload = parsed.data;
  const { generationId, projectId } = payload;
  const started = performance.now();
  const base = {
    generationId,
    requestedAtMs: payload.requestedAtMs,
    engine: deps.engine.name,
    autoRegeneration: payload.autoRegeneration,
  };
  const publish = (patch: Omit<PageGenerationPatchWire, keyof typeof base>) =>
    deps.publish(payload.pageId, payload.shapeId, { ...base, reportedAtMs: epochNowMs(), ...patch });

  const [row] = await deps.sql<{ status: string }[]>`
    update generations set status = 'processing', started_at = coalesce(started_at, now()), attempts = attempts + 1
     where id = ${generationId} and status in ('pending', 'queued', 'processing')
     returning status`;
  if (!row) throw new UnrecoverableError("Generation is no longer active (cancelled or already settled).");
  await publish({ status: "running", progress: 0 });
  void deps
    .onJobStarted?.()
    .catch((err: unknown) => deps.logger.warn({ err }, "queue positions not updated"));

  const controller = new AbortController();
  const unsubscribe = deps.onCancel(generationId, () => controller.abort(new Error("cancelled")));
  signal?.addEventListener("abort", () => controller.abort(signal.reason), { once: true });

  let lastReport = 0;
  let pendingPreview: Promise<void> = Promise.resolve();
  const onProgress = (event: ProgressEvent) => {
    const now = performance.now();
    const last = event.step >= event.totalSteps;
    if (!last && now - lastReport < PROGRESS_THROTTLE_MS) return;
    lastReport = now;
    pendingPreview = pendingPreview.then(async () => {
      const progress: GenerationProgress = { generationId, step: event.step, totalSteps: event.totalSteps };
      if (event.preview) {
        const ext = event.previewType === "image/png" ? "png" : "jpg";
        const key = `projects/${projectId}/generations/${generationId}/preview-${event.step}.${ext}`;
        await deps.store.put(key, event.preview, event.previewType ?? "image/jpeg");
        progress.previewUrl = deps.store.urlFor(key);
      }
      // One timestamp for both channels, so their delivery latencies can be compared.
      progress.reportedAtMs = epochNowMs();
      await job.updateProgress(progress as unknown as object);
      await publish({
        status: "running",
        progress: event.step / event.totalSteps,
        reportedAtMs: progress.reportedAtMs,
        ...(progress.previewUrl ? { previewUrl: progress.previewUrl } : {}),
      });
    });
  };

  try {
    const description = deps.loadObject
      ? await withLibraryImages(describePanel(payload), payload, deps.loadObject)
      : describePanel(payload);
    const result = await deps.engine.generate(description, {
      signal: controller.signal,
      onProgress,
    });
    await pendingPreview;
    const pngs = result.variations.map((v) => v.png);
    const scored = await deps.score(pngs, payload);
    const { bestIndex } = scored;
    const scores = withHarmony(scored.scores, result.variations);
    // The plan's "re-composite" for a composition below the threshold is the same one free retry.
    const retry = scored.retry || (scores[bestIndex]?.composition ?? 1) < THRESHOLDS.compositionHarmony;
    const variations = await Promise.all(
      result.variations.map(async (v, i) => {
        const key = `projects/${projectId}/generations/${generationId}/v${i}.png`;
        await deps.store.put(key, v.png, "image/png");
        return { url: deps.store.urlFor(key), score: scores[i]!, seed: v.seed };
      }),
    );
    const autoRegenerating = retry && !payload.autoRegeneration;
    await deps.sql`
      update generations set status = 'completed', completed_at = now(), engine = ${result.engine},
             result_urls = ${deps.sql.json(variations.map((v) => v.url))},
             consistency_scores = ${deps.sql.json(scores as unknown as Record<string, number>[])}
       where id = ${generationId}`;
    await deps.sql`update projects set last_generation_at = now() where id = ${projectId}`;
    if (payload.reservationId) await deps.credits.commit(payload.reservationId);
    await publish({
      status: "done",
      progress: 1,
      variations: variations.map((v) => ({ url: v.url, score: v.score.overall })),
      bestIndex,
    });
    if (autoRegenerating) await deps.enqueueAutoRegeneration(payload);
    return {
      generationId,
      engine: result.engine,
      variations,
      bestIndex,
      autoRegenerating,
      engineMs: result.durationMs,
      totalMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return await failGenerationJob(deps, job, error, {
      cancelled: controller.signal.aborted,
      publish,
      what: "generation",
    });
  } finally {
    unsubscribe();
  }
}

/**
 * A generation-row job (a panel generation or an inpainting) that threw: on its last attempt
 * (cancelled, unrecoverable, a non-retryable engine error, or out of attempts) the row fails or
 * is cancelled, the hold is released and the page hears it, and BullMQ is told not to retry;
 * otherwise the error is logged and rethrown for BullMQ's next attempt. Always throws.
 */
export async function failGenerationJob(
  deps: Pick<GenerationDeps, "sql" | "credits" | "logger">,
  job: Job<Pick<PanelGenerationPayload, "generationId" | "reservationId">>,
  error: unknown,
  context: {
    cancelled: boolean;
    publish: (patch: { status: "cancelled" | "failed"; error: string }) => Promise<unknown>;
    what: string;
  },
): Promise<never> {
  const { generationId, reservationId } = job.data;
  const { cancelled } = context;
  const final =
    cancelled ||
    error instanceof UnrecoverableError ||
    (error instanceof EngineError && !error.retryable) ||
    job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const message = cancelled ? "Cancelled" : error instanceof Error ? error.message : String(error);
  if (final) {
    await deps.sql`
      update generations set status = ${cancelled ? "cancelled" : "failed"}, error_message = ${message},
             completed_at = now()
       where id = ${generationId} and status not in ('completed')`;
    if (reservationId) await deps.credits.release(reservationId);
    await context.publish({ status: cancelled ? "cancelled" : "failed", error: message });
    if (!(error instanceof UnrecoverableError)) throw new UnrecoverableError(message);
  } else {
    deps.logger.warn(
      { generationId, err: error, attempt: job.attemptsMade + 1 },
      `${context.what} failed; will retry`,
    );
  }
  throw error;
}

/** Adds each composed variation's lighting-harmony score to its scores. */
function withHarmony(
  scores: VariationScore[],
  variations: ReadonlyArray<{ harmony?: number }>,
): VariationScore[] {
  return scores.map((score, i) => {
    const harmony = variations[i]?.harmony;
    return harmony === undefined ? score : { ...score, composition: harmony };
  });
}
