import { STYLE_MATCH_THRESHOLDS, type StyleMatchDecision } from "@comic-studio/shared";
import type { StyleParams } from "../engines/types.ts";
import { fitPlatt, type PlattCalibration, plattScore } from "./calibrate.ts";
import { fitLda, type LdaOptions, type LdaProjection, project } from "./lda.ts";

/**
 * Matches an extracted style against the curated catalogue (and an optional external catalogue of
 * style models), with calibrated scores and the plan's fallback chain.
 *
 * Metric: feature vectors (features.ts) are projected with a linear discriminant analysis learned
 * on the catalogue's own renders (lda.ts: full within-style covariance, shrunk), and compared by
 * Euclidean distance to each style's projected centroid.
 *
 * Calibration: distances are not scores. Cross-validation over the catalogue's scenes gives
 * labelled distances (crossValidate below): a held-out scene's picture to its own style's centroid
 * (same style) and to every other style's centroid (different style), with the projection and
 * centroids fitted without that scene. A Platt fit (calibrate.ts, classes weighted equally) maps a
 * distance to the probability that the candidate is the picture's style; that probability is the
 * score the 0.85 / 0.70 thresholds are applied to.
 */

export const MATCH_THRESHOLDS = STYLE_MATCH_THRESHOLDS;
export type MatchDecision = StyleMatchDecision;

/** A catalogue entry with the feature vectors of its sample pictures. */
export interface MatchEntry {
  source: "curated" | "external";
  id: string;
  name: string;
  /** The style lock to apply when chosen (external models may have none: a LoRA is applied by id). */
  params?: StyleParams;
  samples: number[][];
}

export interface StyleMatchCandidate {
  source: "curated" | "external";
  id: string;
  name: string;
  /** Calibrated, 0..1: the probability that this is the pictures' style. */
  score: number;
  /** Weighted distance to the style's centroid (what the score calibrates). */
  distance: number;
  params?: StyleParams;
}

export interface StyleMatch {
  decision: MatchDecision;
  /** Best first, at most 3. */
  matches: StyleMatchCandidate[];
  /** Shown to the creator when the decision is "reference" or "curated". */
  warning?: string;
}

/** Options of the discriminant projection (lda.ts). */
export type StyleMatcherOptions = LdaOptions;

interface Centroid {
  entry: MatchEntry;
  mean: Float64Array;
}

export class StyleMatcher {
  readonly modelId: string;
  readonly projection: LdaProjection;
  readonly calibration: PlattCalibration;
  /** Cross-validated top-1 accuracy on the catalogue's own samples (held-out scenes). */
  readonly cvTop1: number;
  private readonly centroids: Centroid[];

  private constructor(
    modelId: string,
    centroids: Centroid[],
    projection: LdaProjection,
    calibration: PlattCalibration,
    cvTop1: number,
  ) {
    this.modelId = modelId;
    this.centroids = centroids;
    this.projection = projection;
    this.calibration = calibration;
    this.cvTop1 = cvTop1;
  }

  /**
   * Learns the weights and the calibration on the entries with at least 2 samples (the curated
   * catalogue); every entry is matchable.
   */
  static fit(
    modelId: string,
    entries: readonly MatchEntry[],
    options: StyleMatcherOptions = {},
  ): StyleMatcher {
    const training = entries.filter((e) => e.source === "curated" && e.samples.length >= 2);
    if (training.length < 2) throw new Error("the matcher needs at least 2 curated styles with 2+ samples");
    const dims = training[0]!.samples[0]!.length;
    for (const e of entries) {
      for (const s of e.samples) {
        if (s.length !== dims)
          throw new Error(`style ${e.id} has vectors of another length (${s.length}, not ${dims})`);
      }
    }
    // Without a given shrinkage, the one that ranks held-out catalogue scenes best (crossValidate):
    // chosen on the catalogue alone, never on the pictures the matcher is later asked about.
    let chosen = options;
    let validation: ReturnType<typeof crossValidate> | null = null;
    if (options.shrinkage === undefined) {
      for (const shrinkage of SHRINKAGE_CANDIDATES) {
        const cv = crossValidate(training, { ...options, shrinkage });
        if (!validation || cv.correct > validation.correct) {
          validation = cv;
          chosen = { ...options, shrinkage };
        }
      }
    }
    const projection = fitLda(
      training.map((e) => e.samples),
      chosen,
    );
    const projected = new Map(entries.map((e) => [e, e.samples.map((x) => project(projection, x))]));
    const centroids = entries
      .filter((e) => e.samples.length > 0)
      .map((entry) => ({ entry, mean: meanOf(projected.get(entry)!) }));
    const { positive, negative, correct, total } = validation ?? crossValidate(training, chosen);
    return new StyleMatcher(modelId, centroids, projection, fitPlatt(positive, negative), correct / total);
  }

