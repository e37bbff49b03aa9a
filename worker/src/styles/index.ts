/**
 * Style extraction, import and matching: the entry points worker jobs and the api use.
 *
 * - `analyseImages(deps, buffers)`: words and numbers of 1..n images (palette swatches, warmth,
 *   line weight, shading, detail, summary), the style lock they imply, and the feature vector the
 *   matcher compares; cached per image by SHA-256 in `style_analysis_cache` when `deps.sql` is given.
 * - `StyleMatcher` / `getStyleMatcher(descriptor, options)`: ranks the curated catalogue (and an
 *   optional external catalogue from STYLE_CATALOGUE_FILE) against an analysis, with calibrated
 *   scores and the plan's fallback chain (apply / choose / reference / curated).
 * - `renderCatalogueSamples(storage)`: renders the catalogue's sample pictures into storage under
 *   `catalogue/<version>/<styleId>-<n>.png` (idempotent); `catalogueSampleKeys(styleId)` names them
 *   (n = 0..3: the plan's 4 preview scenes; the matcher also learns from 12 more scenes it does not store).
 * - `renderStylePreviews(params)`: the plan's 4 preview scenes (indoor, outdoor, close-up, wide).
 * - `styleParamsFromReport(report)`: a report back to the engines' StyleParams.
 */
export {
  type AnalyseDeps,
  analyseImage,
  analyseImages,
  type ImageAnalysis,
  imageHash,
  type StyleAnalysis,
} from "./analyse.ts";
export { type CachedImageAnalysis, readCachedAnalysis, writeCachedAnalysis } from "./cache.ts";
export { fitPlatt, type PlattCalibration, plattScore } from "./calibrate.ts";
export {
  type ExternalStyleModel,
  externalCatalogueEnvSchema,
  loadExternalCatalogue,
  StyleCatalogueError,
} from "./external.ts";
export { FEATURE_VERSION, featureVector } from "./features.ts";
export {
  MATCH_THRESHOLDS,
  type MatchDecision,
  type MatchEntry,
  type StyleMatch,
  type StyleMatchCandidate,
  StyleMatcher,
  type StyleMatcherOptions,
} from "./matcher.ts";
export { styleParamsFromReport } from "./params.ts";
export { buildStyleMatcher, catalogueIndexKey, getStyleMatcher, type MatcherSources } from "./registry.ts";
export { combineReports, type PaletteSwatch, type StyleReport, styleReport } from "./report.ts";
export {
  CATALOGUE_SAMPLE_SIZE,
  catalogueSampleKeys,
  catalogueSamples,
  type PreviewOptions,
  type RenderCatalogueResult,
  renderCatalogueSamples,
  renderScenes,
  renderStylePreviews,
  SAMPLES_PER_STYLE,
} from "./samples.ts";
export { MATCH_SCENES, PREVIEW_SCENES, type PreviewScene, SAMPLE_SCENES } from "./scenes.ts";
export { configuredExternalCatalogue, prepareStyleCatalogue, styleMatcherFor } from "./startup.ts";
