import {
  type LibraryJobPayload,
  LOCATION_VARIANTS,
  type LocationVariantSpec,
  libraryKeys,
  type StyleLock,
} from "@comic-studio/shared";
import { UnrecoverableError } from "bullmq";
import { estimateDepth } from "../compose/depth.ts";
import { DEFAULT_STYLE } from "../engines/description.ts";
import type { PanelDescription, StyleParams } from "../engines/types.ts";
import { type LibraryDeps, type ProgressReporter, seedOf } from "./deps.ts";

type DraftPayload = Extract<LibraryJobPayload, { kind: "location-draft" }>;
type LockPayload = Extract<LibraryJobPayload, { kind: "location-lock" }>;

/** Location renders, the panel's default aspect (3:2). */
export const LOCATION_SIZE = { width: 768, height: 512 } as const;

interface LocationRow {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  status: string;
}

async function loadLocation(deps: LibraryDeps, id: string): Promise<LocationRow> {
  const [row] = await deps.sql<LocationRow[]>`
    select id, project_id, name, description, status from locations where id = ${id} and deleted_at is null`;
  if (!row) throw new UnrecoverableError("The location no longer exists.");
  return row;
}

async function projectStyle(deps: LibraryDeps, projectId: string): Promise<StyleParams> {
  const [row] = await deps.sql<
    { style_lock: StyleLock | null }[]
  >`select style_lock from projects where id = ${projectId}`;
  return row?.style_lock?.params ?? DEFAULT_STYLE;
}

/**
 * One render of the location. Every variant shares the location's seed, so the sketch engine
 * draws the same place (same scenery, same vanishing point jitter) seen through another camera,
 * shot and light; diffusion engines get the same seed and description.
 */
export function locationDescription(
  location: LocationRow,
  style: StyleParams,
  variant: LocationVariantSpec,
  draftSeed: string,
): PanelDescription {
  return {
    prompt: `${location.name}: ${location.description ?? ""}. Empty background, no people.`,
    negativePrompt: "people, characters, text",
    width: LOCATION_SIZE.width,
    height: LOCATION_SIZE.height,
    seed: seedOf(`${location.id}/${draftSeed}`),
    variations: 1,
    location: { name: location.name, lighting: variant.lighting, camera: variant.camera, shot: variant.shot },
    characters: [],
    style,
  };
}

/** The draft the creator approves: the eye-level, wide, daylight view. */
export async function runLocationDraft(
  deps: LibraryDeps,
  payload: DraftPayload,
  report: ProgressReporter,
  signal?: AbortSignal,
): Promise<{ key: string }> {
  const location = await loadLocation(deps, payload.locationId);
  const style = await projectStyle(deps, location.project_id);
  await report(0.2, "Rendering the location");
  // Each draft gets its own seed (the job id): "regenerate" means another take.
  const result = await deps.engine.generate(
    locationDescription(location, style, { camera: "eye", shot: "wide", lighting: "day" }, payload.jobId),
    signal ? { signal } : {},
  );
  const key = libraryKeys.locationDraft(location.project_id, location.id, payload.jobId);
  await deps.storage.put(key, result.variations[0]!.png, "image/png");
  await deps.sql`
    update locations set preview_key = ${key}, style_embedding = ${deps.sql.json({ draftSeed: payload.jobId, style } as never)},
           updated_at = now()
     where id = ${location.id}`;
  return { key };
}

/** The 12 variants (3 cameras x 2 shots x 2 lights) of the approved draft, with depth maps. */
export async function runLocationLock(
  deps: LibraryDeps,
  payload: LockPayload,
  report: ProgressReporter,
  signal?: AbortSignal,
): Promise<{ variants: number }> {
  const location = await loadLocation(deps, payload.locationId);
  const [saved] = await deps.sql<{ style_embedding: { draftSeed: string; style: StyleParams } | null }[]>`
    select style_embedding from locations where id = ${location.id}`;
  // The variants keep the approved draft's seed and style, so they show the place that was approved.
  const draftSeed = saved?.style_embedding?.draftSeed ?? location.id;
  const style = saved?.style_embedding?.style ?? (await projectStyle(deps, location.project_id));
  for (const [i, variant] of LOCATION_VARIANTS.entries()) {
    await report(
      0.02 + (0.96 * i) / LOCATION_VARIANTS.length,
      `Rendering variant ${i + 1} of ${LOCATION_VARIANTS.length} (${variant.camera}, ${variant.shot}, ${variant.lighting})`,
    );
    const [done] = await deps.sql`
      select 1 from location_variants where location_id = ${location.id} and camera = ${variant.camera}
         and shot = ${variant.shot} and lighting = ${variant.lighting}`;
    if (done) continue;
    const result = await deps.engine.generate(
      locationDescription(location, style, variant, draftSeed),
      signal ? { signal } : {},
    );
    const png = result.variations[0]!.png;
    const depth = await estimateDepth(png);
    const imageKey = libraryKeys.locationVariant(location.project_id, location.id, variant, "image");
    const depthKey = libraryKeys.locationVariant(location.project_id, location.id, variant, "depth");
    await deps.storage.put(imageKey, png, "image/png");
    await deps.storage.put(depthKey, depth.png, "image/png");
    await deps.sql`
      insert into location_variants (location_id, camera, shot, lighting, image_key, depth_key)
      values (${location.id}, ${variant.camera}, ${variant.shot}, ${variant.lighting}, ${imageKey}, ${depthKey})
      on conflict (location_id, camera, shot, lighting) do update set image_key = excluded.image_key, depth_key = excluded.depth_key`;
  }
  await deps.sql`update locations set status = 'locked', locked_at = now(), updated_at = now() where id = ${location.id}`;
  return { variants: LOCATION_VARIANTS.length };
}
