import {
  type CreditLedger,
  cancelChannel,
  enqueueGeneration,
  type GenerationQueue,
  publishPageEvent,
  publishQueued,
  type Sql,
} from "@comic-studio/infra";
import {
  AppError,
  type Generation,
  type PanelGenerationPayload,
  type PanelVersion,
  PRICES,
  type SessionUser,
} from "@comic-studio/shared";
import type { Redis } from "ioredis";
import type { ProjectAccess } from "./access.ts";
import {
  type PanelCharacterRequest,
  type PanelLocationRequest,
  resolvePanelLibrary,
  writePanelCharacters,
} from "./library/panels.ts";

/** Panels one person may have queued or running at once, and one project. */
export const MAX_ACTIVE_PER_USER = 8;
export const MAX_ACTIVE_PER_PROJECT = 24;
/** Variations per panel job (the plan's price is for 4). */
export const VARIATIONS = 4;

export interface GenerationServices {
  sql: Sql;
  redis: Redis;
  prefix: string;
  credits: CreditLedger;
  queue: GenerationQueue;
}

interface GenerationRow {
  id: string;
  panel_id: string | null;
  project_id: string;
  status: Generation["status"];
  buzz_cost: number | null;
  auto_regenerated: boolean;
  error_message: string | null;
  created_at: Date;
  reservation_id: string | null;
  params: PanelGenerationPayload | null;
  result_urls: string[] | null;
}

export function toGeneration(row: GenerationRow): Generation {
  return {
    id: row.id,
    panelId: row.panel_id,
    status: row.status,
    cost: row.buzz_cost ?? 0,
    autoRegenerated: row.auto_regenerated,
    error: row.error_message,
    createdAt: row.created_at.toISOString(),
  };
}

export async function findGeneration(sql: Sql, id: string): Promise<GenerationRow> {
  const [row] = await sql<GenerationRow[]>`
    select id, panel_id, project_id, status, buzz_cost, auto_regenerated, error_message, created_at,
           reservation_id, params, result_urls
      from generations where id = ${id}`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such generation.");
  return row;
}

/**
 * The panels row of a panel shape. collab-server keeps rows in step with shapes; a shape drawn a
 * moment ago may not have its row yet, so it is created here then. A deleted panel is refused.
 */
export async function panelForShape(sql: Sql, pageId: string, shapeId: string): Promise<{ id: string }> {
  const find = (q: Sql) => q<{ id: string; deleted_at: Date | null }[]>`
    select id, deleted_at from panels where page_id = ${pageId} and shape_id = ${shapeId}`;
  let [row] = await find(sql);
  if (!row) {
    // The page row lock is the one collab-server's panel-row sync takes: taking it first keeps
    // the two writers from deadlocking on the same new panel.
    [row] = await sql.begin(async (tx) => {
      await tx`select id from pages where id = ${pageId} for update`;
      await tx`
        insert into panels (page_id, shape_id, position)
        values (${pageId}, ${shapeId}, coalesce((select max(position) + 1 from panels where page_id = ${pageId}), 0))
        on conflict (page_id, shape_id) do nothing`;
      return find(tx as unknown as Sql);
    });
  }
  if (!row || row.deleted_at) throw new AppError("NOT_FOUND", "That panel is no longer on the page.");
  return { id: row.id };
}

async function checkLimits(sql: Sql, userId: string, projectId: string): Promise<void> {
  const [counts] = await sql<{ mine: number; project: number }[]>`
    select count(*) filter (where user_id = ${userId})::int as mine,
           count(*) filter (where project_id = ${projectId})::int as project
      from generations where status in ('pending', 'queued', 'processing')
       and (user_id = ${userId} or project_id = ${projectId})`;
  if ((counts?.mine ?? 0) >= MAX_ACTIVE_PER_USER) {
    throw new AppError(
      "RATE_LIMITED",
      `You already have ${MAX_ACTIVE_PER_USER} panels generating. Wait for one to finish.`,
      {
        retryAfterS: 10,
        limit: MAX_ACTIVE_PER_USER,
      },
    );
  }
  if ((counts?.project ?? 0) >= MAX_ACTIVE_PER_PROJECT) {
    throw new AppError(
      "RATE_LIMITED",
      `This project already has ${MAX_ACTIVE_PER_PROJECT} panels generating.`,
      {
        retryAfterS: 10,
        limit: MAX_ACTIVE_PER_PROJECT,
      },
    );
  }
}

