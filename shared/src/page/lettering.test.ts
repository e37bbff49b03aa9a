import { T } from "@tldraw/validate";
import { describe, expect, it } from "vitest";
import { LETTERING_FONTS, letteringFontFile } from "../lettering/fonts.ts";
import { layoutBubble } from "../lettering/layout.ts";
import { BUBBLE_KINDS, bubbleShapeProps, defaultBubbleProps } from "./lettering.ts";
import { pageSchema } from "./schema.ts";

const validator = T.object(bubbleShapeProps);

describe("bubble shape", () => {
  it("is part of the page schema", () => {
    expect(Object.keys(pageSchema().serialize().sequences)).toContain("com.tldraw.shape.bubble");
  });

  it("has valid defaults for every kind", () => {
    for (const kind of BUBBLE_KINDS) expect(() => validator.validate(defaultBubbleProps(kind))).not.toThrow();
  });

  it("rejects colours that are not #rrggbb and fonts that do not ship", () => {
    expect(() => validator.validate({ ...defaultBubbleProps("speech"), fill: "red" })).toThrow();
    expect(() => validator.validate({ ...defaultBubbleProps("speech"), font: "comic-sans" })).toThrow();
  });

  it("lays every default out with its text inside (monospace metrics)", () => {
    const measure = (text: string, _f: string, size: number) => text.length * size * 0.55;
    for (const kind of BUBBLE_KINDS) {
      const layout = layoutBubble(
        { ...defaultBubbleProps(kind), text: "Where were you last night?" },
        measure,
      );
      expect(layout.text.overflow).toBe(false);
      expect(layout.text.lines.length).toBeGreaterThan(0);
    }
  });
});

describe("font catalogue", () => {
  it("names a woff and woff2 file per weight and falls back to the nearest weight", () => {
    for (const font of Object.values(LETTERING_FONTS)) {
      expect(font.files.length).toBeGreaterThan(0);
      for (const file of font.files) {
        expect(file.woff).toMatch(/^files\/.+-latin-\d+-normal\.woff$/);
        expect(file.woff2).toBe(`${file.woff}2`);
      }
    }
    expect(letteringFontFile("comic-neue", 800).weight).toBe(700);
    expect(letteringFontFile("bangers", 700).weight).toBe(400);
    expect(letteringFontFile("unknown", 400).woff).toContain("comic-neue");
  });
});
