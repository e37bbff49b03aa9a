import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { colourBlocks, toneBands } from "../../test/images.ts";
import { StyleDescriptor } from "../analysis/descriptor.ts";
import { loadExternalCatalogue, StyleCatalogueError } from "./external.ts";
import { externalEntries } from "./registry.ts";

let dir: string;
let descriptor: StyleDescriptor;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cs-style-catalogue-"));
  descriptor = await StyleDescriptor.create();
});
afterAll(async () => {
  await descriptor.close();
  await rm(dir, { recursive: true, force: true });
});

describe("external style catalogue (STYLE_CATALOGUE_FILE)", () => {
  it("reads models with sample paths relative to the file and analyses their samples", async () => {
    await writeFile(join(dir, "a.png"), await toneBands([60, 140, 220], { tint: true }));
    await writeFile(join(dir, "b.png"), await colourBlocks([{ hex: "#d94f3d", share: 1 }]));
    const file = join(dir, "catalogue.json");
    await writeFile(
      file,
      JSON.stringify({
        styles: [
          {
            id: "lora:inkwash",
            name: "Ink wash",
            params: { lineWeight: 0.7, warmth: 0, detail: 0.4, shadingLevels: 3 },
            samples: ["a.png", "b.png"],
          },
        ],
      }),
    );
    const models = await loadExternalCatalogue(file);
    expect(models).toHaveLength(1);
    expect(models[0]!.samples).toEqual([join(dir, "a.png"), join(dir, "b.png")]);
    const [entry] = await externalEntries(descriptor, models);
    expect(entry!.source).toBe("external");
    expect(entry!.samples).toHaveLength(2);
    expect(entry!.samples[0]!.length).toBe(entry!.samples[1]!.length);
    expect(entry!.params?.shadingLevels).toBe(3);
  });

  it("rejects a malformed file with a stable code", async () => {
    const file = join(dir, "bad.json");
    await writeFile(file, JSON.stringify({ styles: [{ id: "x", name: "X", samples: [] }] }));
    const error = await loadExternalCatalogue(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StyleCatalogueError);
    expect((error as StyleCatalogueError).code).toBe("STYLE_CATALOGUE_INVALID");
  });
});
