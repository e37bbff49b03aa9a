import type { CreditLedger, Sql } from "@comic-studio/infra";
import {
  AppError,
  type LibraryJob,
  type LibraryJobKind,
  type LibraryJobPayload,
  PRICES,
  type PricedAction,
  QUEUES,
} from "@comic-studio/shared";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";

/** Library jobs are short and idempotent per stage; a retry after a crash redoes what is missing. */
export const LIBRARY_JOB_OPTIONS = {
  attempts: 2,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 2_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** Library jobs one project may have queued or running at once (they are long). */
export const MAX_ACTIVE_LIBRARY_JOBS_PER_PROJECT = 6;

export interface LibraryServices {
  sql: Sql;
  redis: Redis;
  credits: CreditLedger;
  queue: Queue<LibraryJobPayload>;
}

export interface LibraryJobRow {
  id: string;
  project_id: string;
  kind: LibraryJobKind;
  subject_id: string;
  anchor_id: string | null;
  status: LibraryJob["status"];
  progress: number;
  stage: string | null;
  error_message: string | null;
  reservation_id: string | null;
  buzz_cost: number;
  created_at: Date;
  completed_at: Date | null;
}

export function toLibraryJob(row: LibraryJobRow): LibraryJob {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: row.progress,
    stage: row.stage,
    error: row.error_message,
    cost: row.buzz_cost,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

export async function findLibraryJob(sql: Sql, id: string): Promise<LibraryJobRow> {
  const [row] = await sql<LibraryJobRow[]>`select * from library_jobs where id = ${id}`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such job.");
  return row;
}

/** The latest job about a subject (character, style or location), if any. */
export async function latestJob(sql: Sql, subjectId: string): Promise<LibraryJob | null> {
  const [row] = await sql<LibraryJobRow[]>`
    select * from library_jobs where subject_id = ${subjectId} order by created_at desc limit 1`;
  return row ? toLibraryJob(row) : null;
}

/** The active (queued or running) job about a subject, if any. */
export async function activeJob(sql: Sql, subjectId: string): Promise<LibraryJobRow | null> {
  const [row] = await sql<LibraryJobRow[]>`
    select * from library_jobs where subject_id = ${subjectId} and status in ('queued', 'running')
     order by created_at desc limit 1`;
  return row ?? null;
}

type PayloadFor<K extends LibraryJobKind> = Omit<
  Extract<LibraryJobPayload, { kind: K }>,
  "jobId" | "reservationId" | "kind"
>;

/**
 * Holds the price (if any), records the job, queues it. Insufficient credits are refused before
 * anything is written; a failure to queue releases the hold and marks the job failed. `prepare`
 * runs in the job's transaction (e.g. to mark the subject as being worked on).
 */
export async function startLibraryJob<K extends LibraryJobKind>(
  svc: LibraryServices,
  kind: K,
  action: PricedAction | null,
  data: PayloadFor<K> & { subjectId: string; anchorId?: string },
  prepare?: (tx: Sql, jobId: string) => Promise<void>,
): Promise<LibraryJob> {
  const { sql } = svc;
  if (await activeJob(sql, data.subjectId)) {
    throw new AppError("CONFLICT", "A job for this is already running. Wait for it to finish.");
  }
  const [counts] = await sql<{ n: number }[]>`
    select count(*)::int as n from library_jobs
     where project_id = ${data.projectId} and status in ('queued', 'running')`;
  if ((counts?.n ?? 0) >= MAX_ACTIVE_LIBRARY_JOBS_PER_PROJECT) {
    throw new AppError(
      "RATE_LIMITED",
      `This project already has ${MAX_ACTIVE_LIBRARY_JOBS_PER_PROJECT} library jobs running.`,
      { retryAfterS: 10, limit: MAX_ACTIVE_LIBRARY_JOBS_PER_PROJECT },
    );
  }
  const price = action ? PRICES[action] : 0;
  const reservation =
    action && price > 0 ? await svc.credits.reserve(data.userId, { action, ttlMs: 60 * 60_000 }) : null;
  let row: LibraryJobRow;
  try {
    row = await sql.begin(async (tx) => {
      const [inserted] = await tx<LibraryJobRow[]>`
        insert into library_jobs (project_id, user_id, kind, subject_id, anchor_id, reservation_id, buzz_cost, stage)
        values (${data.projectId}, ${data.userId}, ${kind}, ${data.subjectId}, ${data.anchorId ?? null},
                ${reservation?.reservationId ?? null}, ${price}, 'Queued')
        returning *`;
      await prepare?.(tx as unknown as Sql, inserted!.id);
      return inserted!;
    });
  } catch (error) {
    if (reservation) await svc.credits.release(reservation.reservationId);
    if ((error as { constraint_name?: string }).constraint_name === "idx_library_jobs_one_active") {
      throw new AppError("CONFLICT", "A job for this is already running. Wait for it to finish.");
    }
    throw error;
  }
  const { subjectId: _s, anchorId: _a, ...rest } = data;
  const payload = {
    ...rest,
    ...(data.anchorId ? { anchorId: data.anchorId } : {}),
    kind,
    jobId: row.id,
    reservationId: reservation?.reservationId ?? null,
  } as unknown as LibraryJobPayload;
  try {
    await svc.queue.add(kind, payload, { ...LIBRARY_JOB_OPTIONS, jobId: row.id });
  } catch {
    await sql`update library_jobs set status = 'failed', error_message = 'Could not queue the job', completed_at = now()
               where id = ${row.id}`;
    if (reservation) await svc.credits.release(reservation.reservationId);
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "The job queue is not reachable. Nothing was charged; try again.",
    );
  }
  return toLibraryJob(row);
}

export { QUEUES };
