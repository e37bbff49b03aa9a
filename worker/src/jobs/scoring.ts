import type { ObjectStorage, Sql } from "@comic-studio/infra";
import type { PanelGenerationPayload } from "@comic-studio/shared";
import {
  defaultContrastSet,
  prepareStyleReferences,
  type StyleDescriptor,
  type StyleReferenceSet,
  scoreVariations,
} from "../analysis/index.ts";
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

export function createScorer(sql: Sql, storage: ObjectStorage, descriptor: StyleDescriptor): Scorer {
  return async (variations: Buffer[], payload: PanelGenerationPayload) => {
    const style = await projectStyleReferences(sql, storage, descriptor, payload.projectId);
    const report = await scoreVariations({ descriptor, variations, style });
    const scores: VariationScore[] = report.variations.map((v) => ({
      overall: v.overall,
      style: v.style?.score ?? null,
      ...(v.character === null ? {} : { character: v.character }),
    }));
    return { scores, bestIndex: report.best, retry: report.autoRegenerate };
  };
}
