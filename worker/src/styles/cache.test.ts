import { createTestDatabase, type TestDatabase } from "@comic-studio/infra";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { colourBlocks, toneBands } from "../../test/images.ts";
import { StyleDescriptor } from "../analysis/descriptor.ts";
import { analyseImages, imageHash } from "./analyse.ts";
import { descriptorVersion, readCachedAnalysis } from "./cache.ts";

let db: TestDatabase;
let descriptor: StyleDescriptor;
beforeAll(async () => {
  db = await createTestDatabase("styles");
  descriptor = await StyleDescriptor.create();
});
afterAll(async () => {
  await descriptor.close();
  await db.drop();
});

describe("style analysis cache (style_analysis_cache, by SHA-256 of the image)", () => {
  it("stores each image once and serves the same analysis from the cache", async () => {
    const a = await toneBands([60, 140, 220], { tint: true });
    const b = await colourBlocks([
      { hex: "#d94f3d", share: 0.6 },
      { hex: "#3d7bd9", share: 0.4 },
    ]);
    const first = await analyseImages({ descriptor, sql: db.sql }, [a, b]);
    expect(first.images.map((i) => i.cached)).toEqual([false, false]);
    const rows = await db.sql<{ image_hash: string; descriptor_version: string }[]>`
      select image_hash, descriptor_version from style_analysis_cache order by image_hash`;
    expect(rows.map((r) => r.image_hash).sort()).toEqual([imageHash(a), imageHash(b)].sort());
    expect(rows[0]!.descriptor_version).toBe(descriptorVersion(descriptor.modelId));

    const second = await analyseImages({ descriptor, sql: db.sql }, [b, a]);
    expect(second.images.map((i) => i.cached)).toEqual([true, true]);
    expect(second.images[1]!.features).toEqual(first.images[0]!.features);
    expect(second.images[1]!.report).toEqual(first.images[0]!.report);
    // A picture without ink stores its NaN stroke width as null and reads it back as NaN.
    expect(Number.isNaN(second.images[0]!.measurements.lineWidthPx)).toBe(true);
    const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from style_analysis_cache`;
    expect(row?.count).toBe(2);
  });

  it("misses for another descriptor model, and overwrites the row", async () => {
    const image = await toneBands([70, 200]);
    await analyseImages({ descriptor, sql: db.sql }, [image]);
    const hash = imageHash(image);
    expect(await readCachedAnalysis(db.sql, hash, descriptor.modelId)).not.toBeNull();
    expect(await readCachedAnalysis(db.sql, hash, "file:clip.onnx:0123456789abcdef")).toBeNull();
    expect(descriptorVersion(`file:${"x".repeat(80)}.onnx:0123`).length).toBeLessThanOrEqual(50);
  });
});
