import type { Sql } from "@comic-studio/infra";
import {
  AppError,
  CATALOGUE_VERSION,
  type CatalogueStyle,
  CURATED_STYLES,
  curatedStyle,
  type LibraryJob,
  type ProjectStyle,
  type SessionUser,
  type StyleAnalysis,
  type StyleLock,
  type StyleOverrides,
  type StyleParamsWire,
} from "@comic-studio/shared";
import type { ProjectAccess } from "../access.ts";
import { findCharacter } from "./characters.ts";
import { type LibraryServices, latestJob, startLibraryJob } from "./jobs.ts";
import { fileUrl } from "./urls.ts";

/** Samples per catalogue style (the preview's four scenes), rendered by the worker. */
export const CATALOGUE_SAMPLES = 4;

export function catalogueSampleKey(catalogueId: string, n: number): string {
  return `catalogue/${CATALOGUE_VERSION}/${catalogueId}-${n}.png`;
}

interface StyleRow {
  id: string;
  project_id: string;
  name: string | null;
  source: ProjectStyle["source"];
  character_id: string | null;
  catalogue_id: string | null;
  source_images: string[];
  analysis: StyleAnalysis | null;
  style_params: StyleParamsWire | null;
  overrides: StyleOverrides;
  preview_images: Array<{ scene: ProjectStyle["previews"][number]["scene"]; key: string }> | null;
  created_at: Date;
}

/** Analysed (or catalogue) parameters with the slider overrides applied. */
export function effectiveParams(row: Pick<StyleRow, "style_params" | "overrides">): StyleParamsWire | null {
  if (!row.style_params) return null;
  return { ...row.style_params, ...row.overrides };
}

async function toStyle(sql: Sql, row: StyleRow): Promise<ProjectStyle> {
  const [project] = await sql<{ style_lock: StyleLock | null }[]>`
    select style_lock from projects where id = ${row.project_id}`;
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name ?? "Untitled style",
    source: row.source,
    characterId: row.character_id,
    catalogueId: row.catalogue_id,
    sourceImageUrls: (row.source_images ?? []).map((id) => `/api/uploads/${id}`),
    analysis: row.analysis,
    params: effectiveParams(row),
    overrides: row.overrides ?? {},
    previews: (row.preview_images ?? []).map((p) => ({ scene: p.scene, url: fileUrl(p.key) })),
    locked: project?.style_lock?.styleId === row.id,
    job: await latestJob(sql, row.id),
    createdAt: row.created_at.toISOString(),
  };
}

export async function findStyle(sql: Sql, id: string): Promise<StyleRow> {
  const [row] = await sql<StyleRow[]>`select * from imported_styles where id = ${id}`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such style.");
  return row;
}

export async function getStyle(sql: Sql, id: string): Promise<ProjectStyle> {
  return toStyle(sql, await findStyle(sql, id));
}

export async function listStyles(sql: Sql, projectId: string): Promise<ProjectStyle[]> {
  const rows = await sql<StyleRow[]>`
    select * from imported_styles where project_id = ${projectId} order by created_at desc, id`;
  return Promise.all(rows.map((r) => toStyle(sql, r)));
}

/** The catalogue with the sample URLs of the samples the worker has rendered. */
export async function listCatalogue(exists: (key: string) => Promise<boolean>): Promise<CatalogueStyle[]> {
  return Promise.all(
    CURATED_STYLES.map(async (style) => {
      const urls: string[] = [];
      for (let n = 0; n < CATALOGUE_SAMPLES; n++) {
        if (await exists(catalogueSampleKey(style.id, n))) {
          urls.push(`/api/styles/catalogue/${style.id}/sample?n=${n}`);
        }
      }
      return {
        id: style.id,
        name: style.name,
        movement: style.movement,
        description: style.description,
        params: style.params,
        sampleUrl: urls[0] ?? null,
        sampleUrls: urls,
      };
    }),
  );
}

