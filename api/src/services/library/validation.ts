import type { ObjectStorage, Sql } from "@comic-studio/infra";
import { CHARACTER_REFERENCES, type ReferenceIssue, type ValidationReport } from "@comic-studio/shared";
import { hammingDistance, type ImageHeuristics, measureImage } from "./heuristics.ts";

/** Shorter side below which a reference is refused, and below which it is only warned about. */
export const MIN_SIDE_PX = 256;
export const RECOMMENDED_SIDE_PX = 512;
/**
 * Laplacian variance (at 256 px) below which a reference is too blurred to use. Calibrated on
 * sketch renders: sharp line art measures in the hundreds to thousands, the same picture with a
 * 3 px Gaussian blur under 40.
 */
export const BLUR_VARIANCE_MIN = 60;
/**
 * dHash bits (of 256) at or under which two references are near-duplicates. Measured on sketch
 * renders: a JPEG re-encode or a resize of one picture differs by 14-16 bits, the same character
 * with another expression by 20 or more, another pose or angle by 34 or more.
 */
export const DUPLICATE_HAMMING_MAX = 16;
/** Silhouette asymmetry above which a reference counts as a turned (3/4 or side) view. */
export const TURNED_ASYMMETRY_MIN = 0.18;
/** From this many images on, a set with a single view is warned about. */
const VARIETY_CHECK_FROM = 3;

interface UploadRow {
  id: string;
  width: number;
  height: number;
  storage_key: string;
  sha256: string;
}

export interface LoadedReference {
  uploadId: string;
  storageKey: string;
  width: number;
  height: number;
  measures: ImageHeuristics | null;
}

async function readAll(storage: ObjectStorage, key: string): Promise<Buffer | null> {
  const object = await storage.get(key);
  if (!object) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Which view group a reference falls in: front/back (symmetric), turned left, turned right. */
export function viewGroup(m: ImageHeuristics): "symmetric" | "left" | "right" {
  if (m.asymmetry < TURNED_ASYMMETRY_MIN) return "symmetric";
  return m.lean < 0 ? "left" : "right";
}

/** The report for measured references (pure, so it is unit-testable). */
export function buildReport(
  references: readonly LoadedReference[],
  missing: readonly string[],
): ValidationReport {
  const issues: ReferenceIssue[] = [];
  const issue = (
    code: ReferenceIssue["code"],
    severity: ReferenceIssue["severity"],
    message: string,
    uploadId: string | null = null,
    otherUploadId: string | null = null,
  ) => issues.push({ code, severity, message, uploadId, otherUploadId });
  for (const id of missing) issue("NOT_FOUND", "error", "This image is not among the project's uploads.", id);
  const count = references.length;
  if (count < CHARACTER_REFERENCES.min) {
    issue("TOO_FEW_IMAGES", "error", "Add at least one reference image.");
  } else if (count > CHARACTER_REFERENCES.max) {
    issue("TOO_MANY_IMAGES", "error", `Use at most ${CHARACTER_REFERENCES.max} reference images.`);
  } else if (count < CHARACTER_REFERENCES.recommendedMin) {
    issue(
      "TOO_FEW_IMAGES",
      "warning",
      `${count} reference image${count === 1 ? "" : "s"}: consistency is best with ${CHARACTER_REFERENCES.recommendedMin}-${CHARACTER_REFERENCES.recommendedMax}, showing several angles and expressions.`,
    );
  }
  for (const r of references) {
    const side = Math.min(r.width, r.height);
    if (side < MIN_SIDE_PX) {
      issue(
        "TOO_SMALL",
        "error",
        `Too small (${r.width} x ${r.height} px): the shorter side needs at least ${MIN_SIDE_PX} px.`,
        r.uploadId,
      );
    } else if (side < RECOMMENDED_SIDE_PX) {
      issue(
        "TOO_SMALL",
        "warning",
        `Small (${r.width} x ${r.height} px): ${RECOMMENDED_SIDE_PX} px or more on the shorter side keeps details.`,
        r.uploadId,
      );
    }
    if (r.measures && r.measures.sharpness < BLUR_VARIANCE_MIN) {
      issue(
        "BLURRED",
        "error",
        `Too blurred to learn details from (sharpness ${Math.round(r.measures.sharpness)}, needs ${BLUR_VARIANCE_MIN}). Use a sharper image.`,
        r.uploadId,
      );
    }
  }
  for (let i = 0; i < references.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = references[i]!.measures;
      const b = references[j]!.measures;
      if (!a || !b) continue;
      if (hammingDistance(a.hash, b.hash) <= DUPLICATE_HAMMING_MAX) {
        issue(
          "NEAR_DUPLICATE",
          "warning",
          `Almost the same picture as image ${j + 1}: it adds nothing. Replace it with another angle or expression.`,
          references[i]!.uploadId,
          references[j]!.uploadId,
        );
        break;
      }
    }
  }
  const measured = references.filter((r) => r.measures);
  const groups = new Set(measured.map((r) => viewGroup(r.measures!)));
  if (measured.length >= VARIETY_CHECK_FROM && groups.size < 2) {
    const only = [...groups][0];
    issue(
      "TOO_FEW_ANGLES",
      "warning",
      only === "symmetric"
        ? "Every reference seems to show the character from the front (or back). Add side and 3/4 views."
        : "Every reference seems to show the character turned the same way. Add front views and the other side.",
    );
  }
  const guidance: string[] = [];
  if (count < CHARACTER_REFERENCES.recommendedMin)
    guidance.push(`Add ${CHARACTER_REFERENCES.recommendedMin - count} more images for the best consistency.`);
  if (!groups.has("symmetric")) guidance.push("Include a front view.");
  if (!groups.has("left") && !groups.has("right")) guidance.push("Include a side view and a 3/4 view.");
  if (issues.some((i) => i.code === "NEAR_DUPLICATE"))
    guidance.push("Replace near-duplicates with different expressions (happy, sad, angry, surprised).");
  return {
    ok: !issues.some((i) => i.severity === "error"),
    imageCount: count,
    distinctViews: groups.size,
    issues,
    images: references.map((r) => ({
      uploadId: r.uploadId,
      width: r.width,
      height: r.height,
      sharpness: Math.round((r.measures?.sharpness ?? 0) * 10) / 10,
      asymmetry: Math.round((r.measures?.asymmetry ?? 0) * 1000) / 1000,
    })),
    guidance,
  };
}

/** Loads and measures a project's uploads (in the given order) and reports on them. */
export async function validateReferences(
  sql: Sql,
  storage: ObjectStorage,
  projectId: string,
  uploadIds: readonly string[],
): Promise<{ report: ValidationReport; references: LoadedReference[] }> {
  const unique = [...new Set(uploadIds)];
  const rows = await sql<UploadRow[]>`
    select id, width, height, storage_key, sha256 from uploads
     where project_id = ${projectId} and id = any(${unique}::uuid[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = unique.filter((id) => !byId.has(id));
  const references: LoadedReference[] = [];
  for (const id of unique) {
    const row = byId.get(id);
    if (!row) continue;
    const bytes = await readAll(storage, row.storage_key);
    references.push({
      uploadId: id,
      storageKey: row.storage_key,
      width: row.width,
      height: row.height,
      measures: bytes ? await measureImage(bytes) : null,
    });
  }
  return { report: buildReport(references, missing), references };
}
