import { enqueueGeneration, publishQueued } from "@comic-studio/infra";
import { type GenerationProgress, type PanelGenerationPayload, PRICES } from "@comic-studio/shared";
import type { GenerationResultValue } from "../../worker/src/jobs/generation.ts";
import type { BenchPanel, BenchStack } from "./setup.ts";
import { nowMs } from "./stats.ts";
import { statusKey, waitUntil } from "./watcher.ts";

export type Phase = "warmup" | "sequential" | "throughput" | "paced";

export interface TrackedJob {
  phase: Phase;
  panel: BenchPanel;
  payload: PanelGenerationPayload;
  /** Wall-clock ms just before the job was handed to BullMQ. */
  enqueuedAtMs: number | null;
  result?: GenerationResultValue;
  failedReason?: string;
  /** BullMQ's timestamps (ms, the worker's Date.now()): moved to active, finished. */
  processedOn?: number;
  finishedOn?: number;
}

/** One progress report as BullMQ's QueueEvents delivered it to the bench process. */
export interface BullProgressSample {
  generationId: string;
  progress: number;
  reportedAtMs: number;
  /** When the listener ran. */
  receivedAtMs: number;
  /** Redis time of the entry in BullMQ's events stream (from its id; whole ms). */
  streamMs: number;
}

const SCENES: NonNullable<PanelGenerationPayload["location"]>[] = [
  { name: "lighthouse gallery", lighting: "dusk", camera: "low", shot: "wide" },
  { name: "harbour street", lighting: "day", camera: "eye", shot: "medium" },
  { name: "keeper's kitchen", lighting: "interior", camera: "high", shot: "medium" },
  { name: "storm beach", lighting: "night", camera: "eye", shot: "close" },
  { name: "cliff path", lighting: "day", camera: "low", shot: "wide" },
  { name: "lamp room", lighting: "night", camera: "high", shot: "close" },
];

/** A panel with two characters, a location and style, as a creator would request it. */
function payloadFor(
  stack: BenchStack,
  panel: BenchPanel,
  panelId: string,
  generationId: string,
  reservationId: string,
  index: number,
  size: { width: number; height: number },
): PanelGenerationPayload {
  return {
    generationId,
    projectId: stack.projectId,
    pageId: panel.pageId,
    panelId,
    shapeId: panel.shapeId,
    userId: stack.userId,
    reservationId,
    prompt: `Panel ${index}: the keeper meets a stranger washed ashore`,
    width: size.width,
    height: size.height,
    variations: 4,
    seed: 1_000 + index,
    location: SCENES[index % SCENES.length]!,
    characters: [
      {
        id: "00000000-0000-4000-8000-00000000000a",
        name: "Keeper",
        palette: ["#2f3e6e", "#d9b36b", "#2a1a14", "#f1c7a5"],
        x: 0.3,
        y: 0.9,
        scale: 0.7,
        pose: "pointing",
        expression: "surprised",
      },
      {
        id: "00000000-0000-4000-8000-00000000000b",
        name: "Stranger",
        palette: ["#d04a5a", "#555555", "#f2c84b", "#c98f6a"],
        x: 0.7,
        y: 0.88,
        scale: 0.62,
        pose: "waving",
      },
    ],
    style: {
      lineWeight: (index % 5) / 4,
      warmth: ((index % 3) - 1) * 0.6,
      detail: ((index + 2) % 5) / 4,
      shadingLevels: 2 + (index % 5),
    },
    autoRegeneration: false,
    requestedAtMs: Date.now(),
  };
}

/**
 * Creates, enqueues and follows generation jobs the way the api does for
 * POST /api/pages/:pageId/panels/:shapeId/generate (credit reservation, generations row,
 * BullMQ job, "queued" page event), without the HTTP hop and its per-user limit.
 */
export class JobTracker {
  readonly jobs = new Map<string, TrackedJob>();
  readonly bullProgress: BullProgressSample[] = [];
  private count = 0;

