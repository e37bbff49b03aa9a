/**
 * Style retrieval check: `pnpm bench:styles`.
 *
 * Builds the style matcher from the curated catalogue's own renders (20 scenes per style: the 4
 * preview scenes and 16 more), then draws BENCH_STYLE_IMAGES (default 4) new pictures per style with the sketch engine
 * (other seeds, subjects, locations, lighting, cameras and characters) and checks that the matcher
 * ranks the true style first. Prints top-1 / top-3 accuracy, the calibration, per-style failures
 * and timings, writes JSON to bench/results/, and exits 1 below 90% top-1.
 *
 * Options (environment): BENCH_STYLE_IMAGES (pictures per style), BENCH_STYLE_LIMIT (first N styles).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { CURATED_STYLES } from "@comic-studio/shared";
import { StyleDescriptor } from "../../worker/src/analysis/descriptor.ts";
import { buildStyleMatcher } from "../../worker/src/styles/registry.ts";
import { runRetrieval } from "../../worker/src/styles/retrieval.ts";
import { SAMPLES_PER_STYLE } from "../../worker/src/styles/samples.ts";

const PER_STYLE = Number(process.env.BENCH_STYLE_IMAGES ?? 4);
const LIMIT = Number(process.env.BENCH_STYLE_LIMIT ?? CURATED_STYLES.length);
const REQUIRED_TOP1 = 0.9;

const styles = CURATED_STYLES.slice(0, LIMIT);
const descriptor = await StyleDescriptor.create();
let t = performance.now();
const matcher = await buildStyleMatcher(descriptor, { styles });
const buildMs = performance.now() - t;
console.log(
  `catalogue: ${styles.length} styles x ${SAMPLES_PER_STYLE} samples, matcher built in ${(buildMs / 1000).toFixed(1)} s ` +
    `(cross-validated top-1 on held-out catalogue scenes ${(matcher.cvTop1 * 100).toFixed(1)}%)`,
);
const c = matcher.calibration;
console.log(
  `calibration (Platt on cross-validated distances, ${c.positives} same-style / ${c.negatives} other-style): ` +
    `score = 1/(1+exp(${c.a.toFixed(3)}*d + ${c.b.toFixed(3)}))`,
);
t = performance.now();
const result = await runRetrieval(descriptor, matcher, { styles, perStyle: PER_STYLE });
const totalMs = performance.now() - t;
const n = result.cases.length;
const trueScores = result.cases.map((x) => x.trueScore).sort((a, b) => a - b);
console.log(`\nretrieval: ${n} pictures (${PER_STYLE} per style, 384x256)`);
console.log(`  top-1 ${(result.top1 * 100).toFixed(1)}%   top-3 ${(result.top3 * 100).toFixed(1)}%`);
console.log(
  `  true style's calibrated score: median ${trueScores[n >> 1]!.toFixed(3)}, 10th percentile ${trueScores[Math.floor(n * 0.1)]!.toFixed(3)}`,
);
console.log(`  decisions: ${JSON.stringify(result.decisions)}`);
console.log(
  `  time: ${(totalMs / 1000).toFixed(1)} s (render ${(result.renderMs / n).toFixed(0)} ms, analyse ${(result.analyseMs / n).toFixed(0)} ms per picture) on ${cpus().length} cores`,
);
const failed = Object.entries(result.failures);
if (failed.length) {
  console.log("  failures:");
  for (const [id, list] of failed) {
    console.log(`    ${id}: ${list.map((f) => `${f.subject} (seed ${f.seed}) -> ${f.got}`).join("; ")}`);
  }
}
await mkdir(new URL("../results/", import.meta.url), { recursive: true });
await writeFile(
  new URL("../results/styles.json", import.meta.url),
  JSON.stringify(
    {
      at: new Date().toISOString(),
      perStyle: PER_STYLE,
      styles: styles.length,
      buildMs,
      calibration: c,
      cvTop1: matcher.cvTop1,
      ...result,
    },
    null,
    2,
  ),
);
await descriptor.close();
if (result.top1 < REQUIRED_TOP1) {
  console.error(`top-1 ${(result.top1 * 100).toFixed(1)}% is below ${REQUIRED_TOP1 * 100}%`);
  process.exit(1);
}
