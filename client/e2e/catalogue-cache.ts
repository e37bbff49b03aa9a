import { cpSync, existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "@comic-studio/infra";

// The worker renders and measures the curated style catalogue (samples and match index, under
// storage key `catalogue/`) the first time a style is analysed: seconds on an idle machine, many
// minutes on a busy one. Browser-test runs share that work through this cache folder. The worker
// checks what it finds (catalogue version in the path, feature version and descriptor model in
// the index) and renders again whatever is stale, so an old cache costs time, never correctness.

/** Where finished catalogues are kept between runs. */
export const CATALOGUE_CACHE_DIR = join(ROOT, ".data", "e2e-catalogue-cache");

const indexFiles = (dir: string) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /index-.*\.json$/.test(f))
    .sort();

/** Copies the cached catalogue into a fresh storage folder before the stack starts. */
export function seedCatalogue(storageDir: string): void {
  if (!existsSync(CATALOGUE_CACHE_DIR)) return;
  try {
    cpSync(CATALOGUE_CACHE_DIR, join(storageDir, "catalogue"), { recursive: true });
  } catch {
    // Another run swapped the cache meanwhile: this run renders the catalogue itself.
    rmSync(join(storageDir, "catalogue"), { recursive: true, force: true });
  }
}

/** Keeps the run's catalogue for the next run once it has a match index (a finished build). */
export function keepCatalogue(storageDir: string): void {
  const source = join(storageDir, "catalogue");
  if (!existsSync(source)) return;
  const built = indexFiles(source);
  if (built.length === 0) return;
  if (existsSync(CATALOGUE_CACHE_DIR) && indexFiles(CATALOGUE_CACHE_DIR).join() === built.join()) return;
  // Swapped in by renames, so a run starting meanwhile never copies a half-written cache.
  const staging = `${CATALOGUE_CACHE_DIR}.new-${process.pid}`;
  const old = `${CATALOGUE_CACHE_DIR}.old-${process.pid}`;
  cpSync(source, staging, { recursive: true });
  if (existsSync(CATALOGUE_CACHE_DIR)) renameSync(CATALOGUE_CACHE_DIR, old);
  renameSync(staging, CATALOGUE_CACHE_DIR);
  rmSync(old, { recursive: true, force: true });
}
