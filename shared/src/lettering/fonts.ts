// The comic fonts that ship with Comic Studio. Every font is an open-licensed npm package
// (Fontsource), installed into the client (served by Vite from our own origin, never a CDN)
// and into the worker (embedded in PDF exports). Ids are stored in page documents: never
// rename one; add new fonts at the end (and to the bubble shape's validator with a migration).

export const LETTERING_FONT_IDS = [
  "comic-neue",
  "bangers",
  "patrick-hand",
  "permanent-marker",
  "luckiest-guy",
] as const;
export type LetteringFontId = (typeof LETTERING_FONT_IDS)[number];

export interface LetteringFontFile {
  weight: number;
  /** Path of the WOFF2 file inside the npm package (the browser loads this one). */
  woff2: string;
  /** Path of the WOFF 1 file inside the npm package (fontkit/pdf-lib can embed this one). */
  woff: string;
}

export interface LetteringFont {
  id: LetteringFontId;
  /** CSS font-family name the client registers the files under. */
  family: string;
  /** Shown in the font picker. */
  label: string;
  /** The npm package holding the files (a dependency of client and worker). */
  npmPackage: string;
  /** SPDX id of the font's licence. */
  license: string;
  /** Latin subset files, one per weight the font has. */
  files: LetteringFontFile[];
  /** hhea ascender / descender as fractions of the em, read from the font files. */
  ascent: number;
  descent: number;
  /** What the font is good for, shown as a hint. */
  use: string;
}

function files(pkgName: string, weights: number[]): LetteringFontFile[] {
  return weights.map((weight) => ({
    weight,
    woff2: `files/${pkgName}-latin-${weight}-normal.woff2`,
    woff: `files/${pkgName}-latin-${weight}-normal.woff`,
  }));
}

export const LETTERING_FONTS: Record<LetteringFontId, LetteringFont> = {
  "comic-neue": {
    id: "comic-neue",
    family: "Comic Neue",
    label: "Comic Neue",
    npmPackage: "@fontsource/comic-neue",
    license: "OFL-1.1",
    files: files("comic-neue", [300, 400, 700]),
    ascent: 0.9,
    descent: 0.25,
    use: "dialogue",
  },
  bangers: {
    id: "bangers",
    family: "Bangers",
    label: "Bangers",
    npmPackage: "@fontsource/bangers",
    license: "OFL-1.1",
    files: files("bangers", [400]),
    ascent: 0.883,
    descent: 0.181,
    use: "shouts and sound effects",
  },
  "patrick-hand": {
    id: "patrick-hand",
    family: "Patrick Hand",
    label: "Patrick Hand",
    npmPackage: "@fontsource/patrick-hand",
    license: "OFL-1.1",
    files: files("patrick-hand", [400]),
    ascent: 1.042,
    descent: 0.312,
    use: "hand-lettered dialogue and thoughts",
  },
  "permanent-marker": {
    id: "permanent-marker",
    family: "Permanent Marker",
    label: "Permanent Marker",
    npmPackage: "@fontsource/permanent-marker",
    license: "Apache-2.0",
    files: files("permanent-marker", [400]),
    ascent: 1.109,
    descent: 0.317,
    use: "captions and notes",
  },
  "luckiest-guy": {
    id: "luckiest-guy",
    family: "Luckiest Guy",
    label: "Luckiest Guy",
    npmPackage: "@fontsource/luckiest-guy",
    license: "Apache-2.0",
    files: files("luckiest-guy", [400]),
    ascent: 0.703,
    descent: 0.297,
    use: "sound effects and titles",
  },
};

export const DEFAULT_LETTERING_FONT: LetteringFontId = "comic-neue";

export function letteringFont(id: string): LetteringFont {
  return LETTERING_FONTS[id as LetteringFontId] ?? LETTERING_FONTS[DEFAULT_LETTERING_FONT];
}

/**
 * The file of a font closest to a weight: the exact weight when the font has it, else the
 * nearest (a one-weight font renders every weight with its only file, as browsers do when
 * they do not synthesise bold for us: the client turns synthesis off so canvas and export match).
 */
export function letteringFontFile(id: string, weight: number): LetteringFontFile {
  const font = letteringFont(id);
  let best = font.files[0]!;
  for (const file of font.files) {
    if (Math.abs(file.weight - weight) < Math.abs(best.weight - weight)) best = file;
  }
  return best;
}

/** Weights the font really has (the inspector offers only these). */
export function letteringFontWeights(id: string): number[] {
  return letteringFont(id).files.map((f) => f.weight);
}

/** The CSS font shorthand the client measures and draws with. */
export function cssFont(id: string, weight: number, sizePx: number): string {
  return `${letteringFontFile(id, weight).weight} ${sizePx}px "${letteringFont(id).family}"`;
}
