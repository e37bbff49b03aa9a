import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { z } from "zod";
import { AnalysisError } from "./errors.ts";
import type { RgbImage } from "./image.ts";
import {
  BUILTIN_INPUT_NAME,
  BUILTIN_INPUT_SIZE,
  BUILTIN_OUTPUT_NAME,
  BUILTIN_STYLE_MODEL_ID,
  buildStyleModel,
} from "./onnx/style-graph.ts";

/** Per-channel normalisation an external model expects after scaling pixels to 0..1. */
const NORMALISATIONS = {
  none: { mean: [0, 0, 0], std: [1, 1, 1] },
  clip: { mean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711] },
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
} as const;
export type Normalisation = keyof typeof NORMALISATIONS;

export interface StyleDescriptorOptions {
  /**
   * An ONNX model mapping images [N,3,S,S] to embeddings [N,D] (a CLIP or CSD image encoder).
   * Default: none, the built-in filter graph that the project builds itself.
   */
  modelPath?: string;
  /** Side S of the square input, px. Default 224. */
  inputSize?: number;
  /** Pixel normalisation after scaling to 0..1. Default "none" built in, "clip" for a model file. */
  normalise?: Normalisation;
  /** Output to read; default the model's first output. */
  outputName?: string;
  /** Threads onnxruntime may use inside one run. Default 1: the worker runs jobs side by side. */
  intraOpThreads?: number;
}

/** The worker's environment settings for the descriptor (for the worker's config schema). */
export const styleDescriptorEnvSchema = z.object({
  STYLE_MODEL_PATH: z.string().min(1).optional(),
  STYLE_MODEL_INPUT_SIZE: z.coerce.number().int().min(32).max(1024).optional(),
  STYLE_MODEL_NORMALISE: z.enum(["none", "clip", "imagenet"]).optional(),
  STYLE_MODEL_OUTPUT: z.string().min(1).optional(),
});

export function styleDescriptorOptionsFromEnv(
  env: z.infer<typeof styleDescriptorEnvSchema>,
): StyleDescriptorOptions {
  return {
    ...(env.STYLE_MODEL_PATH ? { modelPath: env.STYLE_MODEL_PATH } : {}),
    ...(env.STYLE_MODEL_INPUT_SIZE ? { inputSize: env.STYLE_MODEL_INPUT_SIZE } : {}),
    ...(env.STYLE_MODEL_NORMALISE ? { normalise: env.STYLE_MODEL_NORMALISE } : {}),
    ...(env.STYLE_MODEL_OUTPUT ? { outputName: env.STYLE_MODEL_OUTPUT } : {}),
  };
}

/** Writes the built-in model to a file, e.g. to inspect it with Netron or to cache it. */
export async function writeBuiltinStyleModel(path: string, inputSize = BUILTIN_INPUT_SIZE): Promise<void> {
  await writeFile(path, buildStyleModel(inputSize));
}

/**
 * Style descriptors: unit-length vectors whose cosine similarity says how alike two pictures'
 * styles are. Raw cosines are not scores; see scores.ts for the calibration.
 */
export class StyleDescriptor {
  /** Stable id of the model, part of every cache key (the built-in id, or the file's hash). */
  readonly modelId: string;
  readonly inputSize: number;
  private readonly session: ort.InferenceSession;
  private readonly inputName: string;
  private readonly outputName: string;
  private readonly normalisation: (typeof NORMALISATIONS)[Normalisation];

  private constructor(
    session: ort.InferenceSession,
    modelId: string,
    inputSize: number,
    normalise: Normalisation,
    outputName: string,
  ) {
    this.session = session;
    this.modelId = modelId;
    this.inputSize = inputSize;
    this.inputName = session.inputNames[0]!;
    this.outputName = outputName;
    this.normalisation = NORMALISATIONS[normalise];
  }

  static async create(options: StyleDescriptorOptions = {}): Promise<StyleDescriptor> {
    const inputSize = options.inputSize ?? BUILTIN_INPUT_SIZE;
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: options.intraOpThreads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
    };
    try {
      if (options.modelPath) {
        const bytes = await readFile(options.modelPath);
        const session = await ort.InferenceSession.create(bytes, sessionOptions);
        const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
        const outputName = options.outputName ?? session.outputNames[0]!;
        if (!session.outputNames.includes(outputName)) {
          throw new Error(`model has no output "${outputName}" (outputs: ${session.outputNames.join(", ")})`);
        }
        return new StyleDescriptor(
          session,
          `file:${basename(options.modelPath)}:${hash}`,
          inputSize,
          options.normalise ?? "clip",
          outputName,
        );
      }
      const session = await ort.InferenceSession.create(buildStyleModel(inputSize), sessionOptions);
      if (session.inputNames[0] !== BUILTIN_INPUT_NAME) throw new Error("built-in model lost its input");
      return new StyleDescriptor(
        session,
        `${BUILTIN_STYLE_MODEL_ID}@${inputSize}`,
        inputSize,
        options.normalise ?? "none",
        BUILTIN_OUTPUT_NAME,
      );
    } catch (error) {
      throw new AnalysisError(
        "ANALYSIS_MODEL",
        `Could not load the style model: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  /**
   * Descriptors of several images, each unit length. Images run one at a time: on CPU a batch
   * is slower per image than single runs here (cache pressure at 384 px).
   */
  async describe(images: readonly (Buffer | RgbImage)[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (const image of images) out.push(await this.describeOne(image));
    return out;
  }

  async describeOne(image: Buffer | RgbImage): Promise<Float32Array> {
    const s = this.inputSize;
    const plane = s * s;
    const input = new Float32Array(3 * plane);
    const { mean, std } = this.normalisation;
    const pixels = await this.pixels(image);
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) input[c * plane + p] = (pixels[p * 3 + c]! / 255 - mean[c]!) / std[c]!;
    }
    const tensor = new ort.Tensor("float32", input, [1, 3, s, s]);
    const output = (await this.session.run({ [this.inputName]: tensor }, [this.outputName]))[this.outputName];
    if (!output) throw new AnalysisError("ANALYSIS_MODEL", `The style model gave no "${this.outputName}"`);
    return unit(Float32Array.from(output.data as Float32Array));
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private async pixels(image: Buffer | RgbImage): Promise<Buffer> {
    const s = this.inputSize;
    try {
      const source = Buffer.isBuffer(image)
        ? sharp(image, { failOn: "error" }).rotate().flatten({ background: "#ffffff" })
        : sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
      return await source.resize(s, s, { fit: "fill" }).toColourspace("srgb").removeAlpha().raw().toBuffer();
    } catch (error) {
      throw new AnalysisError("ANALYSIS_BAD_IMAGE", "The image could not be read", { cause: error });
    }
  }
}

export function unit(v: Float32Array): Float32Array {
  let ss = 0;
  for (const x of v) ss += x * x;
  const norm = Math.sqrt(ss) || 1;
  return v.map((x) => x / norm);
}

/** Cosine similarity of two descriptors (unit length, so a dot product). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new AnalysisError("ANALYSIS_BAD_INPUT", "descriptors of different models");
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
