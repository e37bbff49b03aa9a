import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { ObjectStorage } from "@comic-studio/infra";
import { CATALOGUE_VERSION, CURATED_STYLES, type CuratedStyle } from "@comic-studio/shared";
import type { StyleDescriptor } from "../analysis/descriptor.ts";
import { SketchEngine } from "../engines/sketch/engine.ts";
import { analyseImage } from "./analyse.ts";
import type { ExternalStyleModel } from "./external.ts";
import { FEATURE_VERSION } from "./features.ts";
import { type MatchEntry, StyleMatcher } from "./matcher.ts";
import { catalogueSamples, readObject } from "./samples.ts";

/**
 * Where the matcher's catalogue comes from: the curated styles' samples (rendered once into
 * storage), their feature vectors (computed once per descriptor model and stored as an index next
 * to the samples), and the external catalogue's sample files.
 */

export interface MatcherSources {
  /** Samples and the vector index are read from and written to it when given. */
  storage?: ObjectStorage;
  /** External style models (external.ts). */
  external?: readonly ExternalStyleModel[];
  /** Curated styles; default the whole catalogue. */
  styles?: readonly CuratedStyle[];
}

interface StoredIndex {
  modelId: string;
  featureVersion: string;
  catalogueVersion: string;
  styles: Record<string, number[][]>;
}

export function catalogueIndexKey(modelId: string): string {
  const hash = createHash("sha256").update(`${modelId}|${FEATURE_VERSION}`).digest("hex").slice(0, 16);
  return `catalogue/${CATALOGUE_VERSION}/index-${hash}.json`;
}

/** Feature vectors of the curated styles' samples, from the stored index when it is current. */
export async function curatedEntries(
  descriptor: StyleDescriptor,
  sources: MatcherSources = {},
): Promise<MatchEntry[]> {
  const styles = sources.styles ?? CURATED_STYLES;
  const { storage } = sources;
  const key = catalogueIndexKey(descriptor.modelId);
  let index: StoredIndex | null = null;
  if (storage) {
    const bytes = await readObject(storage, key);
    if (bytes) {
      const parsed = JSON.parse(bytes.toString("utf8")) as StoredIndex;
      if (parsed.modelId === descriptor.modelId && parsed.featureVersion === FEATURE_VERSION) index = parsed;
    }
  }
  const engine = new SketchEngine();
  let added = false;
  const entries: MatchEntry[] = [];
  for (const style of styles) {
    let samples = index?.styles[style.id];
    if (!samples) {
      const pictures = await catalogueSamples(style, storage, engine);
      samples = [];
      for (const png of pictures) samples.push((await analyseImage({ descriptor }, png)).features);
      added = true;
    }
    entries.push({ source: "curated", id: style.id, name: style.name, params: style.params, samples });
  }
  if (storage && added) {
    const stored: StoredIndex = {
      modelId: descriptor.modelId,
      featureVersion: FEATURE_VERSION,
      catalogueVersion: CATALOGUE_VERSION,
      styles: { ...(index?.styles ?? {}), ...Object.fromEntries(entries.map((e) => [e.id, e.samples])) },
    };
    await storage.put(key, Buffer.from(JSON.stringify(stored)), "application/json");
  }
  return entries;
}

export async function externalEntries(
  descriptor: StyleDescriptor,
  models: readonly ExternalStyleModel[],
): Promise<MatchEntry[]> {
  const out: MatchEntry[] = [];
  for (const model of models) {
    const samples: number[][] = [];
    for (const path of model.samples)
      samples.push((await analyseImage({ descriptor }, await readFile(path))).features);
    out.push({
      source: "external",
      id: model.id,
      name: model.name,
      ...(model.params ? { params: model.params } : {}),
      samples,
    });
  }
  return out;
}

/** Builds a matcher from the sources (no memoisation; see getStyleMatcher). */
export async function buildStyleMatcher(
  descriptor: StyleDescriptor,
  sources: MatcherSources = {},
): Promise<StyleMatcher> {
  const curated = await curatedEntries(descriptor, sources);
  const external = sources.external?.length ? await externalEntries(descriptor, sources.external) : [];
  return StyleMatcher.fit(descriptor.modelId, [...curated, ...external]);
}

const matchers = new Map<string, Promise<StyleMatcher>>();

/**
 * The process's matcher for a descriptor model, built once per process. Unless storage already
 * holds the catalogue's vector index, the first call renders and analyses 20 pictures per curated
 * style (a few minutes on one core; the maintenance job does it at worker start and stores the
 * index, after which a build takes the LDA fit only, a few seconds). A failed build is forgotten
 * so the next call retries.
 */
export function getStyleMatcher(
  descriptor: StyleDescriptor,
  sources: MatcherSources = {},
): Promise<StyleMatcher> {
  const key = `${descriptor.modelId}|${sources.external?.map((e) => e.id).join(",") ?? ""}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = buildStyleMatcher(descriptor, sources);
    matchers.set(key, matcher);
    matcher.catch(() => matchers.delete(key));
  }
  return matcher;
}
