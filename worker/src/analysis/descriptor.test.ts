import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strokes, toneBands } from "../../test/images.ts";
import { cosine, StyleDescriptor, writeBuiltinStyleModel } from "./descriptor.ts";
import { AnalysisError } from "./errors.ts";
import { BUILTIN_DESCRIPTOR_LENGTH, buildStyleModel } from "./onnx/style-graph.ts";

let descriptor: StyleDescriptor;
let dir: string;
beforeAll(async () => {
  descriptor = await StyleDescriptor.create();
  dir = await mkdtemp(join(tmpdir(), "style-model-"));
});
afterAll(async () => {
  await descriptor.close();
  await rm(dir, { recursive: true, force: true });
});

describe("style descriptor (onnxruntime-node on the built-in filter graph)", () => {
  it("builds the same model bytes every time", () => {
    expect(Buffer.from(buildStyleModel()).equals(Buffer.from(buildStyleModel()))).toBe(true);
  });

  it("gives unit-length descriptors, the same for the same picture, batch or not", async () => {
    const a = await strokes(3);
    const b = await toneBands([60, 140, 220]);
    const [da, db] = await descriptor.describe([a, b]);
    expect(da).toHaveLength(BUILTIN_DESCRIPTOR_LENGTH);
    expect(Math.hypot(...da!)).toBeCloseTo(1, 5);
    expect(cosine(da!, await descriptor.describeOne(a))).toBeCloseTo(1, 5);
    expect(cosine(db!, await descriptor.describeOne(b))).toBeCloseTo(1, 5);
    expect(cosine(da!, db!)).toBeLessThan(0.95);
  });

  it("sees line weight: thin-line drawings are closer to each other than to a heavy-line one", async () => {
    const [thin, thin2, heavy] = await descriptor.describe([
      await strokes(2),
      await strokes(3),
      await strokes(10),
    ]);
    expect(cosine(thin!, thin2!)).toBeGreaterThan(cosine(thin!, heavy!) + 0.02);
  });

  it("loads a model file from a path (how a CLIP or CSD model replaces it)", async () => {
    const path = join(dir, "style.onnx");
    await writeBuiltinStyleModel(path);
    const fromFile = await StyleDescriptor.create({ modelPath: path, normalise: "none" });
    expect(fromFile.modelId).toMatch(/^file:style\.onnx:[0-9a-f]{16}$/);
    const picture = await strokes(5);
    expect(cosine(await fromFile.describeOne(picture), await descriptor.describeOne(picture))).toBeCloseTo(
      1,
      5,
    );
    await fromFile.close();
  });

  it("fails with stable codes on a missing model or an unreadable image", async () => {
    await expect(StyleDescriptor.create({ modelPath: join(dir, "missing.onnx") })).rejects.toMatchObject({
      code: "ANALYSIS_MODEL",
    });
    const error = await descriptor.describeOne(Buffer.from("not an image")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalysisError);
    expect((error as AnalysisError).code).toBe("ANALYSIS_BAD_IMAGE");
  });
});
