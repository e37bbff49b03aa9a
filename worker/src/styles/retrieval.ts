import { CURATED_STYLES, type CuratedStyle } from "@comic-studio/shared";
import type { StyleDescriptor } from "../analysis/descriptor.ts";
import { SketchEngine } from "../engines/sketch/engine.ts";
import type { CharacterSpec, LocationSpec } from "../engines/types.ts";
import { analyseImages } from "./analyse.ts";
import type { StyleMatcher } from "./matcher.ts";
import { CATALOGUE_SAMPLE_SIZE } from "./samples.ts";

/**
 * The retrieval check: pictures drawn in a curated style with other seeds, subjects, locations
 * and characters than the catalogue's samples must be matched back to that style. Used by
 * `pnpm bench:styles` (all 50 styles) and a reduced vitest run.
 */

/** Test subjects: none of them is one of the catalogue's sample scenes. */
export const RETRIEVAL_SUBJECTS: readonly { prompt: string; location: LocationSpec; figures: number }[] = [
  {
    prompt: "a market street at dusk",
    location: { name: "market street", lighting: "dusk", camera: "low", shot: "wide" },
    figures: 2,
  },
  {
    prompt: "a quiet beach",
    location: { name: "beach", lighting: "day", camera: "eye", shot: "medium" },
    figures: 1,
  },
  {
    prompt: "two friends talking in a cafe",
    location: { name: "cafe", lighting: "interior", camera: "high", shot: "close" },
    figures: 2,
  },
  {
    prompt: "a forest path at night",
    location: { name: "forest path", lighting: "night", camera: "eye", shot: "medium" },
    figures: 1,
  },
  {
    prompt: "a farm at sunset",
    location: { name: "farm", lighting: "dusk", camera: "eye", shot: "wide" },
    figures: 0,
  },
  {
    prompt: "a classroom",
    location: { name: "classroom", lighting: "interior", camera: "eye", shot: "wide" },
    figures: 3,
  },
];

const CHARACTER_PALETTES = [
  ["#d04a5a", "#2f3e6e", "#2a1a14", "#f1c7a5"],
  ["#3f8f5a", "#555555", "#d9b36b", "#e0ac8a"],
  ["#7b4fa0", "#1e1e2e", "#c0c0c0", "#f5d0b5"],
  ["#e9a23b", "#38475a", "#5a3a22", "#c68c64"],
  ["#2a7fb8", "#b8b8b8", "#111111", "#f1c7a5"],
] as const;
const POSES = ["standing", "action", "running", "waving", "pointing", "sitting"] as const;

export interface RetrievalCase {
  styleId: string;
  seed: number;
  subject: string;
  top1: string;
  top3: string[];
  /** Calibrated score of the true style. */
  trueScore: number;
  decision: string;
}

export interface RetrievalResult {
  cases: RetrievalCase[];
  top1: number;
  top3: number;
  /** Pictures the matcher got wrong, by true style. */
  failures: Record<string, { seed: number; subject: string; got: string }[]>;
  decisions: Record<string, number>;
  renderMs: number;
  analyseMs: number;
}

export interface RetrievalOptions {
  styles?: readonly CuratedStyle[];
  /** Pictures per style. Default 4. */
  perStyle?: number;
  width?: number;
  height?: number;
  onCase?(c: RetrievalCase): void;
}

export async function runRetrieval(
  descriptor: StyleDescriptor,
  matcher: StyleMatcher,
  options: RetrievalOptions = {},
): Promise<RetrievalResult> {
  const styles = options.styles ?? CURATED_STYLES;
  const perStyle = options.perStyle ?? 4;
  const width = options.width ?? CATALOGUE_SAMPLE_SIZE.width;
  const height = options.height ?? CATALOGUE_SAMPLE_SIZE.height;
  const engine = new SketchEngine();
  const cases: RetrievalCase[] = [];
  let renderMs = 0;
  let analyseMs = 0;
  for (const [s, style] of styles.entries()) {
    for (let i = 0; i < perStyle; i++) {
      // Subjects rotate with the style's index so every style sees a different mix.
      const subject = RETRIEVAL_SUBJECTS[(s + i) % RETRIEVAL_SUBJECTS.length]!;
      const seed = 10_007 + s * 101 + i * 13;
      const characters: CharacterSpec[] = Array.from({ length: subject.figures }, (_, k) => ({
        id: `c${k}`,
        name: `C${k}`,
        palette: [...CHARACTER_PALETTES[(seed + k) % CHARACTER_PALETTES.length]!],
        x: (k + 1) / (subject.figures + 1),
        y: 0.92,
        scale: 0.55 + 0.1 * ((seed + k) % 3),
        pose: POSES[(seed + k) % POSES.length]!,
      }));
      let t = performance.now();
      const result = await engine.generate({
        prompt: subject.prompt,
        width,
        height,
        seed,
        variations: 1,
        location: subject.location,
        characters,
        style: style.params,
      });
      renderMs += performance.now() - t;
      t = performance.now();
      const analysis = await analyseImages({ descriptor }, [result.variations[0]!.png]);
      analyseMs += performance.now() - t;
      const ranked = matcher.rank(analysis.features);
      const c: RetrievalCase = {
        styleId: style.id,
        seed,
        subject: subject.prompt,
        top1: ranked[0]!.id,
        top3: ranked.slice(0, 3).map((r) => r.id),
        trueScore: ranked.find((r) => r.id === style.id)?.score ?? 0,
        decision: matcher.match(analysis).decision,
      };
      cases.push(c);
      options.onCase?.(c);
    }
  }
  const failures: RetrievalResult["failures"] = {};
  const decisions: Record<string, number> = {};
  for (const c of cases) {
    decisions[c.decision] = (decisions[c.decision] ?? 0) + 1;
    if (c.top1 === c.styleId) continue;
    const list = failures[c.styleId] ?? [];
    list.push({ seed: c.seed, subject: c.subject, got: c.top1 });
    failures[c.styleId] = list;
  }
  return {
    cases,
    top1: cases.filter((c) => c.top1 === c.styleId).length / cases.length,
    top3: cases.filter((c) => c.top3.includes(c.styleId)).length / cases.length,
    failures,
    decisions,
    renderMs,
    analyseMs,
  };
}
