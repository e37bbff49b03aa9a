import type { Anchor, LibraryJobPayload } from "@comic-studio/shared";
import { UnrecoverableError } from "bullmq";
import type { StyleParams } from "../engines/types.ts";
import { type AnchorCharacter, renderAnchor } from "./anchors.ts";
import { type LibraryDeps, type ProgressReporter, readObjects } from "./deps.ts";
import { extractCharacterFeatures } from "./features.ts";
import { analyseStyle } from "./styles.ts";

type SetupPayload = Extract<LibraryJobPayload, { kind: "character-setup" }>;
type RegeneratePayload = Extract<LibraryJobPayload, { kind: "anchor-regenerate" }>;

interface CharacterRow {
  id: string;
  project_id: string;
  name: string;
  reference_images: string[];
  palette: string[] | null;
  style_analysis: { numbers: StyleParams } | null;
}

interface AnchorRow {
  id: string;
  angle: Anchor["angle"];
  expression: Anchor["expression"];
  pose: Anchor["pose"];
  status: Anchor["status"];
  version: number;
}

async function loadCharacter(deps: LibraryDeps, id: string): Promise<CharacterRow> {
  const [row] = await deps.sql<CharacterRow[]>`
    select id, project_id, name, reference_images, palette, style_analysis from characters
     where id = ${id} and deleted_at is null`;
  if (!row) throw new UnrecoverableError("The character no longer exists.");
  return row;
}

async function referenceImages(deps: LibraryDeps, character: CharacterRow): Promise<Buffer[]> {
  const ids = character.reference_images ?? [];
  const rows = ids.length
    ? await deps.sql<{ id: string; storage_key: string }[]>`
        select id, storage_key from uploads where id = any(${ids}::uuid[])`
    : [];
  const keyById = new Map(rows.map((r) => [r.id, r.storage_key]));
  return readObjects(
    deps.storage,
    ids.map((id) => keyById.get(id)).filter((k): k is string => Boolean(k)),
  );
}

/**
 * Character setup: identity features and palette, the free style extraction, then the anchor
 * library (anchors already rendered by an earlier attempt are kept, so a retry only does the rest).
 */
export async function runCharacterSetup(
  deps: LibraryDeps,
  payload: SetupPayload,
  report: ProgressReporter,
  signal?: AbortSignal,
): Promise<{ anchors: number }> {
  const character = await loadCharacter(deps, payload.characterId);
  await report(0.02, "Reading the references");
  const references = await referenceImages(deps, character);
  if (references.length === 0)
    throw new UnrecoverableError("None of the character's reference images could be read.");
  await report(0.06, "Extracting colours and identity");
  const features = await extractCharacterFeatures(references);
  await report(0.12, "Extracting the style");
  const style = await analyseStyle(deps, references);
  await deps.sql`
    update characters set palette = ${deps.sql.json(features.palette)}, identity = ${deps.sql.json(features.identity as never)},
           style_analysis = ${deps.sql.json(style.analysis as never)}, updated_at = now()
     where id = ${character.id}`;
  const anchors = await deps.sql<AnchorRow[]>`
    select id, angle, expression, pose, status, version from character_anchors
     where character_id = ${character.id} order by position`;
  const subject: AnchorCharacter = {
    id: character.id,
    name: character.name,
    palette: features.palette,
    references,
    style: style.params,
  };
  const START = 0.2;
  for (const [i, anchor] of anchors.entries()) {
    if (signal?.aborted) throw new Error("cancelled");
    await report(
      START + ((1 - START) * i) / anchors.length,
      `Generating anchor ${i + 1} of ${anchors.length}`,
    );
    if (anchor.status === "ready") continue;
    const version = anchor.version + 1;
    const key = await renderAnchor(deps, character.project_id, anchor.id, subject, anchor, version, {
      ...(signal ? { signal } : {}),
    });
    await deps.sql`
      update character_anchors set status = 'ready', image_key = ${key}, version = ${version}, approved = false,
             updated_at = now()
       where id = ${anchor.id}`;
  }
  await deps.sql`update characters set status = 'review', updated_at = now() where id = ${character.id}`;
  return { anchors: anchors.length };
}

/** One anchor again, with a new seed (its version). */
export async function runAnchorRegenerate(
  deps: LibraryDeps,
  payload: RegeneratePayload,
  report: ProgressReporter,
  signal?: AbortSignal,
): Promise<{ anchorId: string; version: number }> {
  const character = await loadCharacter(deps, payload.characterId);
  const [anchor] = await deps.sql<AnchorRow[]>`
    select id, angle, expression, pose, status, version from character_anchors where id = ${payload.anchorId}`;
  if (!anchor) throw new UnrecoverableError("The anchor no longer exists.");
  await report(0.1, "Reading the references");
  const references = await referenceImages(deps, character);
  const version = anchor.version + 1;
  await report(0.3, "Generating the anchor");
  const key = await renderAnchor(
    deps,
    character.project_id,
    anchor.id,
    {
      id: character.id,
      name: character.name,
      palette: character.palette ?? [],
      references,
      style: character.style_analysis?.numbers ?? null,
    },
    anchor,
    version,
    signal ? { signal } : {},
  );
  await deps.sql`
    update character_anchors set status = 'ready', image_key = ${key}, version = ${version}, approved = false,
           updated_at = now()
     where id = ${anchor.id}`;
  return { anchorId: anchor.id, version };
}
