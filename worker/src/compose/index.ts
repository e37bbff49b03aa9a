export {
  ALL_STEPS,
  type CharacterLayer,
  type ComposeOptions,
  type ComposeSteps,
  type CompositionResult,
  compose,
} from "./composite.ts";
export { type DepthMap, estimateDepth } from "./depth.ts";
export { COMPOSITION_HARMONY_THRESHOLD, type HarmonyReport } from "./harmony.ts";
export { estimateLight, type LightEstimate } from "./light.ts";
export { snapToToneLevels, type ToneLock } from "./posterise.ts";
