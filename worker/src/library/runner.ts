import { type LibraryJobPayload, libraryJobPayloadSchema } from "@comic-studio/shared";
import { type Job, UnrecoverableError } from "bullmq";
import { EngineError } from "../engines/errors.ts";
import { runAnchorRegenerate, runCharacterSetup } from "./characters.ts";
import type { LibraryDeps, ProgressReporter } from "./deps.ts";
import { runLocationDraft, runLocationLock } from "./locations.ts";
import { runStyleAnalysis, runStylePreview } from "./styles.ts";

function dispatch(
  deps: LibraryDeps,
  payload: LibraryJobPayload,
  report: ProgressReporter,
  signal?: AbortSignal,
): Promise<unknown> {
  switch (payload.kind) {
    case "character-setup":
      return runCharacterSetup(deps, payload, report, signal);
    case "anchor-regenerate":
      return runAnchorRegenerate(deps, payload, report, signal);
    case "style-analysis":
      return runStyleAnalysis(deps, payload, report);
    case "style-preview":
      return runStylePreview(deps, payload, report, signal);
    case "location-draft":
      return runLocationDraft(deps, payload, report, signal);
    case "location-lock":
      return runLocationLock(deps, payload, report, signal);
    default: {
      const never: never = payload;
      throw new UnrecoverableError(`Unknown library job ${String((never as { kind: string }).kind)}`);
    }
  }
}

/** What a subject shows after its job finally failed (the job row carries the message). */
async function markSubjectFailed(deps: LibraryDeps, payload: LibraryJobPayload): Promise<void> {
  switch (payload.kind) {
    case "character-setup":
      await deps.sql`update characters set status = 'failed', updated_at = now()
                      where id = ${payload.characterId} and status = 'training'`;
      return;
    case "anchor-regenerate":
      await deps.sql`update character_anchors set status = case when image_key is null then 'failed' else 'ready' end,
                             updated_at = now()
                      where id = ${payload.anchorId} and status = 'generating'`;
      return;
    case "style-analysis":
    case "style-preview":
    case "location-draft":
    case "location-lock":
      return;
    default: {
      const never: never = payload;
      void never;
    }
  }
}

/**
 * Runs one library job: marks it running, reports progress into its row (the status endpoint
 * reads it) and BullMQ, and settles its credits exactly once: commit when the work is done,
 * release when it finally fails. Retries (a transient engine error) keep the hold.
 */
export async function processLibraryJob(
  deps: LibraryDeps,
  job: Job<LibraryJobPayload>,
  signal?: AbortSignal,
): Promise<unknown> {
  const parsed = libraryJobPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Invalid library job payload: ${parsed.error.message}`);
  const payload = parsed.data;
  const [row] = await deps.sql<{ id: string }[]>`
    update library_jobs set status = 'running', started_at = coalesce(started_at, now()), stage = 'Starting'
     where id = ${payload.jobId} and status in ('queued', 'running')
     returning id`;
  if (!row) throw new UnrecoverableError("The library job is no longer active.");
  const report: ProgressReporter = async (progress, stage) => {
    const value = Math.max(0, Math.min(1, progress));
    await deps.sql`update library_jobs set progress = ${value}, stage = ${stage} where id = ${payload.jobId}`;
    await job.updateProgress({ progress: value, stage });
  };
  try {
    const result = await dispatch(deps, payload, report, signal);
    if (payload.reservationId) await deps.credits.commit(payload.reservationId);
    await deps.sql`
      update library_jobs set status = 'completed', progress = 1, stage = 'Done', completed_at = now()
       where id = ${payload.jobId}`;
    return result;
  } catch (error) {
    const final =
      error instanceof UnrecoverableError ||
      (error instanceof EngineError && !error.retryable) ||
      job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const message = error instanceof Error ? error.message : String(error);
    if (!final) {
      deps.logger.warn({ jobId: payload.jobId, err: error }, "library job failed; will retry");
      throw error;
    }
    await deps.sql`
      update library_jobs set status = 'failed', error_message = ${message}, stage = 'Failed', completed_at = now()
       where id = ${payload.jobId} and status <> 'completed'`;
    if (payload.reservationId) await deps.credits.release(payload.reservationId);
    await markSubjectFailed(deps, payload);
    if (error instanceof UnrecoverableError) throw error;
    throw new UnrecoverableError(message);
  }
}

/**
 * Settles a job that failed without the processor's final word (its worker died and BullMQ gave
 * up on it as stalled): fails the row, releases the hold, resets the subject. Idempotent, so it
 * is safe after the processor already settled the job.
 */
export async function settleLostJob(deps: LibraryDeps, jobId: string, reason: string): Promise<boolean> {
  const [row] = await deps.sql<{ reservation_id: string | null }[]>`
    update library_jobs set status = 'failed', error_message = ${reason}, stage = 'Failed', completed_at = now()
     where id = ${jobId} and status in ('queued', 'running')
     returning reservation_id`;
  if (!row) return false;
  if (row.reservation_id) await deps.credits.release(row.reservation_id);
  const [job] = await deps.sql<
    { kind: LibraryJobPayload["kind"]; subject_id: string; anchor_id: string | null }[]
  >`
    select kind, subject_id, anchor_id from library_jobs where id = ${jobId}`;
  if (job?.kind === "character-setup") {
    await deps.sql`update characters set status = 'failed', updated_at = now()
                    where id = ${job.subject_id} and status = 'training'`;
  } else if (job?.kind === "anchor-regenerate" && job.anchor_id) {
    await deps.sql`update character_anchors set status = case when image_key is null then 'failed' else 'ready' end
                    where id = ${job.anchor_id} and status = 'generating'`;
  }
  return true;
}
