import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { letteringFont, letteringFontFile, type MeasureText } from "@comic-studio/shared";
import * as fontkit from "fontkit";

// The lettering fonts as the exports use them: the very files the browser loads (the same
// Fontsource packages, WOFF 1 here because fontkit and pdf-lib read it without brotli), their
// advances with kerning for the shared text fitter, and their glyph outlines for the PNG
// (librsvg cannot be trusted to find web fonts, so text is drawn as paths).

const require = createRequire(import.meta.url);

export interface LoadedFont {
  /** The WOFF file's bytes (pdf-lib embeds these). */
  bytes: Buffer;
  font: fontkit.Font;
}

const cache = new Map<string, LoadedFont>();

/** The font file the canvas uses for `fontId` at `weight` (nearest weight the font has). */
export function loadLetteringFont(fontId: string, weight: number): LoadedFont {
  const font = letteringFont(fontId);
  const file = letteringFontFile(font.id, weight);
  const key = `${font.id}:${file.weight}`;
  let hit = cache.get(key);
  if (!hit) {
    const bytes = readFileSync(require.resolve(`${font.npmPackage}/${file.woff}`));
    const parsed = fontkit.create(bytes);
    if (!("layout" in parsed)) throw new Error(`${font.npmPackage}/${file.woff} is a font collection`);
    hit = { bytes, font: parsed };
    cache.set(key, hit);
  }
  return hit;
}

/** Text width in page pixels with the font's kerning, as canvas measureText reports it. */
export const measureWithFont: MeasureText = (text, fontId, sizePx, weight) => {
  if (text === "") return 0;
  const { font } = loadLetteringFont(fontId, weight);
  return (font.layout(text).advanceWidth / font.unitsPerEm) * sizePx;
};

/** One glyph of a laid-out line: what it stands for and where it goes. */
export interface PlacedGlyph {
  /** The characters it draws. */
  text: string;
  /** Pen position of the glyph's origin from the line's start, page pixels. */
  x: number;
  /** The glyph's own advance (without kerning), page pixels. */
  advance: number;
  /** Its outline in font units (y up). */
  path: fontkit.Glyph["path"];
}

/** The glyphs of one line of text with their kerned positions. */
export function layoutLine(text: string, fontId: string, weight: number, sizePx: number): PlacedGlyph[] {
  const { font } = loadLetteringFont(fontId, weight);
  const run = font.layout(text);
  const scale = sizePx / font.unitsPerEm;
  const out: PlacedGlyph[] = [];
  let pen = 0;
  run.glyphs.forEach((glyph, i) => {
    const pos = run.positions[i]!;
    out.push({
      text: String.fromCodePoint(...glyph.codePoints),
      x: (pen + pos.xOffset) * scale,
      advance: glyph.advanceWidth * scale,
      path: glyph.path,
    });
    pen += pos.xAdvance;
  });
  return out;
}

/**
 * SVG path data for a line of text set at (x, baseline) in the caller's pixels: each glyph's
 * outline flipped to y-down and scaled from font units, so a fill and a stroke (outlined
 * lettering) draw exactly where the canvas draws its text.
 */
export function linePathData(
  text: string,
  fontId: string,
  weight: number,
  sizePx: number,
  x: number,
  baseline: number,
): string {
  const { font } = loadLetteringFont(fontId, weight);
  const scale = sizePx / font.unitsPerEm;
  let d = "";
  for (const glyph of layoutLine(text, fontId, weight, sizePx)) {
    d += glyph.path
      .scale(scale, -scale)
      .translate(x + glyph.x, baseline)
      .toSVG();
  }
  return d;
}