  constructor(
    private readonly stack: BenchStack,
    private readonly size: { width: number; height: number },
  ) {
    const { events } = stack;
    events.on("progress", ({ jobId, data }, id) => {
      const receivedAtMs = nowMs();
      const p = data as unknown as GenerationProgress;
      if (!this.jobs.has(jobId) || typeof p.reportedAtMs !== "number") return;
      this.bullProgress.push({
        generationId: jobId,
        progress: p.step / p.totalSteps,
        reportedAtMs: p.reportedAtMs,
        receivedAtMs,
        streamMs: Number(id.split("-")[0]),
      });
    });
    events.on("completed", ({ jobId, returnvalue }) => {
      const job = this.jobs.get(jobId);
      if (job) job.result = returnvalue as unknown as GenerationResultValue;
    });
    events.on("failed", ({ jobId, failedReason }) => {
      const job = this.jobs.get(jobId);
      if (job) job.failedReason = failedReason;
    });
  }

  /** Reserves credits and records the generation; nothing is queued yet. */
  async prepare(phase: Phase, panel: BenchPanel): Promise<TrackedJob> {
    const { db, ledger, userId, projectId } = this.stack;
    const index = this.count++;
    const reservation = await ledger.reserve(userId, { action: "panelGeneration" });
    // The row collab-server keeps in step with the panel shape (setup waited for it).
    const [row] = await db.sql<{ id: string }[]>`
      select id from panels where page_id = ${panel.pageId} and shape_id = ${panel.shapeId}`;
    if (!row) throw new Error(`no panels row for shape ${panel.shapeId} on page ${panel.pageId}`);
    const [generation] = await db.sql<{ id: string }[]>`
      insert into generations (project_id, panel_id, user_id, reservation_id, status, type, prompt, buzz_cost)
      values (${projectId}, ${row.id}, ${userId}, ${reservation.reservationId}, 'queued', 'panel', 'bench',
              ${PRICES.panelGeneration})
      returning id`;
    const payload = payloadFor(
      this.stack,
      panel,
      row.id,
      generation!.id,
      reservation.reservationId,
      index,
      this.size,
    );
    await db.sql`update generations set params = ${db.sql.json(payload as never)}, prompt = ${payload.prompt}
                  where id = ${payload.generationId}`;
    const job: TrackedJob = { phase, panel, payload, enqueuedAtMs: null };
    this.jobs.set(payload.generationId, job);
    return job;
  }

  /** Hands the job to BullMQ and tells the page it is queued, as the api does. */
  async enqueue(job: TrackedJob): Promise<void> {
    const { queue, redis, prefix } = this.stack;
    const { payload } = job;
    job.enqueuedAtMs = nowMs();
    await enqueueGeneration(queue, payload);
    await publishQueued(redis, prefix, payload, await queue.getWaitingCount());
  }

  /** When the subscribed client's document first showed the job as done. */
  doneSeenAt(job: TrackedJob): number | undefined {
    return job.panel.watcher.firstSeen.get(statusKey(job.payload.generationId, "done"));
  }

  /**
   * Waits until every job is done in its client's document and BullMQ reported its result;
   * throws at once with the worker's reason when one fails, and names the stragglers on timeout.
   */
  async waitDone(jobs: TrackedJob[], timeoutMs: number, what: string): Promise<void> {
    try {
      await waitUntil(
        () => {
          const failed = jobs.find((j) => j.failedReason !== undefined);
          if (failed) throw new Error(`job ${failed.payload.generationId} failed: ${failed.failedReason}`);
          return jobs.every((j) => this.doneSeenAt(j) !== undefined && j.result !== undefined);
        },
        timeoutMs,
        what,
      );
    } catch (error) {
      const stuck = jobs.filter((j) => this.doneSeenAt(j) === undefined || j.result === undefined);
      const states = await Promise.all(
        stuck.slice(0, 5).map(async (j) => {
          const state = await (await this.stack.queue.getJob(j.payload.generationId))?.getState();
          const doc = j.panel.watcher.generationOf(j.panel.shapeId);
          return `${j.payload.generationId}: bullmq=${state ?? "missing"} result=${j.result ? "yes" : "no"} doc=${doc?.generationId === j.payload.generationId ? `${doc.status}@${doc.progress}` : "other/none"}`;
        }),
      );
      (error as Error).message += stuck.length
        ? `\n${stuck.length} of ${jobs.length} jobs not finished, e.g.\n  ${states.join("\n  ")}`
        : "";
      throw error;
    }
    for (const job of jobs) {
      const j = await this.stack.queue.getJob(job.payload.generationId);
      if (j?.processedOn !== undefined) job.processedOn = j.processedOn;
      if (j?.finishedOn !== undefined) job.finishedOn = j.finishedOn;
    }
  }
}
