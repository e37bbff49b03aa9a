import { beforeAll, describe, expect, it } from "vitest";
import { characterBox } from "../engines/layout.ts";
import { SketchEngine } from "../engines/sketch/engine.ts";
import type { CharacterSpec, PanelDescription } from "../engines/types.ts";
import { prepareCharacterReferences } from "./character.ts";
import { type ContrastSet, defaultContrastSet } from "./contrast.ts";
import { StyleDescriptor } from "./descriptor.ts";
import { prepareStyleReferences, SCORE_THRESHOLDS, scoreVariations } from "./scores.ts";

const engine = new SketchEngine();
let descriptor: StyleDescriptor;
let contrast: ContrastSet;

beforeAll(async () => {
  descriptor = await StyleDescriptor.create();
  contrast = await defaultContrastSet(descriptor);
});

const STYLE_A = { lineWeight: 0.85, warmth: 0.6, detail: 0.2, shadingLevels: 2 };
const STYLE_B = { lineWeight: 0.1, warmth: -0.6, detail: 0.9, shadingLevels: 6 };
const SCENES = [
  { name: "city street", lighting: "day" },
  { name: "forest", lighting: "dusk" },
  { name: "bedroom", lighting: "night" },
  { name: "beach", lighting: "day" },
  { name: "mountain valley", lighting: "day" },
  { name: "cafe", lighting: "interior" },
] as const;
const mina: CharacterSpec = {
  id: "mina",
  name: "Mina",
  palette: ["#d04a5a", "#2f3e6e", "#2a1a14", "#f1c7a5", "#f2c84b"],
  x: 0.5,
  y: 0.92,
  scale: 0.75,
};
const joe: CharacterSpec = {
  id: "joe",
  name: "Joe",
  palette: ["#3f8f5a", "#555555", "#d9b36b", "#c98f6a"],
  x: 0.5,
  y: 0.92,
  scale: 0.75,
};

async function render(
  style: PanelDescription["style"],
  scene: (typeof SCENES)[number],
  seed: number,
  characters: CharacterSpec[] = [],
) {
  const description: PanelDescription = {
    prompt: "panel",
    width: 512,
    height: 344,
    seed,
    variations: 1,
    characters,
    style,
    location: { ...scene, camera: "eye", shot: "medium" },
  };
  const result = await engine.generate(description);
  return { png: result.variations[0]!.png, description };
}

describe("style consistency", () => {
  it("scores renders in the project's style above the threshold and another style below it", async () => {
    const refs = [
      await render(STYLE_A, SCENES[0], 1, [mina]),
      await render(STYLE_A, SCENES[1], 2, [joe]),
      await render(STYLE_A, SCENES[2], 3),
    ];
    const references = await prepareStyleReferences(
      descriptor,
      refs.map((r) => r.png),
      contrast,
    );
    expect(references.calibration.reliable).toBe(true);
    const candidates = [
      await render(STYLE_B, SCENES[3], 10, [mina]),
      await render(STYLE_A, SCENES[3], 10, [mina]),
      await render(STYLE_B, SCENES[4], 11),
      await render(STYLE_A, SCENES[5], 12, [joe]),
    ];
    const report = await scoreVariations({
      descriptor,
      variations: candidates.map((c) => c.png),
      style: references,
    });
    const scores = report.variations.map((v) => v.style!.score);
    const [b1, a1, b2, a2] = scores as [number, number, number, number];
    expect(Math.min(a1, a2)).toBeGreaterThan(Math.max(b1, b2));
    expect(Math.min(a1, a2)).toBeGreaterThanOrEqual(SCORE_THRESHOLDS.styleConsistency);
    expect(Math.max(b1, b2)).toBeLessThan(SCORE_THRESHOLDS.styleConsistency);
    expect([1, 3]).toContain(report.best);
    expect(report.autoRegenerate).toBe(false);
    expect(report.variations[0]!.regenerate).toEqual(["styleConsistency"]);

    const allOff = await scoreVariations({
      descriptor,
      variations: [candidates[0]!.png, candidates[2]!.png],
      style: references,
    });
    expect(allOff.autoRegenerate).toBe(true);
  });

  it("works from a single reference (calibrated on crops of it)", async () => {
    const ref = await render(STYLE_B, SCENES[0], 21, [mina]);
    const references = await prepareStyleReferences(descriptor, [ref.png], contrast);
    expect(references.calibration.method).toBe("augmented");
    const same = await render(STYLE_B, SCENES[1], 22, [joe]);
    const other = await render(STYLE_A, SCENES[1], 22, [joe]);
    const report = await scoreVariations({
      descriptor,
      variations: [other.png, same.png],
      style: references,
    });
    expect(report.variations[1]!.style!.score).toBeGreaterThan(report.variations[0]!.style!.score);
    expect(report.best).toBe(1);
  });

  it("scores nothing and asks for nothing without references", async () => {
    const panel = await render(STYLE_A, SCENES[0], 5);
    const report = await scoreVariations({ descriptor, variations: [panel.png, panel.png] });
    expect(report.variations.every((v) => v.style === null && v.overall === null)).toBe(true);
    expect(report.autoRegenerate).toBe(false);
    expect(report.best).toBe(0);
  });
});

describe("character consistency", () => {
  it("recognises a character from its anchors and tells another character apart", async () => {
    const style = { lineWeight: 0.45, warmth: 0, detail: 0.5, shadingLevels: 4 };
    const anchors = [
      (await render(style, SCENES[5], 31, [{ ...mina, scale: 0.85 }])).png,
      (await render(style, SCENES[0], 32, [{ ...mina, scale: 0.85, pose: "waving" }])).png,
    ];
    const references = await prepareCharacterReferences(descriptor, "mina", anchors, contrast);
    const place = { x: 0.3, y: 0.9, scale: 0.6, pose: "action" };
    const minaPanel = await render(style, SCENES[3], 40, [{ ...mina, ...place }]);
    const joePanel = await render(style, SCENES[3], 40, [{ ...joe, ...place }]);
    const box = characterBox(minaPanel.description, { ...mina, ...place });
    const report = await scoreVariations({
      descriptor,
      variations: [joePanel.png, minaPanel.png],
      characters: [{ references, box }],
    });
    const [asJoe, asMina] = report.variations.map((v) => v.character!) as [number, number];
    expect(asMina).toBeGreaterThan(asJoe + 0.3);
    expect(asMina).toBeGreaterThanOrEqual(SCORE_THRESHOLDS.characterConsistency);
    expect(report.variations[0]!.flags).toEqual(["characterConsistency"]);
    expect(report.best).toBe(1);
    expect(report.variations[1]!.characters[0]!.characterId).toBe("mina");
  });
});
