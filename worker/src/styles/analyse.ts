import { createHash } from "node:crypto";
import type { Sql } from "@comic-studio/infra";
import type { StyleDescriptor } from "../analysis/descriptor.ts";
import { loadRgb } from "../analysis/image.ts";
import { measureStyle, type StyleMeasurements } from "../analysis/measure.ts";
import type { StyleParams } from "../engines/types.ts";
import { readCachedAnalysis, writeCachedAnalysis } from "./cache.ts";
import { featureVector, meanVector } from "./features.ts";
import { styleParamsFromReport } from "./params.ts";
import { combineReports, type StyleReport, styleReport } from "./report.ts";

export interface AnalyseDeps {
  descriptor: StyleDescriptor;
  /** When given, per-image results are read from and written to `style_analysis_cache`. */
  sql?: Sql;
}

export interface ImageAnalysis {
  /** SHA-256 of the image bytes, hex. */
  hash: string;
  /** True when the result came from the cache. */
  cached: boolean;
  measurements: StyleMeasurements;
  /** The descriptor model's unit-length vector. */
  descriptor: number[];
  /** The matcher's vector (features.ts). */
  features: number[];
  report: StyleReport;
}

export interface StyleAnalysis {
  /** Descriptor model the vectors belong to. */
  modelId: string;
  images: ImageAnalysis[];
  /** The combined report of all images. */
  report: StyleReport;
  /** The style lock the images imply. */
  params: StyleParams;
  /** Mean of the images' feature vectors: what the matcher compares. */
  features: number[];
  /**
   * False when the pictures carry no style to speak of (blank or a single flat colour): then
   * neither matching nor using them as references makes sense.
   */
  usable: boolean;
}

export function imageHash(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** One image: from the cache when possible, else measured and described (and cached). */
export async function analyseImage(deps: AnalyseDeps, bytes: Buffer): Promise<ImageAnalysis> {
  const hash = imageHash(bytes);
  const modelId = deps.descriptor.modelId;
  const hit = deps.sql ? await readCachedAnalysis(deps.sql, hash, modelId) : null;
  let measurements: StyleMeasurements;
  let descriptor: number[];
  if (hit) {
    ({ measurements, descriptor } = hit);
  } else {
    // Decoded once, shared by both passes.
    const image = await loadRgb(bytes);
    measurements = await measureStyle(image);
    descriptor = Array.from(await deps.descriptor.describeOne(image));
    if (deps.sql) await writeCachedAnalysis(deps.sql, hash, modelId, { descriptor, measurements });
  }
  return {
    hash,
    cached: hit !== null,
    measurements,
    descriptor,
    features: featureVector(descriptor, measurements),
    report: styleReport(measurements),
  };
}

/** Pictures with less edge density than this and a single swatch carry no usable style. */
const BLANK_EDGE_DENSITY = 0.002;

/**
 * Analyses 1..n pictures of one style (a style import's references, or a project's panels).
 * Throws AnalysisError("ANALYSIS_BAD_IMAGE") when a picture cannot be decoded.
 */
export async function analyseImages(deps: AnalyseDeps, images: readonly Buffer[]): Promise<StyleAnalysis> {
  if (images.length === 0) throw new Error("style analysis needs at least one image");
  const analysed: ImageAnalysis[] = [];
  // One at a time: each image already keeps a core busy, and the worker runs jobs side by side.
  for (const bytes of images) analysed.push(await analyseImage(deps, bytes));
  const report = combineReports(analysed.map((a) => a.measurements));
  return {
    modelId: deps.descriptor.modelId,
    images: analysed,
    report,
    params: styleParamsFromReport(report),
    features: meanVector(analysed.map((a) => a.features)),
    usable: analysed.some(
      (a) => a.measurements.edgeDensity >= BLANK_EDGE_DENSITY || a.measurements.palette.length > 1,
    ),
  };
}
