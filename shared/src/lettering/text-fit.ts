// Text fitting shared by the canvas and the exports: word wrapping into the bubble's text
// area (an ellipse gives each line its own width) and shrinking the size until the text fits.
// Pure: the caller passes how wide a string is in a font (canvas measureText in the browser,
// the font file's advances in the worker), so both lay out the same lines at the same places.

/** Width of `text` in page pixels when set in `fontId` at `sizePx` and `weight`. */
export type MeasureText = (text: string, fontId: string, sizePx: number, weight: number) => number;

/** Where text may go: a rectangle, or the ellipse inscribed in that rectangle. */
export interface TextArea {
  x: number;
  y: number;
  w: number;
  h: number;
  shape: "rect" | "ellipse";
}

export interface FitTextOptions {
  text: string;
  area: TextArea;
  fontId: string;
  weight: number;
  /** The size to use when the text fits at it; the largest size tried. */
  maxSizePx: number;
  /** The smallest size tried; below it the text is laid out at this size and overflows. */
  minSizePx: number;
  /** Line height as a multiple of the font size. */
  lineHeight: number;
  /** Ascent and descent of the font as fractions of the em: they place the baselines. */
  ascent: number;
  descent: number;
  align: "start" | "center" | "end";
  measure: MeasureText;
  /** Size steps tried between max and min (page pixels). Defaults to 0.5. */
  stepPx?: number;
}

export interface FittedLine {
  text: string;
  /** Left end of the line's text (after alignment), page pixels in the shape's coordinates. */
  x: number;
  /** Baseline of the line. */
  baseline: number;
  /** Top of the line's box (baseline minus the ascent part of the line box). */
  top: number;
  width: number;
}

export interface FittedText {
  sizePx: number;
  lineHeightPx: number;
  lines: FittedLine[];
  /** True when even the smallest size did not fit: some text lies outside the area. */
  overflow: boolean;
}

/** The horizontal span an ellipse (or rectangle) leaves for a band of height [top, bottom]. */
export function lineSpan(area: TextArea, top: number, bottom: number): { left: number; width: number } {
  if (area.shape === "rect") return { left: area.x, width: area.w };
  const cy = area.y + area.h / 2;
  const ry = area.h / 2;
  const rx = area.w / 2;
  // The band's edge farthest from the centre is the narrowest place the line must fit.
  const dy = Math.max(Math.abs(top - cy), Math.abs(bottom - cy));
  if (dy >= ry) return { left: area.x + rx, width: 0 };
  const half = rx * Math.sqrt(1 - (dy / ry) ** 2);
  return { left: area.x + rx - half, width: 2 * half };
}

/**
 * Greedy word wrap with a width per line (`widthOf(i)` for line i). Paragraphs break at "\n";
 * a word wider than its line is cut between characters. Returns null when the text needs more
 * than `maxLines` lines.
 */
export function wrapText(
  text: string,
  widthOf: (line: number) => number,
  measure: (s: string) => number,
  maxLines: number,
): string[] | null {
  const lines: string[] = [];
  const push = (line: string) => {
    lines.push(line);
    return lines.length <= maxLines;
  };
  for (const paragraph of text.split("\n")) {
    const words = paragraph.split(/\s+/).filter((w) => w.length > 0);
    let current = "";
    if (words.length === 0 && !push("")) return null;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const candidate = current ? `${current} ${word}` : word;
      const width = widthOf(lines.length);
      if (measure(candidate) <= width) {
        current = candidate;
        continue;
      }
      if (current) {
        if (!push(current)) return null;
        current = "";
        i--; // try the word again on the next line
        continue;
      }
      // A single word wider than the line: cut it at the last character that fits (at least one).
      let cut = 1;
      while (cut < word.length && measure(word.slice(0, cut + 1)) <= width) cut++;
      if (!push(word.slice(0, cut))) return null;
      if (cut < word.length) {
        words[i] = word.slice(cut);
        i--;
      }
    }
    if (current && !push(current)) return null;
  }
  return lines;
}

/** Lines at one size, vertically centred in the area, or null when they do not fit. */
function layoutAt(options: FitTextOptions, sizePx: number, force: boolean): FittedText | null {
  const { area, lineHeight, measure, fontId, weight } = options;
  const lineHeightPx = sizePx * lineHeight;
  const maxLines = Math.max(1, Math.floor(area.h / lineHeightPx));
  const measureAt = (s: string) => measure(s, fontId, sizePx, weight);
  // Try n lines centred in the area: each line's width depends on where the block sits.
  for (let n = 1; n <= maxLines; n++) {
    const spans = spansFor(area, n, lineHeightPx);
    const lines = wrapText(options.text, (i) => spans[Math.min(i, n - 1)]!.width, measureAt, n);
    if (lines) return place(options, sizePx, lineHeightPx, lines, false);
  }
  if (!force) return null;
  // Overflow at the smallest size: wrap to the area's full width and let lines spill out.
  const lines = wrapText(options.text, () => area.w, measureAt, Number.POSITIVE_INFINITY) ?? [];
  return place(options, sizePx, lineHeightPx, lines, true);
}

function spansFor(area: TextArea, n: number, lineHeightPx: number) {
  const top = area.y + (area.h - n * lineHeightPx) / 2;
  return Array.from({ length: n }, (_, i) =>
    lineSpan(area, top + i * lineHeightPx, top + (i + 1) * lineHeightPx),
  );
}

function place(
  options: FitTextOptions,
  sizePx: number,
  lineHeightPx: number,
  texts: string[],
  overflow: boolean,
): FittedText {
  const { area, align, ascent, descent, measure, fontId, weight } = options;
  const spans = spansFor(area, texts.length, lineHeightPx);
  const blockTop = area.y + (area.h - texts.length * lineHeightPx) / 2;
  // Centre the glyphs' ascent+descent inside each line box.
  const baselineOffset = (lineHeightPx - (ascent + descent) * sizePx) / 2 + ascent * sizePx;
  const lines = texts.map((text, i) => {
    const width = measure(text, fontId, sizePx, weight);
    const span = overflow ? { left: area.x, width: area.w } : spans[i]!;
    const free = span.width - width;
    const x = align === "start" ? span.left : align === "end" ? span.left + free : span.left + free / 2;
    const top = blockTop + i * lineHeightPx;
    return { text, x, baseline: top + baselineOffset, top, width };
  });
  return { sizePx, lineHeightPx, lines, overflow };
}

/**
 * Lays text out in the area at the largest size from `maxSizePx` down to `minSizePx` (in
 * `stepPx` steps) at which every line fits. Deterministic for a given `measure`.
 */
export function fitText(options: FitTextOptions): FittedText {
  const step = options.stepPx ?? 0.5;
  const min = Math.min(options.minSizePx, options.maxSizePx);
  if (options.text.trim() === "") {
    return {
      sizePx: options.maxSizePx,
      lineHeightPx: options.maxSizePx * options.lineHeight,
      lines: [],
      overflow: false,
    };
  }
  for (let size = options.maxSizePx; size > min; size -= step) {
    const fitted = layoutAt(options, size, false);
    if (fitted) return fitted;
  }
  return layoutAt(options, min, true)!;
}
