import type { ObjectStorage, Sql } from "@comic-studio/infra";
import {
  ANCHOR_SPECS,
  type Anchor,
  AppError,
  type Character,
  type LibraryJob,
  type SessionUser,
  type ValidationReport,
} from "@comic-studio/shared";
import type { ProjectAccess } from "../access.ts";
import { type LibraryServices, latestJob, startLibraryJob } from "./jobs.ts";
import { fileUrl } from "./urls.ts";
import { validateReferences } from "./validation.ts";

interface CharacterRow {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  status: Character["status"] | "orphaned";
  reference_images: string[];
  palette: string[] | null;
  identity: Character["identity"];
  style_analysis: Character["style"];
  validation: ValidationReport | null;
  created_at: Date;
  updated_at: Date;
}

interface AnchorRow {
  id: string;
  character_id: string;
  position: number;
  angle: Anchor["angle"];
  expression: Anchor["expression"];
  pose: Anchor["pose"];
  status: Anchor["status"];
  image_key: string | null;
  approved: boolean;
  version: number;
  updated_at: Date;
}

export function toAnchor(row: AnchorRow): Anchor {
  return {
    id: row.id,
    characterId: row.character_id,
    angle: row.angle,
    expression: row.expression,
    pose: row.pose,
    status: row.status,
    imageUrl: row.image_key ? fileUrl(row.image_key) : null,
    approved: row.approved,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function toCharacter(sql: Sql, row: CharacterRow): Promise<Character> {
  const ids = row.reference_images ?? [];
  const [counts] = await sql<{ total: number; approved: number }[]>`
    select count(*)::int as total, count(*) filter (where approved and status = 'ready')::int as approved
      from character_anchors where character_id = ${row.id}`;
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    description: row.description,
    status: row.status === "orphaned" ? "archived" : row.status,
    references: ids.map((uploadId) => ({
      uploadId,
      url: `/api/uploads/${uploadId}`,
      thumbnailUrl: `/api/uploads/${uploadId}?thumb=1`,
    })),
    palette: row.palette ?? [],
    identity: row.identity,
    style: row.style_analysis,
    validation: row.validation,
    anchorCount: counts?.total ?? 0,
    approvedAnchorCount: counts?.approved ?? 0,
    job: await latestJob(sql, row.id),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findCharacter(sql: Sql, id: string): Promise<CharacterRow> {
  const [row] = await sql<CharacterRow[]>`
    select * from characters where id = ${id} and deleted_at is null`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such character.");
  return row;
}

export async function listCharacters(sql: Sql, projectId: string): Promise<Character[]> {
  const rows = await sql<CharacterRow[]>`
    select * from characters where project_id = ${projectId} and deleted_at is null
       and status <> 'archived' order by created_at`;
  return Promise.all(rows.map((r) => toCharacter(sql, r)));
}

export async function createCharacter(
  sql: Sql,
  storage: ObjectStorage,
  access: ProjectAccess,
  user: SessionUser,
  body: { name: string; description?: string | undefined; uploadIds: string[] },
): Promise<{ character: Character; validation: ValidationReport }> {
  const { report } = await validateReferences(sql, storage, access.projectId, body.uploadIds);
  const kept = report.images.map((i) => i.uploadId);
  const [row] = await sql<CharacterRow[]>`
    insert into characters (project_id, name, description, status, reference_images, validation, created_by)
    values (${access.projectId}, ${body.name}, ${body.description ?? null}, 'draft', ${sql.json(kept)},
            ${sql.json(report as never)}, ${user.id})
    returning *`;
  return { character: await toCharacter(sql, row!), validation: report };
}

export async function updateCharacter(
  sql: Sql,
  storage: ObjectStorage,
  row: CharacterRow,
  body: { name?: string | undefined; description?: string | undefined; uploadIds?: string[] | undefined },
): Promise<{ character: Character; validation: ValidationReport }> {
  let validation = row.validation;
  let references = row.reference_images;
  if (body.uploadIds) {
    if (row.status === "training")
      throw new AppError("CONFLICT", "The character is being set up; wait for it.");
    const { report } = await validateReferences(sql, storage, row.project_id, body.uploadIds);
    validation = report;
    references = report.images.map((i) => i.uploadId);
  }
  const [updated] = await sql<CharacterRow[]>`
    update characters set name = ${body.name ?? row.name}, description = ${body.description ?? row.description},
           reference_images = ${sql.json(references)}, validation = ${sql.json(validation as never)},
           updated_at = now()
     where id = ${row.id} returning *`;
  const character = await toCharacter(sql, updated!);
  return {
    character,
    validation: validation ?? (await validateReferences(sql, storage, row.project_id, references)).report,
  };
}

export async function archiveCharacter(sql: Sql, row: CharacterRow): Promise<void> {
  await sql`update characters set status = 'archived', deleted_at = now(), updated_at = now() where id = ${row.id}`;
}

/**
 * Starts the setup: re-validates the references (their bytes may have changed meaning since
 * creation only if the list changed, but a stale report must not let a bad set through), holds
 * the price, creates the 24 anchor rows (pending) and queues the job.
 */
export async function startCharacterSetup(
  svc: LibraryServices,
  storage: ObjectStorage,
  row: CharacterRow,
  user: SessionUser,
): Promise<{ character: Character; job: LibraryJob }> {
  if (row.status === "training") throw new AppError("CONFLICT", "The setup is already running.");
  const { report } = await validateReferences(svc.sql, storage, row.project_id, row.reference_images);
  await svc.sql`update characters set validation = ${svc.sql.json(report as never)} where id = ${row.id}`;
  if (!report.ok) {
    throw new AppError("VALIDATION_FAILED", "Some reference images cannot be used. Fix them first.", {
      validation: report,
    });
  }
  const job = await startLibraryJob(
    svc,
    "character-setup",
    "characterSetup",
    { projectId: row.project_id, userId: user.id, characterId: row.id, subjectId: row.id },
    async (tx) => {
      await tx`update characters set status = 'training', updated_at = now() where id = ${row.id}`;
      for (const [position, spec] of ANCHOR_SPECS.entries()) {
        await tx`
          insert into character_anchors (character_id, position, angle, expression, pose, status, approved)
          values (${row.id}, ${position}, ${spec.angle}, ${spec.expression}, ${spec.pose}, 'pending', false)
          on conflict (character_id, angle, expression, pose)
          do update set status = 'pending', approved = false, position = excluded.position, updated_at = now()`;
      }
    },
  );
  return { character: await toCharacter(svc.sql, await findCharacter(svc.sql, row.id)), job };
}

export async function listAnchors(sql: Sql, characterId: string): Promise<Anchor[]> {
  const rows = await sql<AnchorRow[]>`
    select * from character_anchors where character_id = ${characterId} order by position`;
  return rows.map(toAnchor);
}

export async function findAnchor(sql: Sql, anchorId: string): Promise<AnchorRow & { project_id: string }> {
  const [row] = await sql<(AnchorRow & { project_id: string })[]>`
    select a.*, c.project_id from character_anchors a join characters c on c.id = a.character_id
     where a.id = ${anchorId} and c.deleted_at is null`;
  if (!row) throw new AppError("NOT_FOUND", "There is no such anchor.");
  return row;
}

export async function regenerateAnchor(
  svc: LibraryServices,
  anchor: AnchorRow & { project_id: string },
  user: SessionUser,
): Promise<{ anchor: Anchor; job: LibraryJob }> {
  const character = await findCharacter(svc.sql, anchor.character_id);
  if (character.status === "training")
    throw new AppError("CONFLICT", "The character setup is still running.");
  if (character.status === "draft") throw new AppError("CONFLICT", "Run the character setup first.");
  const job = await startLibraryJob(
    svc,
    "anchor-regenerate",
    "regenerateAnchor",
    {
      projectId: anchor.project_id,
      userId: user.id,
      characterId: anchor.character_id,
      anchorId: anchor.id,
      subjectId: anchor.id,
    },
    async (tx) => {
      await tx`update character_anchors set status = 'generating', approved = false, updated_at = now()
                where id = ${anchor.id}`;
    },
  );
  const [row] = await svc.sql<AnchorRow[]>`select * from character_anchors where id = ${anchor.id}`;
  return { anchor: toAnchor(row!), job };
}

export async function setAnchorApproval(sql: Sql, anchor: AnchorRow, approved: boolean): Promise<Anchor> {
  if (approved && anchor.status !== "ready")
    throw new AppError("CONFLICT", "Only a generated anchor can be approved.");
  const [row] = await sql<AnchorRow[]>`
    update character_anchors set approved = ${approved}, updated_at = now() where id = ${anchor.id} returning *`;
  return toAnchor(row!);
}

/** Approves ready anchors (all, or the listed ones) and makes the character usable in panels. */
export async function approveAnchors(
  sql: Sql,
  character: CharacterRow,
  anchorIds: string[] | undefined,
): Promise<{ character: Character; anchors: Anchor[] }> {
  if (character.status !== "review" && character.status !== "active") {
    throw new AppError("CONFLICT", "The anchors are not ready for review yet.");
  }
  await sql.begin(async (tx) => {
    if (anchorIds) {
      await tx`update character_anchors set approved = true, updated_at = now()
                where character_id = ${character.id} and status = 'ready' and id = any(${anchorIds}::uuid[])`;
    } else {
      await tx`update character_anchors set approved = true, updated_at = now()
                where character_id = ${character.id} and status = 'ready'`;
    }
    const [n] = await tx<{ n: number }[]>`
      select count(*)::int as n from character_anchors where character_id = ${character.id} and approved`;
    if ((n?.n ?? 0) === 0) throw new AppError("CONFLICT", "Approve at least one generated anchor.");
    await tx`update characters set status = 'active', updated_at = now() where id = ${character.id}`;
  });
  return {
    character: await toCharacter(sql, await findCharacter(sql, character.id)),
    anchors: await listAnchors(sql, character.id),
  };
}
