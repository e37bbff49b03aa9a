/**
 * Engine and analysis benchmark: `pnpm bench:engine`.
 *
 * Measures on this machine, in one run:
 *   - the sketch engine: time per 4-variation 768x512 job and per variation, with and without
 *     progress previews, and jobs per second with 2 jobs side by side;
 *   - a baseline of the same size done by sharp alone (decode-free resize 1536x1024 -> 768x512
 *     and PNG encode at the engine's compression level), so the engine's cost reads as a ratio;
 *   - the style descriptor (onnxruntime-node, built-in graph): time per image, against its own
 *     preprocessing alone (sharp decode + resize to the model input) as the baseline;
 *   - the interpretable measurements (palette, warmth, lines, tones, detail) per image.
 * Prints a table and writes JSON to bench/results/ (git-ignored).
 *
 * Options (environment): BENCH_JOBS (default 12), BENCH_IMAGES (default 24).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { prepareCharacterReferences } from "../../worker/src/analysis/character.ts";
import { defaultContrastSet } from "../../worker/src/analysis/contrast.ts";
import { StyleDescriptor } from "../../worker/src/analysis/descriptor.ts";
import { measureStyle } from "../../worker/src/analysis/measure.ts";
import { prepareStyleReferences, scoreVariations } from "../../worker/src/analysis/scores.ts";
import { characterBox } from "../../worker/src/engines/layout.ts";
import { SketchEngine } from "../../worker/src/engines/sketch/engine.ts";
import type { PanelDescription } from "../../worker/src/engines/types.ts";
import { baselineSource, decodeAndResize, resizeAndEncode } from "../../worker/test/bench-baselines.ts";

const JOBS = Number(process.env.BENCH_JOBS ?? 12);
const IMAGES = Number(process.env.BENCH_IMAGES ?? 24);
const WIDTH = 768;
const HEIGHT = 512;
const VARIATIONS = 4;

const SCENES: NonNullable<PanelDescription["location"]>[] = [
  { name: "city street", lighting: "day", camera: "eye", shot: "medium" },
  { name: "forest", lighting: "dusk", camera: "low", shot: "wide" },
  { name: "bedroom", lighting: "night", camera: "high", shot: "medium" },
  { name: "beach", lighting: "day", camera: "eye", shot: "close" },
  { name: "cafe", lighting: "interior", camera: "eye", shot: "medium" },
  { name: "mountain valley", lighting: "night", camera: "low", shot: "wide" },
];

function job(i: number): PanelDescription {
  return {
    prompt: "two friends meet",
    width: WIDTH,
    height: HEIGHT,
    seed: 1000 + i,
    variations: VARIATIONS,
    location: SCENES[i % SCENES.length]!,
    characters: [
      {
        id: "mina",
        name: "Mina",
        palette: ["#d04a5a", "#2f3e6e", "#2a1a14", "#f1c7a5", "#f2c84b"],
        x: 0.32,
        y: 0.9,
        scale: 0.7,
        pose: "waving",
        expression: "happy",
      },
      {
        id: "joe",
        name: "Joe",
        palette: ["#3f8f5a", "#555555", "#d9b36b", "#c98f6a"],
        x: 0.68,
        y: 0.88,
        scale: 0.62,
        pose: "pointing",
      },
    ],
    style: {
      lineWeight: (i % 5) / 4,
      warmth: ((i % 3) - 1) * 0.6,
      detail: ((i + 2) % 5) / 4,
      shadingLevels: 2 + (i % 5),
    },
  };
}

interface Stats {
  n: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    n: samples.length,
    meanMs: samples.reduce((s, v) => s + v, 0) / samples.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
  };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

const fmt = (ms: number) => `${ms.toFixed(1).padStart(8)} ms`;

async function main(): Promise<void> {
  const engine = new SketchEngine();
  // Warm up sharp, librsvg and the JIT.
  for (let i = 0; i < 2; i++) await engine.generate(job(i), { onProgress: () => {} });

  const withPreviews: number[] = [];
  const withoutPreviews: number[] = [];
  const pictures: Buffer[] = [];
  for (let i = 0; i < JOBS; i++) {
    const [ms, result] = await time(() => engine.generate(job(i), { onProgress: () => {} }));
    withPreviews.push(ms);
    pictures.push(...result.variations.map((v) => v.png));
    withoutPreviews.push((await time(() => engine.generate(job(i))))[0]);
  }
  const pairs: number[] = [];
  for (let i = 0; i < Math.max(2, JOBS / 2); i++) {
    pairs.push(
      (await time(() => Promise.all([engine.generate(job(2 * i)), engine.generate(job(2 * i + 1))])))[0],
    );
  }

  // Baseline: what sharp alone takes to produce a 768x512 PNG of the same kind (resize + encode).
  const source = await baselineSource(pictures[0]!, WIDTH, HEIGHT);
  const baseline: number[] = [];
  for (let i = 0; i < JOBS * VARIATIONS; i++) {
    baseline.push((await time(() => resizeAndEncode(source, WIDTH, HEIGHT)))[0]);
  }

  const descriptor = await StyleDescriptor.create();
  const images = pictures.slice(0, IMAGES);
  await descriptor.describeOne(images[0]!);
  const describeOne: number[] = [];
  const preprocess: number[] = [];
  const measure: number[] = [];
  for (const image of images) {
    describeOne.push((await time(() => descriptor.describeOne(image)))[0]);
    preprocess.push((await time(() => decodeAndResize(image, descriptor.inputSize)))[0]);
    measure.push((await time(() => measureStyle(image)))[0]);
  }
  const [batchMs] = await time(() => descriptor.describe(images));

  // Scoring a job's 4 variations against 3 style references and one character's 2 references.
  const [contrastMs, contrast] = await time(() => defaultContrastSet(descriptor));
  const [prepareMs, styleRefs] = await time(() =>
    prepareStyleReferences(descriptor, pictures.slice(0, 3), contrast),
  );
  const minaRefs = await prepareCharacterReferences(descriptor, "mina", pictures.slice(4, 6), contrast);
  const scoring: number[] = [];
  for (let i = 0; i < JOBS; i++) {
    const variations = pictures.slice(i * VARIATIONS, (i + 1) * VARIATIONS);
    const box = characterBox(job(i), job(i).characters[0]!);
    scoring.push(
      (
        await time(() =>
          scoreVariations({
            descriptor,
            variations,
            style: styleRefs,
            characters: [{ references: minaRefs, box }],
          }),
        )
      )[0],
    );
  }
  await descriptor.close();

  const job4 = stats(withPreviews);
  const jobNoPreview = stats(withoutPreviews);
  const base = stats(baseline);
  const desc = stats(describeOne);
  const pre = stats(preprocess);
  const meas = stats(measure);
  const pairStats = stats(pairs);
  const scoreStats = stats(scoring);
  const perVariation = job4.meanMs / VARIATIONS;
  const result = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
    sketch: {
      size: `${WIDTH}x${HEIGHT}`,
      variations: VARIATIONS,
      jobWithPreviews: job4,
      jobWithoutPreviews: jobNoPreview,
      perVariationMs: perVariation,
      twoJobsSideBySide: pairStats,
      jobsPerSecond: 2000 / pairStats.meanMs,
    },
    baseline: { what: "sharp resize 1536x1024 -> 768x512 + PNG encode", perImage: base },
    ratios: {
      variationToBaseline: perVariation / base.meanMs,
      descriptorToPreprocess: desc.meanMs / pre.meanMs,
    },
    descriptor: {
      model: descriptor.modelId,
      perImage: desc,
      batchPerImageMs: batchMs / images.length,
      preprocessPerImage: pre,
    },
    measurements: { perImage: meas },
    scoring: { perJob: scoreStats, contrastSetBuildMs: contrastMs, prepareStyleReferencesMs: prepareMs },
  };

  console.log(
    `\nEngine benchmark on ${result.machine.cpus} CPU(s) (${result.machine.model}), Node ${result.machine.node}`,
  );
  console.log(`\nSketch engine, ${VARIATIONS} variations ${WIDTH}x${HEIGHT}, ${JOBS} jobs`);
  console.log(
    `  job with previews        mean ${fmt(job4.meanMs)}  p50 ${fmt(job4.p50Ms)}  p95 ${fmt(job4.p95Ms)}`,
  );
  console.log(
    `  job without previews     mean ${fmt(jobNoPreview.meanMs)}  p50 ${fmt(jobNoPreview.p50Ms)}  p95 ${fmt(jobNoPreview.p95Ms)}`,
  );
  console.log(`  per variation            mean ${fmt(perVariation)}`);
  console.log(
    `  2 jobs side by side      mean ${fmt(pairStats.meanMs)}  -> ${result.sketch.jobsPerSecond.toFixed(2)} jobs/s (no previews)`,
  );
  console.log(`Baseline (${result.baseline.what})`);
  console.log(
    `  per image                mean ${fmt(base.meanMs)}  p50 ${fmt(base.p50Ms)}  p95 ${fmt(base.p95Ms)}`,
  );
  console.log(`  ratio variation/baseline      ${result.ratios.variationToBaseline.toFixed(1)}x`);
  console.log(`\nStyle descriptor (${descriptor.modelId}), ${images.length} images`);
  console.log(
    `  per image (describeOne)  mean ${fmt(desc.meanMs)}  p50 ${fmt(desc.p50Ms)}  p95 ${fmt(desc.p95Ms)}`,
  );
  console.log(`  per image via describe() mean ${fmt(result.descriptor.batchPerImageMs)}`);
  console.log(`  preprocessing alone      mean ${fmt(pre.meanMs)}  (baseline)`);
  console.log(`  ratio descriptor/preprocessing ${result.ratios.descriptorToPreprocess.toFixed(1)}x`);
  console.log(`Measurements (palette, warmth, lines, tones, detail)`);
  console.log(
    `  per image                mean ${fmt(meas.meanMs)}  p50 ${fmt(meas.p50Ms)}  p95 ${fmt(meas.p95Ms)}`,
  );
  console.log(`Scoring a job (4 variations; 3 style references, 1 character with 2 references)`);
  console.log(
    `  per job                  mean ${fmt(scoreStats.meanMs)}  p50 ${fmt(scoreStats.p50Ms)}  p95 ${fmt(scoreStats.p95Ms)}`,
  );
  console.log(`  ratio scoring/engine job      ${(scoreStats.meanMs / job4.meanMs).toFixed(2)}x`);
  console.log(`  one-off: contrast set ${fmt(contrastMs)}, style references ${fmt(prepareMs)}`);

  const dir = new URL("../results/", import.meta.url);
  await mkdir(dir, { recursive: true });
  const file = new URL(`engine-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, dir);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nWrote ${file.pathname}`);
}

await main();
