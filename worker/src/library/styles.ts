import {
  curatedStyle,
  type LibraryJobPayload,
  libraryKeys,
  STYLE_PREVIEW_SCENES,
  type StyleAnalysis as StyleAnalysisWire,
  type StyleOverrides,
} from "@comic-studio/shared";
import { UnrecoverableError } from "bullmq";
import type { StyleParams } from "../engines/types.ts";
import { analyseImages, PREVIEW_SCENES, type StyleMatch } from "../styles/index.ts";
import { type LibraryDeps, type ProgressReporter, readObjects, seedOf } from "./deps.ts";

type AnalysisPayload = Extract<LibraryJobPayload, { kind: "style-analysis" }>;
type PreviewPayload = Extract<LibraryJobPayload, { kind: "style-preview" }>;

/** Preview pictures, landscape (the catalogue samples' size, so both read alike). */
export const PREVIEW_SIZE = { width: 384, height: 256 } as const;

const DECISION_MESSAGE: Record<StyleMatch["decision"], string> = {
  apply: "A curated style matches closely and is used.",
  choose: "Several curated styles are close: pick the one that fits best.",
  reference: "No curated style is a close match: your images are used as the style reference.",
  curated: "No style could be matched: pick a curated style.",
};

/** Analysis (cached by image hash) and catalogue match, in the wire's words and numbers. */
export async function analyseStyle(
  deps: LibraryDeps,
  images: readonly Buffer[],
): Promise<{ analysis: StyleAnalysisWire; params: StyleParams; catalogueId: string | null }> {
  const result = await analyseImages({ descriptor: deps.descriptor, sql: deps.sql }, images);
  const match = (await deps.matcher()).match(result);
  const best = match.matches[0];
  const movement =
    best && (match.decision === "apply" || match.decision === "choose")
      ? (curatedStyle(best.id)?.movement ?? null)
      : null;
  const applied = match.decision === "apply" && best?.params ? best.params : null;
  const params = applied ?? result.params;
  const r = result.report;
  const analysis: StyleAnalysisWire = {
    words: {
      warmth: r.warmth.word,
      lines: r.lineWeight.word,
      shading: r.shading.word,
      detail: r.detail.word,
      movement,
      summary: r.summary,
    },
    numbers: {
      lineWeight: round(result.params.lineWeight),
      warmth: round(result.params.warmth),
      detail: round(result.params.detail),
      shadingLevels: result.params.shadingLevels,
      palette: result.params.palette ?? [],
    },
    matches: match.matches.map((m) => ({ catalogueId: m.id, name: m.name, score: round(m.score) })),
    decision: {
      mode: match.decision,
      message: match.warning ?? DECISION_MESSAGE[match.decision],
      catalogueId: applied && best ? best.id : null,
    },
    imageCount: result.images.length,
    cachedCount: result.images.filter((i) => i.cached).length,
  };
  return { analysis, params, catalogueId: analysis.decision.catalogueId };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** Style extraction (from a character) or import (from uploads): analysis and match. */
export async function runStyleAnalysis(
  deps: LibraryDeps,
  payload: AnalysisPayload,
  report: ProgressReporter,
): Promise<{ decision: string }> {
  const [row] = await deps.sql<{ id: string; source_images: string[] }[]>`
    select id, source_images from imported_styles where id = ${payload.styleId}`;
  if (!row) throw new UnrecoverableError("The style no longer exists.");
  await report(0.1, "Reading the images");
  const ids = row.source_images ?? [];
  const uploads = ids.length
    ? await deps.sql<{ id: string; storage_key: string }[]>`
        select id, storage_key from uploads where id = any(${ids}::uuid[])`
    : [];
  const images = await readObjects(
    deps.storage,
    uploads.map((u) => u.storage_key),
  );
  if (images.length === 0) throw new UnrecoverableError("None of the style's images could be read.");
  await report(0.3, "Measuring the style");
  const { analysis, params, catalogueId } = await analyseStyle(deps, images);
  await report(0.9, "Matching the catalogue");
  await deps.sql`
    update imported_styles set analysis = ${deps.sql.json(analysis as never)}, style_params = ${deps.sql.json(params as never)},
           catalogue_id = ${catalogueId}, matched_style_ref = ${analysis.matches[0]?.catalogueId ?? null}
     where id = ${row.id}`;
  return { decision: analysis.decision.mode };
}

/** The four sample environments in the style (with the slider overrides), stored for review. */
export async function runStylePreview(
  deps: LibraryDeps,
  payload: PreviewPayload,
  report: ProgressReporter,
  signal?: AbortSignal,
): Promise<{ previews: number }> {
  const [row] = await deps.sql<{ id: string; style_params: StyleParams | null; overrides: StyleOverrides }[]>`
    select id, style_params, overrides from imported_styles where id = ${payload.styleId}`;
  if (!row?.style_params) throw new UnrecoverableError("The style has no parameters yet.");
  const style: StyleParams = { ...row.style_params, ...definedOnly(row.overrides ?? {}) };
  const previews: Array<{ scene: string; key: string }> = [];
  for (const [i, scene] of PREVIEW_SCENES.entries()) {
    const name = STYLE_PREVIEW_SCENES[i]!;
    await report(0.05 + (0.9 * i) / PREVIEW_SCENES.length, `Rendering the ${scene.label.toLowerCase()}`);
    const result = await deps.engine.generate(
      {
        prompt: scene.prompt,
        width: PREVIEW_SIZE.width,
        height: PREVIEW_SIZE.height,
        seed: seedOf(`${row.id}/${name}`),
        variations: 1,
        location: scene.location,
        characters: scene.characters.map((c, k) => ({ ...c, id: `preview-${k}`, name: "Sample" })),
        style,
      },
      signal ? { signal } : {},
    );
    const key = libraryKeys.stylePreview(payload.projectId, row.id, payload.jobId, name);
    await deps.storage.put(key, result.variations[0]!.png, "image/png");
    previews.push({ scene: name, key });
  }
  await deps.sql`update imported_styles set preview_images = ${deps.sql.json(previews)} where id = ${row.id}`;
  return { previews: previews.length };
}

function definedOnly(overrides: StyleOverrides): Partial<StyleParams> {
  return Object.fromEntries(
    Object.entries(overrides).filter(([, v]) => v !== undefined),
  ) as Partial<StyleParams>;
}
