import fontkitForPdf from "@pdf-lib/fontkit";
import {
  concatTransformationMatrix,
  PDFDocument,
  type PDFFont,
  type PDFHexString,
  type PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rgb,
} from "pdf-lib";
import { layoutLine, linePathData, loadLetteringFont } from "./fonts.ts";
import type { LaidBubble } from "./lettering.ts";
import { MM_PER_INCH, type Trim } from "./page.ts";

const POINTS_PER_INCH = 72;

export interface PdfPage {
  /** The panels (images and borders) at print resolution, without lettering. */
  png: Buffer;
  trim: Trim;
  /** Frame size in page pixels: the coordinates the bubbles are in. */
  frameW: number;
  frameH: number;
  bubbles: LaidBubble[];
}

function colour(hex: string) {
  const n = Number.parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

/** Embeds each lettering font once per document (subset: only the glyphs used). */
function fontEmbedder(pdf: PDFDocument) {
  const embedded = new Map<string, Promise<PDFFont>>();
  return (fontId: string, weight: number) => {
    const key = `${fontId}:${weight}`;
    let hit = embedded.get(key);
    if (!hit) {
      hit = pdf.embedFont(loadLetteringFont(fontId, weight).bytes, { subset: true });
      embedded.set(key, hit);
    }
    return hit;
  };
}

/**
 * One line of real text (selectable, searchable) at (x, baseline) in the current space (y up):
 * a TJ array whose adjustments put every glyph where fontkit's kerned layout (and so the
 * canvas) puts it.
 */
function textOperators(
  page: PDFPage,
  fontName: PDFName,
  font: PDFFont,
  line: { text: string; x: number; baseline: number },
  style: {
    fontId: string;
    weight: number;
    sizePx: number;
    fill: string;
  },
): PDFOperator[] {
  const glyphs = layoutLine(line.text, style.fontId, style.weight, style.sizePx);
  const items: Array<PDFHexString | PDFNumber> = [];
  let pen = 0;
  for (const glyph of glyphs) {
    // TJ numbers are thousandths of the font size, subtracted from the pen position.
    const gap = glyph.x - pen;
    if (Math.abs(gap) > 1e-3) items.push(PDFNumber.of(-(gap / style.sizePx) * 1000));
    items.push(font.encodeText(glyph.text));
    pen = glyph.x + glyph.advance;
  }
  const fill = colour(style.fill);
  const ops: PDFOperator[] = [
    PDFOperator.of(PDFOperatorNames.BeginText),
    PDFOperator.of(PDFOperatorNames.NonStrokingColorRgb, [fill.red, fill.green, fill.blue].map(PDFNumber.of)),
    PDFOperator.of(PDFOperatorNames.SetFontAndSize, [fontName, PDFNumber.of(style.sizePx)]),
  ];
  ops.push(
    PDFOperator.of(PDFOperatorNames.SetTextMatrix, [1, 0, 0, 1, line.x, -line.baseline].map(PDFNumber.of)),
    PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [page.doc.context.obj(items)]),
    PDFOperator.of(PDFOperatorNames.EndText),
  );
  return ops;
}

/**
 * Draws a page's lettering as vectors over its picture: outlines as paths, text as text in the
 * embedded comic font. Coordinates: frame pixels scaled to points, y up; each bubble in its
 * own space (origin at its top-left corner, turned by its rotation).
 */
async function drawLettering(
  page: PDFPage,
  embed: ReturnType<typeof fontEmbedder>,
  input: PdfPage,
  pointsPerPx: { x: number; y: number },
) {
  const names = new Map<PDFFont, PDFName>();
  for (const { shape, layout, clip } of input.bubbles) {
    const p = shape.props;
    const font = await embed(p.font, layout.weight);
    let fontName = names.get(font);
    if (!fontName) {
      fontName = page.node.newFontDictionary(font.name, font.ref);
      names.set(font, fontName);
    }
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(pointsPerPx.x, 0, 0, pointsPerPx.y, 0, 0),
    );
    if (clip) {
      page.pushOperators(
        PDFOperator.of(
          PDFOperatorNames.AppendRectangle,
          [clip.x, input.frameH - clip.y - clip.h, clip.w, clip.h].map(PDFNumber.of),
        ),
        PDFOperator.of(PDFOperatorNames.ClipNonZero),
        PDFOperator.of(PDFOperatorNames.EndPath),
      );
    }
    // Into the bubble's space: its corner, then its rotation (clockwise on screen is negative here).
    const cos = Math.cos(-shape.rotation);
    const sin = Math.sin(-shape.rotation);
    page.pushOperators(
      concatTransformationMatrix(1, 0, 0, 1, shape.x, input.frameH - shape.y),
      concatTransformationMatrix(cos, sin, -sin, cos, 0, 0),
    );
    if (layout.outline.path) {
      page.drawSvgPath(layout.outline.path, {
        x: 0,
        y: 0,
        color: colour(p.fill),
        ...(p.strokeWidth > 0 ? { borderColor: colour(p.stroke), borderWidth: p.strokeWidth } : {}),
        borderLineCap: 1,
        opacity: shape.opacity,
        borderOpacity: shape.opacity,
      });
    }
    const sfx = p.kind === "sfx";
    if (sfx && p.strokeWidth > 0 && layout.text.lines.length > 0) {
      // Outlined letters: the canvas paints the stroke under the fill (paint-order: stroke), a
      // text render mode cannot, so the outline is the glyphs' paths stroked, the fill real text.
      const outline = layout.text.lines
        .map((l) => linePathData(l.text, p.font, layout.weight, layout.text.sizePx, l.x, l.baseline))
        .join("");
      page.pushOperators(PDFOperator.of(PDFOperatorNames.SetLineJoinStyle, [PDFNumber.of(1)]));
      page.drawSvgPath(outline, {
        x: 0,
        y: 0,
        borderColor: colour(p.stroke),
        borderWidth: p.strokeWidth * 2,
        borderOpacity: shape.opacity,
      });
    }
    for (const line of layout.text.lines) {
      page.pushOperators(
        ...textOperators(page, fontName, font, line, {
          fontId: p.font,
          weight: layout.weight,
          sizePx: layout.text.sizePx,
          fill: sfx ? p.fill : p.textColor,
        }),
      );
    }
    page.pushOperators(popGraphicsState());
  }
}

/**
 * One PDF with the pages in order, each page the trim size: the panels drawn as one picture
 * at print resolution, the bubbles over it as vector paths and their text as real text in
 * the embedded (subset) comic fonts, so it can be selected, searched and printed sharp.
 */
export async function buildPdf(
  pages: PdfPage[],
  title: string,
  onPage?: (done: number) => Promise<void>,
): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkitForPdf);
  pdf.setTitle(title);
  pdf.setCreator("Comic Studio");
  pdf.setProducer("Comic Studio (pdf-lib)");
  const embed = fontEmbedder(pdf);
  let done = 0;
  for (const input of pages) {
    const w = (input.trim.widthMm / MM_PER_INCH) * POINTS_PER_INCH;
    const h = (input.trim.heightMm / MM_PER_INCH) * POINTS_PER_INCH;
    const image = await pdf.embedPng(input.png);
    const page = pdf.addPage([w, h]);
    page.drawImage(image, { x: 0, y: 0, width: w, height: h });
    await drawLettering(page, embed, input, { x: w / input.frameW, y: h / input.frameH });
    done++;
    await onPage?.(done);
  }
  return Buffer.from(await pdf.save());
}