  /** Every entry, best first. */
  rank(features: readonly number[]): StyleMatchCandidate[] {
    const x = project(this.projection, features);
    return this.centroids
      .map(({ entry, mean }) => {
        const d = distance(x, mean);
        return {
          source: entry.source,
          id: entry.id,
          name: entry.name,
          score: round(plattScore(d, this.calibration)),
          distance: round(d),
          ...(entry.params ? { params: entry.params } : {}),
        };
      })
      .sort((a, b) => a.distance - b.distance);
  }

  /** The fallback chain for an analysis (analyse.ts `StyleAnalysis`). */
  match(analysis: { features: readonly number[]; usable: boolean }): StyleMatch {
    if (!analysis.usable) {
      return {
        decision: "curated",
        matches: [],
        warning:
          "These pictures carry too little style to extract (blank, or one flat colour). Pick a curated style instead.",
      };
    }
    const matches = this.rank(analysis.features).slice(0, 3);
    const best = matches[0];
    if (!best) {
      return {
        decision: "curated",
        matches: [],
        warning: "No style catalogue is available. Pick a curated style.",
      };
    }
    if (best.score >= MATCH_THRESHOLDS.apply) return { decision: "apply", matches };
    if (best.score >= MATCH_THRESHOLDS.choose) return { decision: "choose", matches };
    return {
      decision: "reference",
      matches,
      warning:
        `No catalogued style is a close match (best: ${best.name}, ${Math.round(best.score * 100)}%). ` +
        "Generations will follow your reference images directly, which holds the style less tightly.",
    };
  }
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function distance(a: Float64Array, b: Float64Array): number {
  let d2 = 0;
  for (let j = 0; j < a.length; j++) d2 += (a[j]! - b[j]!) ** 2;
  return Math.sqrt(d2);
}

function meanOf(vectors: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(vectors[0]!.length);
  for (const v of vectors) for (let j = 0; j < v.length; j++) out[j]! += v[j]! / vectors.length;
  return out;
}

/** Shrinkages of the within-style covariance tried when none is given (lda.ts; ties keep the first). */
export const SHRINKAGE_CANDIDATES = [0.1, 0.03, 0.3] as const;

/** Folds the catalogue's scenes are split into for calibration. */
export const CALIBRATION_FOLDS = 4;

/**
 * Labelled distances for the calibration, measured honestly: the samples are split into folds by
 * their index (the scene they show: every curated style is drawn in the same scenes), the
 * projection and centroids are fitted without a fold, and the fold's samples are measured against
 * them. So "same style" distances are those of a scene the matcher has not seen, as for a
 * creator's pictures.
 */
function crossValidate(
  training: readonly MatchEntry[],
  options: StyleMatcherOptions,
): { positive: number[]; negative: number[]; correct: number; total: number } {
  const positive: number[] = [];
  const negative: number[] = [];
  let correct = 0;
  let total = 0;
  const folds = Math.min(CALIBRATION_FOLDS, Math.min(...training.map((e) => e.samples.length)));
  for (let fold = 0; fold < folds; fold++) {
    const kept = training.map((e) => e.samples.filter((_, i) => i % folds !== fold));
    const held = training.map((e) => e.samples.filter((_, i) => i % folds === fold));
    const p = fitLda(kept, options);
    const means = kept.map((samples) => meanOf(samples.map((x) => project(p, x))));
    for (const [k, samples] of held.entries()) {
      for (const sample of samples) {
        const x = project(p, sample);
        const own = distance(x, means[k]!);
        positive.push(own);
        let best = true;
        for (const [j, mean] of means.entries()) {
          if (j === k) continue;
          const d = distance(x, mean);
          negative.push(d);
          if (d <= own) best = false;
        }
        if (best) correct++;
        total++;
      }
    }
  }
  return { positive, negative, correct, total };
}
