import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ComfyUIEngine, type ComfyUIEngineOptions } from "./comfyui/engine.ts";
import { EngineInputError } from "./errors.ts";
import { SketchEngine, type SketchEngineOptions } from "./sketch/engine.ts";
import type { GenerationEngine } from "./types.ts";

export { ComfyUIEngine, type ComfyUIEngineOptions } from "./comfyui/engine.ts";
export {
  buildPrompt,
  REFERENCE_TEMPLATE,
  TXT2IMG_TEMPLATE,
  type WorkflowTemplate,
} from "./comfyui/workflow.ts";
export {
  DEFAULT_STYLE,
  MAX_VARIATIONS,
  panelDescriptionSchema,
  parsePanelDescription,
} from "./description.ts";
export * from "./errors.ts";
export { characterBox, type FigureBox } from "./layout.ts";
export { SketchEngine, type SketchEngineOptions } from "./sketch/engine.ts";
export * from "./types.ts";

export type EngineConfig =
  | { engine: "sketch"; sketch?: SketchEngineOptions }
  | { engine: "comfyui"; comfyui: ComfyUIEngineOptions };

export function createEngine(config: EngineConfig): GenerationEngine {
  switch (config.engine) {
    case "sketch":
      return new SketchEngine(config.sketch);
    case "comfyui":
      return new ComfyUIEngine(config.comfyui);
    default: {
      const never: never = config;
      throw new EngineInputError(`Unknown engine ${JSON.stringify(never)}`);
    }
  }
}

/** The worker's environment settings for engines (to merge into the worker's config schema). */
export const engineEnvSchema = z.object({
  ENGINE: z.enum(["sketch", "comfyui"]).default("sketch"),
  /** Slowest pace of a sketch step in ms, to make progress watchable in demos. */
  SKETCH_MIN_STEP_MS: z.coerce.number().int().min(0).max(10_000).default(0),
  COMFYUI_URL: z.url().default("http://127.0.0.1:8188"),
  COMFYUI_CHECKPOINT: z.string().min(1).optional(),
  COMFYUI_STEPS: z.coerce.number().int().min(1).max(200).optional(),
  /** A workflow JSON in ComfyUI's API format with {{placeholders}} (see comfyui/workflow.ts). */
  COMFYUI_WORKFLOW_PATH: z.string().min(1).optional(),
  /** The same for panels with a character reference; "none" turns reference workflows off. */
  COMFYUI_REFERENCE_WORKFLOW_PATH: z.string().min(1).optional(),
  /** e.g. "Bearer abc" for a ComfyUI behind an authenticating proxy. */
  COMFYUI_AUTHORIZATION: z.string().min(1).optional(),
  COMFYUI_TIMEOUT_MS: z.coerce.number().int().min(1_000).optional(),
});

async function readWorkflow(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new EngineInputError(`Cannot read the ComfyUI workflow at ${path}: ${(error as Error).message}`);
  }
}

/** Engine configuration from parsed environment settings (reads workflow files). */
export async function engineConfigFromEnv(env: z.infer<typeof engineEnvSchema>): Promise<EngineConfig> {
  if (env.ENGINE === "sketch") return { engine: "sketch", sketch: { minStepMs: env.SKETCH_MIN_STEP_MS } };
  const reference = env.COMFYUI_REFERENCE_WORKFLOW_PATH;
  return {
    engine: "comfyui",
    comfyui: {
      baseUrl: env.COMFYUI_URL,
      ...(env.COMFYUI_CHECKPOINT ? { checkpoint: env.COMFYUI_CHECKPOINT } : {}),
      ...(env.COMFYUI_STEPS ? { steps: env.COMFYUI_STEPS } : {}),
      ...(env.COMFYUI_TIMEOUT_MS ? { timeoutMs: env.COMFYUI_TIMEOUT_MS } : {}),
      ...(env.COMFYUI_AUTHORIZATION ? { headers: { authorization: env.COMFYUI_AUTHORIZATION } } : {}),
      ...(env.COMFYUI_WORKFLOW_PATH ? { workflow: await readWorkflow(env.COMFYUI_WORKFLOW_PATH) } : {}),
      ...(reference === "none"
        ? { referenceWorkflow: null }
        : reference
          ? { referenceWorkflow: await readWorkflow(reference) }
          : {}),
    },
  };
}