export interface PanelRequest {
  pageId: string;
  shapeId: string;
  prompt: string;
  poseHint?: string | undefined;
  /** Ad-hoc (`name`) or saved (`locationId`: its locked variant is used, at no charge). */
  location?: PanelLocationRequest | undefined;
  /** The project's characters placed in the panel. */
  characters?: PanelCharacterRequest[] | undefined;
  width: number;
  height: number;
}

/**
 * Reserves the panel price, records the generation, queues the job and tells the page.
 * Insufficient credits are refused before anything is written or queued.
 */
export async function requestPanelGeneration(
  svc: GenerationServices,
  access: ProjectAccess,
  user: SessionUser,
  request: PanelRequest,
): Promise<Generation> {
  const { sql } = svc;
  await checkLimits(sql, user.id, access.projectId);
  const panel = await panelForShape(sql, request.pageId, request.shapeId);
  // Characters, saved location and style lock are resolved before any credit is held.
  const library = await resolvePanelLibrary(sql, access.projectId, request);
  const reservation = await svc.credits.reserve(user.id, { action: "panelGeneration" });
  let row: GenerationRow;
  try {
    const requestedAtMs = Date.now();
    row = await sql.begin(async (tx) => {
      const [inserted] = await tx<GenerationRow[]>`
        insert into generations (project_id, panel_id, user_id, reservation_id, status, type, prompt, buzz_cost)
        values (${access.projectId}, ${panel.id}, ${user.id}, ${reservation.reservationId}, 'queued', 'panel', ${request.prompt},
                ${PRICES.panelGeneration})
        returning id, panel_id, project_id, status, buzz_cost, auto_regenerated, error_message, created_at,
                  reservation_id, params, result_urls`;
      const payload: PanelGenerationPayload = {
        generationId: inserted!.id,
        projectId: access.projectId,
        pageId: request.pageId,
        panelId: panel.id,
        shapeId: request.shapeId,
        userId: user.id,
        reservationId: reservation.reservationId,
        prompt: request.prompt,
        ...(request.poseHint ? { poseHint: request.poseHint } : {}),
        ...(library.location ? { location: library.location } : {}),
        ...(library.style ? { style: library.style } : {}),
        width: request.width,
        height: request.height,
        variations: VARIATIONS,
        seed: Math.floor(Math.random() * 2 ** 31),
        characters: library.characters,
        autoRegeneration: false,
        requestedAtMs,
      };
      await tx`update panels set prompt = ${request.prompt}, updated_at = now() where id = ${panel.id}`;
      await writePanelCharacters(tx as unknown as Sql, panel.id, library);
      await tx`update generations set params = ${tx.json(payload as never)} where id = ${inserted!.id}`;
      inserted!.params = payload;
      return inserted!;
    });
  } catch (error) {
    await svc.credits.release(reservation.reservationId);
    throw error;
  }
  const payload = row.params!;
  try {
    await enqueueGeneration(svc.queue, payload);
  } catch {
    await sql`update generations set status = 'failed', error_message = 'Could not queue the job' where id = ${row.id}`;
    await svc.credits.release(reservation.reservationId);
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "The job queue is not reachable. Nothing was charged; try again.",
    );
  }
  await publishQueued(svc.redis, svc.prefix, payload, await svc.queue.getWaitingCount());
  return toGeneration(row);
}

