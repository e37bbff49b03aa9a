import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, LocalDiskStorage, type TestDatabase } from "@comic-studio/infra";
import type { PanelGenerationPayload } from "@comic-studio/shared";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rgbToHex } from "../src/analysis/color.ts";
import { StyleDescriptor } from "../src/analysis/descriptor.ts";
import { loadRgb } from "../src/analysis/image.ts";
import { characterBox } from "../src/engines/layout.ts";
import { SketchEngine } from "../src/engines/sketch/engine.ts";
import { figureColours, rolePalette } from "../src/engines/sketch/figure.ts";
import type { CharacterSpec, PanelDescription } from "../src/engines/types.ts";
import { createScorer } from "../src/jobs/scoring.ts";
import { anchorDescription } from "../src/library/anchors.ts";
import { extractCharacterFeatures } from "../src/library/features.ts";
import { withLibraryImages } from "../src/library/panel-images.ts";

const engine = new SketchEngine();
const MIRA = ["#3b6ea5", "#2b2d42", "#7a3b1e", "#f1c7a5", "#e0a030"];
const JOE = ["#3f8f5a", "#8a5a2b", "#d9b36b", "#c98f6a", "#c04040"];
const STYLE = { lineWeight: 0.4, warmth: 0, detail: 0.5, shadingLevels: 5 };

function panel(characters: CharacterSpec[], extra: Partial<PanelDescription> = {}): PanelDescription {
  return {
    prompt: "a city street",
    width: 512,
    height: 384,
    seed: 7,
    variations: 1,
    location: { name: "city street", lighting: "day", camera: "eye", shot: "medium" },
    characters,
    style: STYLE,
    ...extra,
  };
}

const render = async (d: PanelDescription) => (await engine.generate(d)).variations[0]!.png;

function payloadFor(
  characters: PanelGenerationPayload["characters"],
  location?: PanelGenerationPayload["location"],
) {
  return {
    generationId: crypto.randomUUID(),
    projectId: crypto.randomUUID(),
    pageId: crypto.randomUUID(),
    panelId: crypto.randomUUID(),
    shapeId: "shape:a",
    userId: crypto.randomUUID(),
    reservationId: null,
    prompt: "a city street",
    width: 512,
    height: 384,
    variations: 1,
    seed: 7,
    characters,
    ...(location ? { location } : {}),
    autoRegeneration: false,
    requestedAtMs: 0,
  } satisfies PanelGenerationPayload;
}

describe("panel library images", () => {
  it("loads each character's anchor and references and the saved location's variant; skips missing keys", async () => {
    const objects = new Map([
      ["a.png", Buffer.from("anchor")],
      ["r1.png", Buffer.from("ref1")],
      ["bg.png", Buffer.from("background")],
    ]);
    const load = async (key: string) => objects.get(key) ?? null;
    const payload = payloadFor(
      [
        {
          id: crypto.randomUUID(),
          name: "Mira",
          palette: MIRA,
          x: 0.5,
          y: 0.9,
          scale: 0.8,
          angle: "side-left",
          anchorKey: "a.png",
          referenceKeys: ["r1.png", "gone.png"],
        },
      ],
      {
        name: "Main Street",
        lighting: "day",
        camera: "eye",
        shot: "wide",
        variantKey: "bg.png",
        depthKey: "d.png",
      },
    );
    const described = await withLibraryImages(
      panel(payload.characters.map((c) => ({ ...c }))),
      payload,
      load,
    );
    expect(described.characters[0]!.anchor?.toString()).toBe("anchor");
    expect(described.characters[0]!.references?.map(String)).toEqual(["ref1"]);
    expect(described.characters[0]!.angle).toBe("side-left");
    expect(described.location?.background?.toString()).toBe("background");
  });
});

