import { PDFDocument } from "pdf-lib";
import { MM_PER_INCH, type Trim } from "./page.ts";

const POINTS_PER_INCH = 72;

export interface PdfPage {
  png: Buffer;
  trim: Trim;
}

/**
 * One PDF with the pages in order, each page the trim size with its rendered picture drawn
 * over the whole page. Text is not kept as text yet: pages have no lettering shapes to carry it.
 */
export async function buildPdf(
  pages: PdfPage[],
  title: string,
  onPage?: (done: number) => Promise<void>,
): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator("Comic Studio");
  pdf.setProducer("Comic Studio (pdf-lib)");
  let done = 0;
  for (const page of pages) {
    const w = (page.trim.widthMm / MM_PER_INCH) * POINTS_PER_INCH;
    const h = (page.trim.heightMm / MM_PER_INCH) * POINTS_PER_INCH;
    const image = await pdf.embedPng(page.png);
    pdf.addPage([w, h]).drawImage(image, { x: 0, y: 0, width: w, height: h });
    done++;
    await onPage?.(done);
  }
  return Buffer.from(await pdf.save());
}
