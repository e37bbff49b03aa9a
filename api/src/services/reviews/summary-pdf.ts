import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import { anchorLabel, formatTime, pageLabel, type ReviewSummaryData } from "./summary-format.ts";

// The review summary as PDF, with pdf-lib (as the worker's page exports). Comments are written in
// every language a studio works in, so the text is set in DejaVu Sans (an npm package, embedded
// as a subset): Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and more. What it has no glyph
// for (CJK, emoji) prints as "?" and stays whole in the Markdown summary.

const PAGE_W = 595.28; // A4, points
const PAGE_H = 841.89;
const MARGIN = 48;
const CROP_MAX_W = 260;

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: "DejaVuSans.ttf",
  bold: "DejaVuSans-Bold.ttf",
  italic: "DejaVuSans-Oblique.ttf",
} as const;
type FontRole = keyof typeof FONT_FILES;
let fontBytes: Record<FontRole, Uint8Array> | null = null;
/** The code points the regular face draws (the bold and oblique faces cover the same ones). */
let covered: { hasGlyphForCodePoint(codePoint: number): boolean } | null = null;

function fonts(): Record<FontRole, Uint8Array> {
  if (!fontBytes) {
    const read = (file: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
    fontBytes = {
      regular: read(FONT_FILES.regular),
      bold: read(FONT_FILES.bold),
      italic: read(FONT_FILES.italic),
    };
    covered = fontkit.create(fontBytes.regular as Buffer);
  }
  return fontBytes;
}

/** Text the summary's font can draw: other characters become "?", tabs spaces. */
export function drawable(text: string): string {
  fonts();
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\t") out += " ";
    else if (ch === "\n" || (code >= 0x20 && covered!.hasGlyphForCodePoint(code))) out += ch;
    else out += "?";
  }
  return out;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of drawable(text.replace(/\r/g, "")).split("\n")) {
    let line = "";
    for (const word of paragraph.split(/ +/)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width) {
        line = next;
        continue;
      }
      if (line) lines.push(line);
      // A word longer than the line is cut where it must be.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut -= 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

class Writer {
  page: PDFPage;
  y = PAGE_H - MARGIN;
  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: { regular: PDFFont; bold: PDFFont; italic: PDFFont },
  ) {
    this.page = doc.addPage([PAGE_W, PAGE_H]);
  }
  ensure(height: number): void {
    if (this.y - height >= MARGIN) return;
    this.page = this.doc.addPage([PAGE_W, PAGE_H]);
    this.y = PAGE_H - MARGIN;
  }
  text(text: string, options: { size?: number; font?: PDFFont; indent?: number; gray?: boolean } = {}): void {
    const size = options.size ?? 10;
    const font = options.font ?? this.fonts.regular;
    const indent = options.indent ?? 0;
    const color = options.gray ? rgb(0.4, 0.4, 0.4) : rgb(0.1, 0.1, 0.1);
    for (const line of wrap(text, font, size, PAGE_W - 2 * MARGIN - indent)) {
      this.ensure(size * 1.35);
      this.y -= size * 1.35;
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color });
    }
  }
  gap(points: number): void {
    this.y -= points;
  }
}

/** Renders the summary; the same content as the Markdown, one thread after another. */
export async function renderSummaryPdf(data: ReviewSummaryData): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Review summary: ${data.projectName}, ${pageLabel(data.page)}`);
  doc.setCreator("Comic Studio");
  doc.registerFontkit(fontkit);
  const files = fonts();
  const w = new Writer(doc, {
    regular: await doc.embedFont(files.regular, { subset: true }),
    bold: await doc.embedFont(files.bold, { subset: true }),
    italic: await doc.embedFont(files.italic, { subset: true }),
  });
  const open = data.threads.filter((t) => t.thread.status === "open").length;
  w.text(`Review summary: ${data.projectName}`, { size: 18, font: w.fonts.bold });
  w.text(pageLabel(data.page), { size: 12, font: w.fonts.bold });
  w.text(`Generated ${formatTime(data.generatedAt.toISOString())} by ${data.generatedBy}.`, { gray: true });
  w.text(`${data.threads.length} threads: ${open} open, ${data.threads.length - open} resolved.`, {
    gray: true,
  });
  w.gap(12);

  for (const [index, { thread, crop }] of data.threads.entries()) {
    const status = thread.status === "open" ? "Open" : "Resolved";
    w.ensure(60);
    w.text(`${index + 1}. ${status}, on ${anchorLabel(thread, crop?.panelNumber ?? null)}`, {
      size: 13,
      font: w.fonts.bold,
    });
    w.text(`Opened by ${thread.createdBy.displayName} at ${formatTime(thread.createdAt)}.`, { gray: true });
    if (thread.resolvedBy && thread.resolvedAt) {
      w.text(`Resolved by ${thread.resolvedBy.displayName} at ${formatTime(thread.resolvedAt)}.`, {
        gray: true,
      });
    }
    if (crop) {
      const image = await doc.embedJpg(crop.jpeg);
      const scale = Math.min(1, CROP_MAX_W / image.width);
      const width = image.width * scale;
      const height = image.height * scale;
      w.ensure(height + 8);
      w.y -= height + 4;
      w.page.drawImage(image, { x: MARGIN, y: w.y, width, height });
      w.gap(4);
    }
    for (const message of thread.messages ?? []) {
      w.gap(4);
      const edited = message.editedAt ? " (edited)" : "";
      w.text(`${message.author.displayName}, ${formatTime(message.createdAt)}${edited}`, {
        font: w.fonts.bold,
        indent: 12,
      });
      if (message.deletedAt) w.text("message deleted", { font: w.fonts.italic, indent: 12, gray: true });
      else w.text(message.body, { indent: 12 });
    }
    w.gap(14);
  }
  // Plain objects, no object streams: older readers and text tools read the file as it is.
  return doc.save({ useObjectStreams: false });
}
