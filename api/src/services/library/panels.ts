import type { Sql } from "@comic-studio/infra";
import {
  type AnchorSpec,
  AppError,
  nearestAnchor,
  type PanelGenerationPayload,
  type StyleLock,
} from "@comic-studio/shared";
import { variantForPanel } from "./locations.ts";

/** References the engine and the scorer get per character (the first, most useful ones). */
export const PANEL_REFERENCE_COUNT = 6;

export interface PanelCharacterRequest {
  characterId: string;
  x: number;
  y: number;
  scale: number;
  pose?: string | undefined;
  expression?: string | undefined;
  angle?: string | undefined;
}

export interface PanelLocationRequest {
  name?: string | undefined;
  locationId?: string | undefined;
  /** The payload's own field for a saved location (retries pass the payload back). */
  id?: string | undefined;
  lighting: "day" | "dusk" | "night" | "interior";
  camera: "eye" | "low" | "high";
  shot: "wide" | "medium" | "close";
}

export interface PanelLibrary {
  characters: PanelGenerationPayload["characters"];
  location: PanelGenerationPayload["location"];
  locationId: string | null;
  style: PanelGenerationPayload["style"];
}

interface CharacterRow {
  id: string;
  name: string;
  palette: string[] | null;
  reference_images: string[];
  status: string;
}

/**
 * What a panel request means in library terms: each character with its nearest approved anchor
 * and reference keys, the saved location's variant for the framing (free to use), and the
 * project's style lock. Unknown or foreign ids answer NOT_FOUND.
 */
export async function resolvePanelLibrary(
  sql: Sql,
  projectId: string,
  request: { characters?: PanelCharacterRequest[] | undefined; location?: PanelLocationRequest | undefined },
): Promise<PanelLibrary> {
  const characters: PanelGenerationPayload["characters"] = [];
  const seen = new Set<string>();
  for (const c of request.characters ?? []) {
    if (seen.has(c.characterId)) throw new AppError("CONFLICT", "A character can appear once per panel.");
    seen.add(c.characterId);
    const [row] = await sql<CharacterRow[]>`
      select id, name, palette, reference_images, status from characters
       where id = ${c.characterId} and project_id = ${projectId} and deleted_at is null`;
    if (!row || row.status === "archived")
      throw new AppError("NOT_FOUND", "A character of this panel is not in the project.");
    const anchors = await sql<(AnchorSpec & { image_key: string })[]>`
      select angle, expression, pose, image_key from character_anchors
       where character_id = ${row.id} and approved and status = 'ready' and image_key is not null
       order by position`;
    const anchor = nearestAnchor(anchors, { angle: c.angle, pose: c.pose, expression: c.expression });
    const ids = (row.reference_images ?? []).slice(0, PANEL_REFERENCE_COUNT);
    const refs = ids.length
      ? await sql<{ id: string; storage_key: string }[]>`
          select id, storage_key from uploads where id = any(${ids}::uuid[])`
      : [];
    const keyById = new Map(refs.map((r) => [r.id, r.storage_key]));
    characters.push({
      id: row.id,
      name: row.name,
      palette: row.palette ?? [],
      x: c.x,
      y: c.y,
      scale: c.scale,
      ...(c.pose ? { pose: c.pose } : {}),
      ...(c.expression ? { expression: c.expression } : {}),
      ...(c.angle ? { angle: c.angle } : {}),
      ...(anchor ? { anchorKey: anchor.image_key } : {}),
      referenceKeys: ids.map((id) => keyById.get(id)).filter((k): k is string => Boolean(k)),
    });
  }
  let location: PanelGenerationPayload["location"];
  let locationId: string | null = null;
  if (request.location) {
    const { lighting, camera, shot } = request.location;
    const savedId = request.location.locationId ?? request.location.id;
    if (savedId) {
      const [row] = await sql<{ id: string; name: string; status: string }[]>`
        select id, name, status from locations where id = ${savedId} and project_id = ${projectId} and deleted_at is null`;
      if (!row) throw new AppError("NOT_FOUND", "The panel's location is not in the project.");
      if (row.status !== "locked")
        throw new AppError("CONFLICT", "Lock the location before using it in panels.");
      const variant = await variantForPanel(sql, row.id, { lighting, camera, shot });
      locationId = row.id;
      location = {
        id: row.id,
        name: row.name,
        lighting,
        camera,
        shot,
        ...(variant ? { variantKey: variant.imageKey, depthKey: variant.depthKey } : {}),
      };
    } else {
      if (!request.location.name)
        throw new AppError("VALIDATION_FAILED", "Name the location or pick a saved one.");
      location = { name: request.location.name, lighting, camera, shot };
    }
  }
  const [project] = await sql<
    { style_lock: StyleLock | null }[]
  >`select style_lock from projects where id = ${projectId}`;
  const lock = project?.style_lock?.params;
  const style = lock
    ? {
        lineWeight: lock.lineWeight,
        warmth: lock.warmth,
        detail: lock.detail,
        shadingLevels: lock.shadingLevels,
        ...(lock.palette ? { palette: lock.palette } : {}),
      }
    : undefined;
  return { characters, location, locationId, style };
}

/** Records who stands where in the panel (replacing the previous request's placement). */
export async function writePanelCharacters(tx: Sql, panelId: string, library: PanelLibrary): Promise<void> {
  await tx`delete from panel_characters where panel_id = ${panelId}`;
  for (const [z, c] of library.characters.entries()) {
    await tx`
      insert into panel_characters (panel_id, character_id, position_x, position_y, scale, z_index, pose, expression)
      values (${panelId}, ${c.id}, ${c.x}, ${c.y}, ${c.scale}, ${z}, ${c.pose ?? null}, ${c.expression ?? null})`;
  }
  await tx`update panels set location_id = ${library.locationId} where id = ${panelId}`;
}