/** Style extraction from a character's references: free, analysed by a job. */
export async function extractCharacterStyle(
  svc: LibraryServices,
  characterId: string,
  user: SessionUser,
): Promise<{ style: ProjectStyle; job: LibraryJob }> {
  const character = await findCharacter(svc.sql, characterId);
  if (character.reference_images.length === 0)
    throw new AppError("CONFLICT", "The character has no references.");
  const [row] = await svc.sql<StyleRow[]>`
    insert into imported_styles (project_id, name, source, character_id, source_images, created_by)
    values (${character.project_id}, ${`${character.name}'s style`}, 'character', ${character.id},
            ${svc.sql.json(character.reference_images)}, ${user.id})
    returning *`;
  const job = await startLibraryJob(svc, "style-analysis", null, {
    projectId: character.project_id,
    userId: user.id,
    styleId: row!.id,
    subjectId: row!.id,
  });
  return { style: await toStyle(svc.sql, row!), job };
}

/** Style import from 1-5 uploads: charged (styleImport), analysed by a job. */
export async function importStyle(
  svc: LibraryServices,
  access: ProjectAccess,
  user: SessionUser,
  body: { uploadIds: string[]; name?: string | undefined },
): Promise<{ style: ProjectStyle; job: LibraryJob }> {
  const ids = [...new Set(body.uploadIds)];
  const found = await svc.sql<{ id: string }[]>`
    select id from uploads where project_id = ${access.projectId} and id = any(${ids}::uuid[])`;
  if (found.length !== ids.length)
    throw new AppError("NOT_FOUND", "Some images are not among the project's uploads.");
  const [row] = await svc.sql<StyleRow[]>`
    insert into imported_styles (project_id, name, source, source_images, created_by)
    values (${access.projectId}, ${body.name ?? "Imported style"}, 'import', ${svc.sql.json(ids)}, ${user.id})
    returning *`;
  try {
    const job = await startLibraryJob(svc, "style-analysis", "styleImport", {
      projectId: access.projectId,
      userId: user.id,
      styleId: row!.id,
      subjectId: row!.id,
    });
    return { style: await toStyle(svc.sql, row!), job };
  } catch (error) {
    await svc.sql`delete from imported_styles where id = ${row!.id}`;
    throw error;
  }
}

export async function pickCatalogueStyle(
  sql: Sql,
  access: ProjectAccess,
  user: SessionUser,
  catalogueId: string,
): Promise<ProjectStyle> {
  const curated = curatedStyle(catalogueId);
  if (!curated) throw new AppError("NOT_FOUND", "There is no such catalogue style.");
  const [row] = await sql<StyleRow[]>`
    insert into imported_styles (project_id, name, source, catalogue_id, style_params, created_by)
    values (${access.projectId}, ${curated.name}, 'catalogue', ${curated.id}, ${sql.json(curated.params as never)}, ${user.id})
    returning *`;
  return toStyle(sql, row!);
}

/** Applies slider overrides (and an offered catalogue match), then renders the four previews (free). */
export async function previewStyle(
  svc: LibraryServices,
  row: StyleRow,
  user: SessionUser,
  body: { overrides?: StyleOverrides | undefined; catalogueId?: string | null | undefined },
): Promise<{ style: ProjectStyle; job: LibraryJob }> {
  let params = row.style_params;
  let catalogueId = row.catalogue_id;
  if (body.catalogueId) {
    const curated = curatedStyle(body.catalogueId);
    if (!curated) throw new AppError("NOT_FOUND", "There is no such catalogue style.");
    params = curated.params;
    catalogueId = curated.id;
  }
  if (!params) throw new AppError("CONFLICT", "The style is still being analysed.");
  const overrides = { ...row.overrides, ...(body.overrides ?? {}) };
  await svc.sql`
    update imported_styles set style_params = ${svc.sql.json(params as never)}, catalogue_id = ${catalogueId},
           overrides = ${svc.sql.json(overrides as never)}
     where id = ${row.id}`;
  const job = await startLibraryJob(svc, "style-preview", null, {
    projectId: row.project_id,
    userId: user.id,
    styleId: row.id,
    subjectId: row.id,
  });
  return { style: await getStyle(svc.sql, row.id), job };
}

/** Makes the style the project's lock: every later generation in the project uses its parameters. */
export async function saveStyleLock(sql: Sql, row: StyleRow): Promise<StyleLock> {
  const params = effectiveParams(row);
  if (!params) throw new AppError("CONFLICT", "The style is still being analysed.");
  const lock: StyleLock = {
    styleId: row.id,
    name: row.name ?? "Project style",
    params,
    lockedAt: new Date().toISOString(),
  };
  await sql`update projects set style_lock = ${sql.json(lock as never)}, updated_at = now() where id = ${row.project_id}`;
  return lock;
}

export async function getStyleLock(sql: Sql, projectId: string): Promise<StyleLock | null> {
  const [row] = await sql<
    { style_lock: StyleLock | null }[]
  >`select style_lock from projects where id = ${projectId}`;
  return row?.style_lock ?? null;
}

export async function clearStyleLock(sql: Sql, projectId: string): Promise<void> {
  await sql`update projects set style_lock = null, updated_at = now() where id = ${projectId}`;
}
