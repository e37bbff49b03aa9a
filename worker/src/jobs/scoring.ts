import type { ObjectStorage, Sql } from "@comic-studio/infra";
import type { PanelGenerationPayload } from "@comic-studio/shared";
import type { Box } from "../analysis/character.ts";
import {
  type CharacterReferenceSet,
  defaultContrastSet,
  prepareCharacterReferences,
  prepareStyleReferences,
  type StyleDescriptor,
  type StyleReferenceSet,
  scoreVariations,
} from "../analysis/index.ts";
import { characterBox } from "../engines/layout.ts";
import type { Scorer, VariationScore } from "./generation.ts";

/** How many of the project's chosen panels serve as its style references. */
export const STYLE_REFERENCE_COUNT = 6;

async function readAll(storage: ObjectStorage, key: string): Promise<Buffer | null> {
  const object = await storage.get(key);
  if (!object) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The storage key behind an `/api/files/<key>` URL, or null for any other URL. */
export function fileKeyOf(url: string): string | null {
  const prefix = "/api/files/";
  return url.startsWith(prefix) ? decodeURIComponent(url.slice(prefix.length)) : null;
}

/**
 * Style references are the project's own chosen panels (its latest choices), so consistency is
 * measured against what the team accepted. A project with none yet gets no style score.
 */
async function projectStyleReferences(
  sql: Sql,
  storage: ObjectStorage,
  descriptor: StyleDescriptor,
  projectId: string,
): Promise<StyleReferenceSet | null> {
  const rows = await sql<{ image_url: string }[]>`
    select distinct on (pv.panel_id) pv.image_url
      from panel_versions pv join panels p on p.id = pv.panel_id join pages g on g.id = p.page_id
     where g.project_id = ${projectId} and pv.image_url is not null and p.deleted_at is null
     order by pv.panel_id, pv.version_number desc
     limit ${STYLE_REFERENCE_COUNT}`;
  const images: Buffer[] = [];
  for (const row of rows) {
    const key = fileKeyOf(row.image_url);
    const bytes = key ? await readAll(storage, key) : null;
    if (bytes) images.push(bytes);
  }
  if (images.length === 0) return null;
  return prepareStyleReferences(descriptor, images, await defaultContrastSet(descriptor));
}

/** Prepared character references kept per process (keyed by character and its reference keys). */
const CHARACTER_CACHE_SIZE = 32;

/**
 * Each character's references for the consistency score: its reference images and its approved
 * anchors (the anchor library is the character as the project accepted it), and its box in the
 * panel. Characters with nothing to compare against are left out.
 */
async function panelCharacterReferences(
  sql: Sql,
  storage: ObjectStorage,
  descriptor: StyleDescriptor,
  payload: PanelGenerationPayload,
  cache: Map<string, Promise<CharacterReferenceSet>>,
): Promise<{ references: CharacterReferenceSet; box: Box }[]> {
  const out: { references: CharacterReferenceSet; box: Box }[] = [];
  for (const c of payload.characters) {
    const anchors = await sql<{ image_key: string }[]>`
      select image_key from character_anchors
       where character_id = ${c.id} and approved and status = 'ready' and image_key is not null
       order by position limit ${CHARACTER_ANCHOR_REFERENCES}`;
    const keys = [...(c.referenceKeys ?? []), ...anchors.map((a) => a.image_key)];
    if (keys.length === 0) continue;
    const cacheKey = `${descriptor.modelId}|${c.id}|${keys.join(",")}`;
    let prepared = cache.get(cacheKey);
    if (!prepared) {
      prepared = (async () => {
        const images: Buffer[] = [];
        for (const key of keys) {
          const bytes = await readAll(storage, key);
          if (bytes) images.push(bytes);
        }
        if (images.length === 0) throw new Error("no readable references");
        return prepareCharacterReferences(descriptor, c.id, images, await defaultContrastSet(descriptor));
      })();
      cache.set(cacheKey, prepared);
      prepared.catch(() => cache.delete(cacheKey));
      if (cache.size > CHARACTER_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    const references = await prepared.catch(() => null);
    if (!references) continue;
    out.push({
      references,
      box: characterBox({ width: payload.width, height: payload.height, location: payload.location }, c),
    });
  }
  return out;
}

/** Approved anchors used as character references besides the uploads (the turnaround first). */
export const CHARACTER_ANCHOR_REFERENCES = 8;

export function createScorer(sql: Sql, storage: ObjectStorage, descriptor: StyleDescriptor): Scorer {
  const characterCache = new Map<string, Promise<CharacterReferenceSet>>();
  return async (variations: Buffer[], payload: PanelGenerationPayload) => {
    const style = await projectStyleReferences(sql, storage, descriptor, payload.projectId);
    const characters = await panelCharacterReferences(sql, storage, descriptor, payload, characterCache);
    const report = await scoreVariations({ descriptor, variations, style, characters });
    const scores: VariationScore[] = report.variations.map((v) => ({
      overall: v.overall,
      style: v.style?.score ?? null,
      ...(v.character === null ? {} : { character: v.character }),
    }));
    return { scores, bestIndex: report.best, retry: report.autoRegenerate };
  };
}
