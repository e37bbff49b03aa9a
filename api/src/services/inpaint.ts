import type { CreditLedger, Sql } from "@comic-studio/infra";
import { publishPageEvent } from "@comic-studio/infra";
import {
  AppError,
  decodePngDataUrl,
  type Generation,
  type InpaintPayload,
  PRICES,
  type SessionUser,
} from "@comic-studio/shared";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import sharp from "sharp";
import type { ObjectStorage } from "../storage/index.ts";
import type { ProjectAccess } from "./access.ts";
import { MAX_ACTIVE_PER_USER, panelForShape, toGeneration } from "./generations.ts";

export interface InpaintServices {
  sql: Sql;
  redis: Redis;
  prefix: string;
  credits: CreditLedger;
  storage: ObjectStorage;
  queue: Queue<InpaintPayload>;
}

/** Retries for transient failures (engine unreachable), like panel generations. */
const INPAINT_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 5_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** Largest mask picture accepted, in pixels per side (the client sends at most 1024). */
const MASK_MAX_SIDE_PX = 4096;

export interface InpaintRequestInput {
  pageId: string;
  shapeId: string;
  prompt: string;
  /** PNG data URL. */
  mask: string;
}

/** Storage key of a picture the api serves at `/api/files/...`, if it is one of this project's. */
export function storageKeyOfUrl(url: string, projectId: string): string | null {
  const prefix = "/api/files/";
  if (!url.startsWith(prefix)) return null;
  const key = url
    .slice(prefix.length)
    .split("/")
    .map((part) => decodeURIComponent(part))
    .join("/");
  return key.startsWith(`projects/${projectId}/`) ? key : null;
}

async function readMask(dataUrl: string): Promise<Buffer> {
  const bytes = decodePngDataUrl(dataUrl);
  if (!bytes) throw new AppError("BAD_REQUEST", "The mask must be a PNG data URL.");
  const png = Buffer.from(bytes);
  try {
    const meta = await sharp(png).metadata();
    if (!meta.width || !meta.height || meta.width > MASK_MAX_SIDE_PX || meta.height > MASK_MAX_SIDE_PX) {
      throw new Error("size");
    }
  } catch {
    throw new AppError("BAD_REQUEST", "The mask is not a readable PNG of a sensible size.");
  }
  return png;
}

/**
 * Reserves the inpainting price, stores the mask, records an `inpaint` generation, queues the
 * job on QUEUES.inpaint and tells the panel it is queued. Nothing is held or written when the
 * request is refused (no picture yet, bad mask, no credits, too many jobs).
 */
export async function requestInpaint(
  svc: InpaintServices,
  access: ProjectAccess,
  user: SessionUser,
  input: InpaintRequestInput,
): Promise<Generation> {
  const { sql } = svc;
  const panel = await panelForShape(sql, input.pageId, input.shapeId);
  const [current] = await sql<
    { image_url: string | null }[]
  >`select image_url from panels where id = ${panel.id}`;
  const imageKey = current?.image_url ? storageKeyOfUrl(current.image_url, access.projectId) : null;
  if (!imageKey) throw new AppError("CONFLICT", "This panel has no generated picture to fix yet.");
  const mask = await readMask(input.mask);
  const [active] = await sql<{ mine: number; panel: number }[]>`
    select count(*) filter (where user_id = ${user.id})::int as mine,
           count(*) filter (where panel_id = ${panel.id})::int as panel
      from generations where status in ('pending', 'queued', 'processing')
       and (user_id = ${user.id} or panel_id = ${panel.id})`;
  if ((active?.panel ?? 0) > 0) {
    throw new AppError("CONFLICT", "This panel already has a job running; wait for it to finish.");
  }
  if ((active?.mine ?? 0) >= MAX_ACTIVE_PER_USER) {
    throw new AppError(
      "RATE_LIMITED",
      `You already have ${MAX_ACTIVE_PER_USER} jobs running. Wait for one to finish.`,
      {
        retryAfterS: 10,
        limit: MAX_ACTIVE_PER_USER,
      },
    );
  }
  // The panel's last generation request, so description-driven engines can re-render it.
  const [last] = await sql<{ params: Record<string, unknown> | null }[]>`
    select params from generations
     where panel_id = ${panel.id} and type = 'panel' and status = 'completed' and params is not null
     order by created_at desc limit 1`;
  const reservation = await svc.credits.reserve(user.id, { action: "inpainting" });
  let payload: InpaintPayload;
  let row: Parameters<typeof toGeneration>[0];
  try {
    const requestedAtMs = Date.now();
    row = await sql.begin(async (tx) => {
      const [inserted] = await tx<Parameters<typeof toGeneration>[0][]>`
        insert into generations (project_id, panel_id, user_id, reservation_id, status, type, prompt, buzz_cost)
        values (${access.projectId}, ${panel.id}, ${user.id}, ${reservation.reservationId}, 'queued', 'inpaint',
                ${input.prompt}, ${PRICES.inpainting})
        returning id, panel_id, project_id, status, buzz_cost, auto_regenerated, error_message, created_at,
                  reservation_id, params, result_urls`;
      const maskKey = `projects/${access.projectId}/generations/${inserted!.id}/mask.png`;
      await svc.storage.put(maskKey, mask, "image/png");
      payload = {
        generationId: inserted!.id,
        projectId: access.projectId,
        pageId: input.pageId,
        panelId: panel.id,
        shapeId: input.shapeId,
        userId: user.id,
        reservationId: reservation.reservationId,
        prompt: input.prompt,
        imageKey,
        maskKey,
        seed: Math.floor(Math.random() * 2 ** 31),
        panelRequest: last?.params ?? null,
        requestedAtMs,
        autoRegeneration: false,
      };
      await tx`update generations set params = ${tx.json(payload as never)} where id = ${inserted!.id}`;
      return inserted!;
    });
  } catch (error) {
    await svc.credits.release(reservation.reservationId);
    throw error;
  }
  try {
    await svc.queue.add("inpaint", payload!, { ...INPAINT_JOB_OPTIONS, jobId: payload!.generationId });
  } catch {
    await sql`update generations set status = 'failed', error_message = 'Could not queue the job' where id = ${row.id}`;
    await svc.credits.release(reservation.reservationId);
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "The job queue is not reachable. Nothing was charged; try again.",
    );
  }
  await publishPageEvent(svc.redis, svc.prefix, {
    type: "generation",
    pageId: input.pageId,
    shapeId: input.shapeId,
    patch: {
      generationId: payload!.generationId,
      requestedAtMs: payload!.requestedAtMs,
      status: "queued",
      queuePosition: Math.max(1, await svc.queue.getWaitingCount()),
      progress: 0,
      variations: [],
      bestIndex: null,
      error: null,
      previewUrl: null,
      autoRegeneration: false,
    },
  });
  return toGeneration(row);
}
