export { type Calibration, calibrate, calibratedScore } from "./calibration.ts";
export {
  type CharacterReferenceSet,
  type CharacterScore,
  characterConsistency,
  prepareCharacterReferences,
} from "./character.ts";
export * from "./color.ts";
export { type ContrastSet, defaultContrastSet } from "./contrast.ts";
export {
  cosine,
  StyleDescriptor,
  type StyleDescriptorOptions,
  styleDescriptorEnvSchema,
  styleDescriptorOptionsFromEnv,
  writeBuiltinStyleModel,
} from "./descriptor.ts";
export { AnalysisError, type AnalysisErrorCode } from "./errors.ts";
export { cropRgb, imageSize, loadRgb, type RgbImage } from "./image.ts";
export {
  describeStyle,
  measureChroma,
  measureStyle,
  measureWarmth,
  type StyleMeasurements,
  type StyleWords,
  styleParamsFromMeasurements,
} from "./measure.ts";
export { BUILTIN_STYLE_MODEL_ID, buildStyleModel } from "./onnx/style-graph.ts";
export { extractPalette, type PaletteColour } from "./palette.ts";
export {
  prepareStyleReferences,
  type QualityCheck,
  SCORE_THRESHOLDS,
  type ScoreReport,
  type ScoreVariationsInput,
  type StyleReferenceSet,
  scoreVariations,
  styleConsistency,
  type VariationScores,
} from "./scores.ts";
export { lineWeightForStrokeWidth, strokeWidthForLineWeight } from "./style-scale.ts";