/** Cancels a queued job (removed from the queue) or a running one (its worker aborts the engine). */
export async function cancelGeneration(svc: GenerationServices, row: GenerationRow): Promise<Generation> {
  if (!["pending", "queued", "processing"].includes(row.status)) {
    throw new AppError("CONFLICT", `The generation is already ${row.status}.`);
  }
  const job = await svc.queue.getJob(row.id);
  const state = job ? await job.getState() : "unknown";
  if (job && (state === "waiting" || state === "delayed" || state === "prioritized")) {
    await job.remove().catch(() => undefined);
  }
  // Running: the worker holding it hears this and aborts; it then settles the row and credits.
  await svc.redis.publish(cancelChannel(svc.prefix), row.id);
  const [updated] = await svc.sql<GenerationRow[]>`
    update generations set status = 'cancelled', error_message = 'Cancelled', completed_at = now()
     where id = ${row.id} and status in ('pending', 'queued', 'processing')
     returning id, panel_id, project_id, status, buzz_cost, auto_regenerated, error_message, created_at,
               reservation_id, params, result_urls`;
  if (row.reservation_id) await svc.credits.release(row.reservation_id);
  if (row.params) {
    await publishPageEvent(svc.redis, svc.prefix, {
      type: "generation",
      pageId: row.params.pageId,
      shapeId: row.params.shapeId,
      patch: {
        generationId: row.id,
        requestedAtMs: row.params.requestedAtMs,
        status: "cancelled",
        error: "Cancelled",
      },
    });
  }
  return toGeneration(updated ?? { ...row, status: "cancelled" });
}

interface VersionRow {
  id: string;
  panel_id: string;
  version_number: number;
  image_url: string | null;
  generation_id: string | null;
  created_at: Date;
}

export function toVersion(row: VersionRow): PanelVersion {
  return {
    id: row.id,
    panelId: row.panel_id,
    versionNumber: row.version_number,
    imageUrl: row.image_url,
    generationId: row.generation_id,
    createdAt: row.created_at.toISOString(),
  };
}

/** Records a new panel version and makes it the panel's image, in Postgres and on the page. */
export async function setPanelVersion(
  svc: GenerationServices,
  user: SessionUser,
  panelId: string,
  imageUrl: string,
  generationId: string | null,
): Promise<PanelVersion> {
  const { sql } = svc;
  const [version] = await sql.begin(async (tx) => {
    await tx`select id from panels where id = ${panelId} for update`;
    const rows = await tx<VersionRow[]>`
      insert into panel_versions (panel_id, version_number, image_url, generation_id, chosen_by)
      values (${panelId}, (select coalesce(max(version_number), 0) + 1 from panel_versions where panel_id = ${panelId}),
              ${imageUrl}, ${generationId}, ${user.id})
      returning id, panel_id, version_number, image_url, generation_id, created_at`;
    await tx`update panels set image_url = ${imageUrl}, updated_at = now() where id = ${panelId}`;
    return rows;
  });
  const [panel] = await sql<{ page_id: string; shape_id: string | null }[]>`
    select page_id, shape_id from panels where id = ${panelId}`;
  if (panel?.shape_id) {
    await publishPageEvent(svc.redis, svc.prefix, {
      type: "panel-image",
      pageId: panel.page_id,
      shapeId: panel.shape_id,
      imageUrl,
    });
  }
  return toVersion(version!);
}

export async function listVersions(sql: Sql, panelId: string): Promise<PanelVersion[]> {
  const rows = await sql<VersionRow[]>`
    select id, panel_id, version_number, image_url, generation_id, created_at
      from panel_versions where panel_id = ${panelId} order by version_number desc`;
  return rows.map(toVersion);
}

/** The project a panel belongs to (NOT_FOUND when there is no such panel). */
export async function panelProject(
  sql: Sql,
  panelId: string,
): Promise<{ projectId: string; pageId: string }> {
  const [row] = await sql<{ project_id: string; page_id: string }[]>`
    select g.project_id, p.page_id from panels p join pages g on g.id = p.page_id where p.id = ${panelId}`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such panel.");
  return { projectId: row.project_id, pageId: row.page_id };
}
