import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalDiskStorage } from "@comic-studio/infra";
import { CATALOGUE_VERSION, CURATED_STYLES } from "@comic-studio/shared";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StyleDescriptor } from "../analysis/descriptor.ts";
import { buildStyleMatcher, catalogueIndexKey } from "./registry.ts";
import {
  CATALOGUE_SAMPLE_SIZE,
  catalogueSampleKeys,
  renderCatalogueSamples,
  renderStylePreviews,
} from "./samples.ts";
import { PREVIEW_SCENES } from "./scenes.ts";

let root: string;
let storage: LocalDiskStorage;
let descriptor: StyleDescriptor;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "cs-styles-"));
  storage = new LocalDiskStorage(root);
  descriptor = await StyleDescriptor.create();
});
afterAll(async () => {
  await descriptor.close();
  await rm(root, { recursive: true, force: true });
});

describe("curated catalogue", () => {
  it("has 50 styles with unique ids and valid style locks", () => {
    expect(CURATED_STYLES).toHaveLength(50);
    expect(new Set(CURATED_STYLES.map((s) => s.id)).size).toBe(50);
    for (const s of CURATED_STYLES) {
      expect(s.id).toMatch(/^[a-z0-9-]+$/);
      expect(s.params.palette).toHaveLength(5);
      expect(s.params.shadingLevels).toBeGreaterThanOrEqual(2);
      expect(s.params.shadingLevels).toBeLessThanOrEqual(8);
      expect(s.description.length).toBeGreaterThan(20);
    }
  });
});

describe("catalogue samples in storage", () => {
  const styles = CURATED_STYLES.slice(0, 2);

  it("renders each style's samples once, under catalogue/<version>/<id>-<n>.png", async () => {
    const first = await renderCatalogueSamples(storage, styles);
    expect(first).toMatchObject({ rendered: 2, skipped: 0 });
    const keys = catalogueSampleKeys(styles[0]!.id);
    expect(keys).toHaveLength(PREVIEW_SCENES.length);
    expect(keys[0]).toBe(`catalogue/${CATALOGUE_VERSION}/${styles[0]!.id}-0.png`);
    for (const key of keys) expect(await storage.exists(key)).toBe(true);
    const again = await renderCatalogueSamples(storage, styles);
    expect(again).toMatchObject({ rendered: 0, skipped: 2 });
  });

  it("stores the matcher's vector index next to the samples and reuses it", {
    timeout: 180_000,
  }, async () => {
    const built = await buildStyleMatcher(descriptor, { storage, styles });
    expect(await storage.exists(catalogueIndexKey(descriptor.modelId))).toBe(true);
    const reused = await buildStyleMatcher(descriptor, { storage, styles });
    expect(reused.projection.matrix).toEqual(built.projection.matrix);
    expect(reused.calibration).toEqual(built.calibration);
  });

  it("draws the plan's 4 preview scenes of a style lock", async () => {
    const pictures = await renderStylePreviews(styles[0]!.params);
    expect(pictures).toHaveLength(PREVIEW_SCENES.length);
    expect(PREVIEW_SCENES.map((s) => s.label)).toEqual([
      "Indoor scene",
      "Outdoor scene",
      "Close-up background",
      "Wide establishing shot",
    ]);
    const meta = await sharp(pictures[0]!).metadata();
    expect([meta.width, meta.height]).toEqual([CATALOGUE_SAMPLE_SIZE.width, CATALOGUE_SAMPLE_SIZE.height]);
  });
});
