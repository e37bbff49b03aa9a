import { createHash } from "node:crypto";
import type { Sql } from "@comic-studio/infra";
import type { StyleMeasurements } from "../analysis/measure.ts";
import { FEATURE_VERSION } from "./features.ts";

/**
 * Per-image analysis cache in `style_analysis_cache`, keyed by the image's SHA-256. A row holds the
 * descriptor (`style_embedding`) and the measurements (`style_tags`) for one descriptor model and
 * feature version (`descriptor_version`); a row made with another model or version is a miss and
 * is overwritten, so switching STYLE_MODEL_PATH never serves stale vectors.
 */

export interface CachedImageAnalysis {
  descriptor: number[];
  measurements: StyleMeasurements;
}

/** Column `descriptor_version` is varchar(50): long model ids are shortened to a hash. */
export function descriptorVersion(modelId: string): string {
  const full = `${FEATURE_VERSION}|${modelId}`;
  return full.length <= 50
    ? full
    : `${FEATURE_VERSION}|${createHash("sha256").update(modelId).digest("hex").slice(0, 40)}`;
}

export async function readCachedAnalysis(
  sql: Sql,
  imageHash: string,
  modelId: string,
): Promise<CachedImageAnalysis | null> {
  const [row] = await sql<{ style_embedding: number[] | null; style_tags: StyleMeasurements | null }[]>`
    select style_embedding, style_tags from style_analysis_cache
     where image_hash = ${imageHash} and descriptor_version = ${descriptorVersion(modelId)}`;
  if (!row?.style_embedding || !row.style_tags) return null;
  const m = row.style_tags;
  // JSON has no NaN: a picture without ink was stored with a null width.
  return {
    descriptor: row.style_embedding,
    measurements: { ...m, lineWidthPx: m.lineWidthPx ?? Number.NaN },
  };
}

export async function writeCachedAnalysis(
  sql: Sql,
  imageHash: string,
  modelId: string,
  value: CachedImageAnalysis,
  match?: { ids: string[]; scores: number[] },
): Promise<void> {
  const tags = {
    ...value.measurements,
    lineWidthPx: Number.isNaN(value.measurements.lineWidthPx) ? null : value.measurements.lineWidthPx,
  };
  const version = descriptorVersion(modelId);
  await sql`
    insert into style_analysis_cache (image_hash, descriptor_version, style_embedding, style_tags,
                                      matched_style_refs, match_scores)
    values (${imageHash}, ${version}, ${sql.json(value.descriptor)}, ${sql.json(tags as never)},
            ${match ? match.ids : null}, ${match ? match.scores : null})
    on conflict (image_hash) do update
       set descriptor_version = excluded.descriptor_version,
           style_embedding = excluded.style_embedding,
           style_tags = excluded.style_tags,
           matched_style_refs = coalesce(excluded.matched_style_refs, style_analysis_cache.matched_style_refs),
           match_scores = coalesce(excluded.match_scores, style_analysis_cache.match_scores),
           created_at = now()`;
}

/** Stores the match of a single image next to its analysis (for the library's history view). */
export async function writeCachedMatch(
  sql: Sql,
  imageHash: string,
  match: { ids: string[]; scores: number[] },
): Promise<void> {
  await sql`update style_analysis_cache set matched_style_refs = ${match.ids}, match_scores = ${match.scores}
             where image_hash = ${imageHash}`;
}
