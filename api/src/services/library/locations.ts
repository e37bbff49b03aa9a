import type { Sql } from "@comic-studio/infra";
import {
  AppError,
  type LibraryJob,
  type Location,
  type LocationVariant,
  locationVariantFor,
  type SessionUser,
} from "@comic-studio/shared";
import type { ProjectAccess } from "../access.ts";
import { type LibraryServices, latestJob, startLibraryJob } from "./jobs.ts";
import { fileUrl } from "./urls.ts";

interface LocationRow {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  status: Location["status"];
  preview_key: string | null;
  created_at: Date;
  updated_at: Date;
}

interface VariantRow {
  camera: LocationVariant["camera"];
  shot: LocationVariant["shot"];
  lighting: LocationVariant["lighting"];
  image_key: string;
  depth_key: string;
}

async function toLocation(sql: Sql, row: LocationRow): Promise<Location> {
  const [n] = await sql<
    { n: number }[]
  >`select count(*)::int as n from location_variants where location_id = ${row.id}`;
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    description: row.description ?? "",
    status: row.status,
    previewUrl: row.preview_key ? fileUrl(row.preview_key) : null,
    variantCount: n?.n ?? 0,
    job: await latestJob(sql, row.id),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findLocation(sql: Sql, id: string): Promise<LocationRow> {
  const [row] = await sql<LocationRow[]>`select * from locations where id = ${id} and deleted_at is null`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such location.");
  return row;
}

export async function getLocation(sql: Sql, id: string): Promise<Location> {
  return toLocation(sql, await findLocation(sql, id));
}

export async function listLocations(sql: Sql, projectId: string): Promise<Location[]> {
  const rows = await sql<LocationRow[]>`
    select * from locations where project_id = ${projectId} and deleted_at is null and status <> 'archived'
     order by created_at`;
  return Promise.all(rows.map((r) => toLocation(sql, r)));
}

/** Creates a draft location and renders it in the project style (free). */
export async function createLocation(
  svc: LibraryServices,
  access: ProjectAccess,
  user: SessionUser,
  body: { name: string; description: string },
): Promise<{ location: Location; job: LibraryJob }> {
  const [row] = await svc.sql<LocationRow[]>`
    insert into locations (project_id, name, description, status, created_by)
    values (${access.projectId}, ${body.name}, ${body.description}, 'draft', ${user.id})
    returning *`;
  const job = await startLibraryJob(svc, "location-draft", null, {
    projectId: access.projectId,
    userId: user.id,
    locationId: row!.id,
    subjectId: row!.id,
  });
  return { location: await toLocation(svc.sql, row!), job };
}

export async function regenerateLocation(
  svc: LibraryServices,
  row: LocationRow,
  user: SessionUser,
): Promise<{ location: Location; job: LibraryJob }> {
  if (row.status === "locked")
    throw new AppError("CONFLICT", "The location is locked; its variants are fixed.");
  const job = await startLibraryJob(
    svc,
    "location-draft",
    null,
    { projectId: row.project_id, userId: user.id, locationId: row.id, subjectId: row.id },
    async (tx) => {
      await tx`update locations set status = 'draft', updated_at = now() where id = ${row.id}`;
    },
  );
  return { location: await getLocation(svc.sql, row.id), job };
}

export async function approveLocation(sql: Sql, row: LocationRow): Promise<Location> {
  if (row.status === "locked") throw new AppError("CONFLICT", "The location is already locked.");
  if (!row.preview_key) throw new AppError("CONFLICT", "The draft is still being rendered.");
  const [updated] = await sql<LocationRow[]>`
    update locations set status = 'approved', updated_at = now() where id = ${row.id} returning *`;
  return toLocation(sql, updated!);
}

/** Locks an approved location: the job renders the 12 variants and their depth maps (charged). */
export async function lockLocation(
  svc: LibraryServices,
  row: LocationRow,
  user: SessionUser,
): Promise<{ location: Location; job: LibraryJob }> {
  if (row.status === "locked") throw new AppError("CONFLICT", "The location is already locked.");
  if (row.status !== "approved")
    throw new AppError("CONFLICT", "Approve the draft before locking the location.");
  const job = await startLibraryJob(svc, "location-lock", "locationLock", {
    projectId: row.project_id,
    userId: user.id,
    locationId: row.id,
    subjectId: row.id,
  });
  return { location: await getLocation(svc.sql, row.id), job };
}

export async function listVariants(sql: Sql, locationId: string): Promise<LocationVariant[]> {
  const rows = await sql<VariantRow[]>`
    select camera, shot, lighting, image_key, depth_key from location_variants where location_id = ${locationId}
     order by camera, shot, lighting`;
  return rows.map((r) => ({
    camera: r.camera,
    shot: r.shot,
    lighting: r.lighting,
    imageUrl: fileUrl(r.image_key),
    depthUrl: fileUrl(r.depth_key),
  }));
}

export async function archiveLocation(sql: Sql, row: LocationRow): Promise<void> {
  await sql`update locations set status = 'archived', deleted_at = now(), updated_at = now() where id = ${row.id}`;
}

/** The locked variant a panel uses for its framing (null when the location has none for it). */
export async function variantForPanel(
  sql: Sql,
  locationId: string,
  framing: Parameters<typeof locationVariantFor>[0],
): Promise<{ imageKey: string; depthKey: string } | null> {
  const spec = locationVariantFor(framing);
  const [row] = await sql<VariantRow[]>`
    select camera, shot, lighting, image_key, depth_key from location_variants
     where location_id = ${locationId} and camera = ${spec.camera} and shot = ${spec.shot} and lighting = ${spec.lighting}`;
  return row ? { imageKey: row.image_key, depthKey: row.depth_key } : null;
}
