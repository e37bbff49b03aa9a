import type { ObjectStorage } from "@comic-studio/infra";
import { StyleDescriptor, styleDescriptorOptionsFromEnv } from "../analysis/descriptor.ts";
import type { WorkerConfig } from "../config.ts";
import { type ExternalStyleModel, loadExternalCatalogue } from "./external.ts";
import type { StyleMatcher } from "./matcher.ts";
import { getStyleMatcher } from "./registry.ts";
import { renderCatalogueSamples } from "./samples.ts";

let external: Promise<ExternalStyleModel[]> | null = null;

/** The external catalogue named by STYLE_CATALOGUE_FILE (read once per process), or none. */
export function configuredExternalCatalogue(config: Pick<WorkerConfig, "STYLE_CATALOGUE_FILE">) {
  const file = config.STYLE_CATALOGUE_FILE;
  if (!file) return Promise.resolve([]);
  external ??= loadExternalCatalogue(file);
  return external;
}

/** The process's matcher for the worker's configuration: what jobs call before `match`. */
export async function styleMatcherFor(
  config: Pick<WorkerConfig, "STYLE_CATALOGUE_FILE">,
  descriptor: StyleDescriptor,
  storage: ObjectStorage,
): Promise<StyleMatcher> {
  return getStyleMatcher(descriptor, { storage, external: await configuredExternalCatalogue(config) });
}

/**
 * The maintenance job run once per worker start: renders the curated catalogue's samples into
 * storage (so the api can serve them) and, in production or with STYLE_MATCHER_PREBUILD=true,
 * builds the matcher's vector index next to them so the first style import does not pay for it
 * (kept off in dev and tests, where it would take minutes of CPU from every fresh stack). Both
 * skip what storage already holds.
 */
export async function prepareStyleCatalogue(
  config: WorkerConfig,
  storage: ObjectStorage,
): Promise<{ rendered: number; skipped: number; durationMs: number; matcherMs: number }> {
  const samples = await renderCatalogueSamples(storage);
  const prebuild = config.STYLE_MATCHER_PREBUILD
    ? config.STYLE_MATCHER_PREBUILD === "true"
    : config.NODE_ENV === "production";
  if (!prebuild) return { ...samples, matcherMs: 0 };
  const started = performance.now();
  const descriptor = await StyleDescriptor.create(styleDescriptorOptionsFromEnv(config));
  try {
    await styleMatcherFor(config, descriptor, storage);
  } finally {
    // The matcher keeps only vectors; this descriptor's session is not needed after the build.
    await descriptor.close();
  }
  return { ...samples, matcherMs: Math.round(performance.now() - started) };
}