describe("sketch engine with library inputs", () => {
  it("draws a locked location's variant as the background instead of its scenery", async () => {
    const red = await sharp({ create: { width: 512, height: 384, channels: 3, background: "#c03030" } })
      .png()
      .toBuffer();
    const withBackground = await loadRgb(
      await render(
        panel([], {
          location: { name: "city street", lighting: "day", camera: "eye", shot: "medium", background: red },
        }),
      ),
    );
    const drawn = await loadRgb(await render(panel([])));
    const corner = (img: Awaited<ReturnType<typeof loadRgb>>) => [img.data[0]!, img.data[1]!, img.data[2]!];
    const [r = 0, g = 0, b = 0] = corner(withBackground);
    expect(r).toBeGreaterThan(g + 60);
    expect(r).toBeGreaterThan(b + 60);
    expect(corner(drawn)[2]).toBeGreaterThan(corner(drawn)[0]!); // the drawn street has a blue sky
  });

  it("turns a figure for the anchor angles: the back view has no face, the profile is narrower", async () => {
    const base = { id: "mira", name: "Mira", palette: MIRA, references: [], style: null };
    const pic = async (angle: "front" | "back" | "side-right") =>
      loadRgb(
        await render(await anchorDescription(base, { angle, expression: "neutral", pose: "standing" }, 1)),
      );
    const [front, back, side] = await Promise.all([pic("front"), pic("back"), pic("side-right")]);
    // Skin pixels in the head: the front shows a face, the back only hair.
    const skin = (img: Awaited<ReturnType<typeof loadRgb>>) => {
      let n = 0;
      for (let y = Math.round(img.height * 0.05); y < img.height * 0.2; y++) {
        for (let x = Math.round(img.width * 0.35); x < img.width * 0.65; x++) {
          const i = (y * img.width + x) * 3;
          if (
            img.data[i]! > 200 &&
            img.data[i + 1]! > 150 &&
            img.data[i + 2]! > 120 &&
            img.data[i]! > img.data[i + 2]! + 30
          )
            n++;
        }
      }
      return n;
    };
    expect(skin(front)).toBeGreaterThan(200);
    expect(skin(back)).toBeLessThan(skin(front) / 4);
    // Width of the torso row: the profile is narrower than the front view.
    const outfitWidth = (img: Awaited<ReturnType<typeof loadRgb>>) => {
      const y = Math.round(img.height * 0.4);
      let n = 0;
      for (let x = 0; x < img.width; x++) {
        const i = (y * img.width + x) * 3;
        if (img.data[i + 2]! > img.data[i]! + 40) n++;
      }
      return n;
    };
    expect(outfitWidth(side)).toBeLessThan(outfitWidth(front) * 0.8);
  });
});

