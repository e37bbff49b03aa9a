import {
  type ExportPayload,
  type PageEvent,
  type PanelGenerationPayload,
  pageEventsStream,
  QUEUES,
} from "@comic-studio/shared";
import { type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";

/** Retries for transient failures (engine unreachable, a node failed), with exponential backoff. */
export const GENERATION_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 5_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export type GenerationQueue = Queue<PanelGenerationPayload>;

export function createGenerationQueue(connection: Redis, prefix: string): GenerationQueue {
  return new Queue<PanelGenerationPayload>(QUEUES.generation, { connection, prefix });
}

/** Enqueues a panel generation; the job id is the generation id, so a repeat enqueue is a no-op. */
export async function enqueueGeneration(
  queue: GenerationQueue,
  payload: PanelGenerationPayload,
): Promise<void> {
  await queue.add("panel", payload, { ...GENERATION_JOB_OPTIONS, jobId: payload.generationId });
}

export type ExportQueue = Queue<ExportPayload>;

export function createExportQueue(connection: Redis, prefix: string): ExportQueue {
  return new Queue<ExportPayload>(QUEUES.export, { connection, prefix });
}

/** Enqueues an export; one attempt (its failures are about the request), job id = export id. */
export async function enqueueExport(queue: ExportQueue, payload: ExportPayload): Promise<void> {
  await queue.add("export", payload, {
    jobId: payload.exportId,
    attempts: 1,
    removeOnComplete: { age: 24 * 3600, count: 1_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}

/** Redis pub/sub channel on which a cancel request for a running generation is announced. */
export function cancelChannel(prefix: string): string {
  return `${prefix}:generation:cancel`;
}

/** Roughly how many page events the stream keeps (consumed ones are only history). */
export const PAGE_EVENTS_MAX_LEN = 100_000;

/** Appends a backend write for a page document; collab-server applies it. */
export async function publishPageEvent(redis: Redis, prefix: string, event: PageEvent): Promise<string> {
  const id = await redis.xadd(
    pageEventsStream(prefix),
    "MAXLEN",
    "~",
    String(PAGE_EVENTS_MAX_LEN),
    "*",
    "event",
    JSON.stringify(event),
  );
  return id ?? "";
}

/** Redis key where workers announce their engine (EngineInfo JSON), so the UI can name it. */
export function engineKey(prefix: string): string {
  return `${prefix}:engine`;
}

/**
 * Tells the panel its job is queued, at `position` in the queue: the fresh state every
 * generation starts from (no progress, no variations, no error).
 */
export async function publishQueued(
  redis: Redis,
  prefix: string,
  payload: PanelGenerationPayload,
  position: number,
  engine?: string,
): Promise<void> {
  await publishPageEvent(redis, prefix, {
    type: "generation",
    pageId: payload.pageId,
    shapeId: payload.shapeId,
    patch: {
      generationId: payload.generationId,
      requestedAtMs: payload.requestedAtMs,
      status: "queued",
      queuePosition: Math.max(1, position),
      progress: 0,
      variations: [],
      bestIndex: null,
      error: null,
      previewUrl: null,
      autoRegeneration: payload.autoRegeneration,
      ...(engine ? { engine } : {}),
    },
  });
}