describe("character features", () => {
  it("recovers the outfit, hair and skin roles from reference pictures", async () => {
    const base = { id: "mira", name: "Mira", palette: MIRA, references: [], style: null };
    const refs = [];
    for (const angle of ["front", "three-quarter-left", "three-quarter-right"] as const) {
      refs.push(
        await render(await anchorDescription(base, { angle, expression: "neutral", pose: "standing" }, 1)),
      );
    }
    const features = await extractCharacterFeatures(refs);
    const dist = (a: string, b: string) => {
      const rgb = (h: string) => [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
      const [x, y] = [rgb(a), rgb(b)];
      return Math.hypot(x[0]! - y[0]!, x[1]! - y[1]!, x[2]! - y[2]!);
    };
    const nearestRole = (hex: string) =>
      MIRA.reduce((best, c) => (dist(hex, c) < dist(hex, best) ? c : best));
    expect(nearestRole(features.identity.outfit!)).toBe(MIRA[0]);
    expect(nearestRole(features.identity.hair!)).toBe(MIRA[2]);
    expect(nearestRole(features.identity.skin!)).toBe(MIRA[3]);
    expect(features.palette[0]).toBe(features.identity.outfit);
    expect(features.palette[2]).toBe(features.identity.hair);
    expect(features.palette[3]).toBe(features.identity.skin);
    expect(features.identity.aspect).toBeGreaterThan(1);
  });

  it("reads the roles where a small figure stands in a wide reference with a floor", async () => {
    const floorBackdrop = await sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="384"><rect width="512" height="384" fill="#dfe6ee"/><rect y="330" width="512" height="54" fill="#9aa3ad"/></svg>`,
      ),
    )
      .png()
      .toBuffer();
    const refs = [];
    for (const [i, x] of [0.3, 0.5, 0.7].entries()) {
      refs.push(
        await render(
          panel([{ id: "mira", name: "Mira", palette: MIRA, x, y: 0.88, scale: 0.45, angle: "front" }], {
            seed: 40 + i,
            location: {
              name: "studio",
              lighting: "day",
              camera: "eye",
              shot: "wide",
              background: floorBackdrop,
            },
            // Soft shading: a hard cel pass moves a small figure's hair tone as far as a role.
            style: { ...STYLE, shadingLevels: 8 },
          }),
        ),
      );
    }
    const features = await extractCharacterFeatures(refs);
    const dist = (a: string, b: string) => {
      const rgb = (h: string) => [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
      const [x, y] = [rgb(a), rgb(b)];
      return Math.hypot(x[0]! - y[0]!, x[1]! - y[1]!, x[2]! - y[2]!);
    };
    const nearestRole = (hex: string) =>
      MIRA.reduce((best, c) => (dist(hex, c) < dist(hex, best) ? c : best));
    expect(features.identity.hair).not.toBeNull();
    expect(nearestRole(features.identity.hair!)).toBe(MIRA[2]);
    expect(nearestRole(features.identity.outfit!)).toBe(MIRA[0]);
    // At this size the tone pass shifts the face's tone, so only its order is checked: lighter
    // than the hair, and in the skin slot of the palette.
    const luma = (h: string) => {
      const [r, g, b] = [1, 3, 5].map((k) => Number.parseInt(h.slice(k, k + 2), 16));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    expect(luma(features.identity.skin!)).toBeGreaterThan(luma(features.identity.hair!));
    expect(features.palette[3]).toBe(features.identity.skin);
    // The figure's own proportions, not the frame's: a standing figure is well over 2:1.
    expect(features.identity.aspect).toBeGreaterThan(2);
  });

  it("keeps every colour in its role when the references do not show one", () => {
    // No hair found: the skin must stay the skin (not slide into the hair slot), and the face must
    // not be drawn in the accent colour.
    const palette = rolePalette(["#c8322b", "#333c57", null, "#ecc4a1", null]);
    expect(palette).toHaveLength(5);
    expect(palette[0]).toBe("#c8322b");
    expect(palette[3]).toBe("#ecc4a1");
    expect(figureColours(palette).skin).toEqual([0xec, 0xc4, 0xa1]);
    expect(palette[2]).toBe(rgbToHex(figureColours([]).hair));
  });
});

describe("character consistency with anchors", () => {
  let db: TestDatabase;
  let dir: string;
  let descriptor: StyleDescriptor;

  beforeAll(async () => {
    db = await createTestDatabase("libscore");
    dir = await mkdtemp(join(tmpdir(), "cs-libscore-"));
    descriptor = await StyleDescriptor.create();
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("scores the character's region higher when it is drawn in that character's colours", async () => {
    const storage = new LocalDiskStorage(dir);
    const sql = db.sql;
    const [user] = await sql<{ id: string }[]>`
      insert into users (email, display_name) values ('s@example.test', 'S') returning id`;
    const [project] = await sql<{ id: string }[]>`
      insert into projects (owner_id, name) values (${user!.id}, 'P') returning id`;
    const [character] = await sql<{ id: string }[]>`
      insert into characters (project_id, name, status, palette) values (${project!.id}, 'Mira', 'active', ${sql.json(MIRA)})
      returning id`;
    const base = { id: character!.id, name: "Mira", palette: MIRA, references: [], style: null };
    const specs = [
      { angle: "front", expression: "neutral", pose: "standing" },
      { angle: "three-quarter-left", expression: "happy", pose: "standing" },
      { angle: "three-quarter-right", expression: "sad", pose: "standing" },
    ] as const;
    for (const [i, spec] of specs.entries()) {
      const key = `projects/${project!.id}/library/a${i}.png`;
      await storage.put(key, await render(await anchorDescription(base, spec, 1)), "image/png");
      await sql`
        insert into character_anchors (character_id, position, angle, expression, pose, status, image_key, approved)
        values (${character!.id}, ${i}, ${spec.angle}, ${spec.expression}, ${spec.pose}, 'ready', ${key}, true)`;
    }
    const placed = { id: character!.id, name: "Mira", x: 0.45, y: 0.95, scale: 0.8 };
    // Drawn in one piece, so the figure is where characterBox says (layer composition may move it).
    const flat = new SketchEngine({ composition: false });
    const right = (await flat.generate(panel([{ ...placed, palette: MIRA }]))).variations[0]!.png;
    const wrong = (await flat.generate(panel([{ ...placed, palette: JOE }]))).variations[0]!.png;
    const payload = { ...payloadFor([{ ...placed, palette: MIRA }]), projectId: project!.id };
    const score = createScorer(sql, storage, descriptor);
    const { scores } = await score([right, wrong], payload);
    // Measured here: about 0.5 for the right colours and under 0.2 for the wrong ones.
    console.info(`character consistency: right ${scores[0]!.character}, wrong ${scores[1]!.character}`);
    expect(scores[0]!.character).toBeGreaterThan(0.35);
    expect(scores[0]!.character!).toBeGreaterThan(scores[1]!.character! + 0.2);
    expect(
      characterBox({ width: 512, height: 384, location: payload.location }, placed).width,
    ).toBeGreaterThan(0);
  }, 120_000);
});
