import { createLogger, PostgresCreditLedger } from "@comic-studio/infra";
import { exportRenderOptions, layoutBubble } from "@comic-studio/shared";
import { unzipSync } from "fflate";
import { PDFArray, PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureWithFont } from "../src/export/fonts.ts";
import { type ExportDeps, loadPages, runExport } from "../src/export/job.ts";
import { renderPage } from "../src/export/render.ts";
import { planSlices } from "../src/export/slicing.ts";
import { layoutStrip, stripSpans } from "../src/export/strip.ts";
import {
  addExport,
  addPage,
  createExportWorld,
  type ExportWorld,
  fileUrl,
  twoToneImage,
} from "./export-fixtures.ts";

// Exports of a lettered page, read back by independent readers: the PNG decoded by sharp, the
// PDF parsed by pdf.js (Mozilla's reader, not the library that wrote it), the strip unzipped.

let world: ExportWorld;
let deps: ExportDeps;
let lettered: string;

const SPEECH = "Where did the lighthouse keeper go? Nobody has seen him since the storm.";
const SHOUT = "RUN!";
const SFX = "KRAK";
const CAPTION = "Meanwhile, at the harbour...";

async function stored(url: string): Promise<Buffer> {
  const key = url
    .replace(/^\/api\/files\//, "")
    .split("/")
    .map(decodeURIComponent)
    .join("/");
  const object = await world.storage.get(key);
  if (!object) throw new Error(`not stored: ${key}`);
  const chunks: Buffer[] = [];
  for await (const c of object.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function resultOf(id: string): Promise<string> {
  const [r] = await world.db.sql<{ status: string; result_url: string }[]>`
    select status, result_url from export_jobs where id = ${id}`;
  expect(r!.status).toBe("completed");
  return r!.result_url;
}

/** The fonts page 1 uses: base font name and whether the file carries the font program. */
async function embeddedFonts(bytes: Buffer): Promise<Array<{ name: string; embedded: boolean }>> {
  const doc = await PDFDocument.load(bytes);
  const page = doc.getPage(0);
  const fontDict = page.node.Resources()?.lookup(PDFName.of("Font"), PDFDict);
  const out: Array<{ name: string; embedded: boolean }> = [];
  for (const [, ref] of fontDict?.entries() ?? []) {
    const font = doc.context.lookup(ref, PDFDict);
    const descendant = font.lookup(PDFName.of("DescendantFonts"), PDFArray).lookup(0, PDFDict);
    const descriptor = descendant.lookup(PDFName.of("FontDescriptor"), PDFDict);
    out.push({
      name: font.lookup(PDFName.of("BaseFont"), PDFName).asString(),
      embedded: Boolean(descriptor.get(PDFName.of("FontFile2")) ?? descriptor.get(PDFName.of("FontFile3"))),
    });
  }
  return out;
}

beforeAll(async () => {
  world = await createExportWorld("exportlet");
  deps = {
    sql: world.db.sql,
    storage: world.storage,
    credits: new PostgresCreditLedger(world.db.sql),
    logger: createLogger("worker-test", "silent"),
    urlFor: fileUrl,
  };
  lettered = await addPage(world, 1, "3-panel", [
    {
      image: await twoToneImage(1200, 600, "#3060c0", "#60a0e0"),
      bubbles: [
        { kind: "caption", text: CAPTION, dx: 20, dy: 20 },
        { kind: "speech", text: SPEECH, dx: 250, dy: 80, props: { w: 300, h: 170, tail: { x: 40, y: 230 } } },
      ],
    },
    {
      image: await twoToneImage(600, 600, "#40a040", "#a0d060"),
      bubbles: [{ kind: "shout", text: SHOUT, dx: 20, dy: 40 }],
    },
    { bubbles: [{ kind: "sfx", text: SFX, dx: 10, dy: 200 }] },
  ]);
});

afterAll(async () => {
  await world?.close();
});

describe("lettering in exports", () => {
  it("draws the bubbles over the panels in the PNG, at the fitted text's places", async () => {
    const payload = await addExport(
      world,
      "png",
      [lettered],
      exportRenderOptions({ format: "png", highRes: false }),
    );
    await runExport(deps, payload);
    const png = await stored(await resultOf(payload.exportId));
    const [layout] = await loadPages(world.db.sql, payload);
    const bare = await renderPage(layout!, 300, async () => null, { lettering: false });
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([bare.width, bare.height]);
    // The speech bubble: its body is white where the bare panel is blue, and its text is dark.
    const speech = layout!.bubbles.find((b) => b.props.kind === "speech")!;
    const fitted = layoutBubble(speech.props, measureWithFont);
    expect(fitted.text.lines.length).toBeGreaterThan(1);
    expect(fitted.text.overflow).toBe(false);
    const s = bare.width / layout!.frameW;
    const line = fitted.text.lines[0]!;
    const box = {
      left: Math.round((speech.x + line.x) * s),
      top: Math.round((speech.y + line.top) * s),
      width: Math.round(line.width * s),
      height: Math.round(fitted.text.lineHeightPx * s),
    };
    const stats = await sharp(png).extract(box).stats();
    // Text line: mostly white bubble with dark glyphs in it.
    expect(stats.channels[0]!.min).toBeLessThan(60);
    expect(stats.channels[0]!.max).toBeGreaterThan(230);
    // Outside every bubble the lettered page is the bare page: same pixels.
    const corner = { left: bare.width - 40, top: Math.round(bare.height / 2), width: 20, height: 20 };
    const a = await sharp(png).extract(corner).raw().toBuffer();
    const b = await sharp(bare.png).extract(corner).raw().toBuffer();
    expect(a.equals(b)).toBe(true);
  });

  it("keeps text as text in the PDF, in the embedded comic fonts, lines broken as the fitter breaks them", async () => {
    const payload = await addExport(
      world,
      "pdf",
      [lettered],
      exportRenderOptions({ format: "pdf", highRes: false }),
    );
    await runExport(deps, payload);
    const bytes = await stored(await resultOf(payload.exportId));
    const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
    expect(pdf.numPages).toBe(1);
    const page = await pdf.getPage(1);
    const content = await page.getTextContent();
    const items = content.items.filter((i): i is typeof i & { str: string; fontName: string } => "str" in i);
    const text = items.map((i) => i.str).join("\n");
    for (const word of ["lighthouse", "keeper", "storm.", SHOUT, SFX, "Meanwhile,", "harbour..."]) {
      expect(text).toContain(word);
    }
    // Line for line what the shared fitter lays out with the font's metrics.
    const [layout] = await loadPages(world.db.sql, payload);
    const speech = layout!.bubbles.find((b) => b.props.kind === "speech")!;
    const lines = layoutBubble(speech.props, measureWithFont).text.lines.map((l) => l.text);
    const pdfLines = items.map((i) => i.str.trim()).filter((s) => s.length > 0);
    for (const l of lines) expect(pdfLines).toContain(l);
    // Fonts are embedded: each font of the page has a font program, and they are the comic fonts.
    const fonts = await embeddedFonts(bytes);
    expect(fonts.map((f) => f.name).sort()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ComicNeue/),
        expect.stringMatching(/Bangers/),
        expect.stringMatching(/LuckiestGuy/),
      ]),
    );
    for (const f of fonts) expect(f.embedded).toBe(true);
    await pdf.destroy();
  });

  it("sets each PDF text line where the PNG draws it", async () => {
    const payload = await addExport(
      world,
      "png",
      [lettered],
      exportRenderOptions({ format: "png", highRes: false }),
    );
    await runExport(deps, payload);
    const png = await stored(await resultOf(payload.exportId));
    const pdfPayload = await addExport(
      world,
      "pdf",
      [lettered],
      exportRenderOptions({ format: "pdf", highRes: false }),
    );
    await runExport(deps, pdfPayload);
    const bytes = await stored(await resultOf(pdfPayload.exportId));
    // pdf.js in node needs a canvas to rasterise; compare the text positions instead: every
    // line's origin in the PDF (points) sits where the PNG's fitted layout puts it.
    const pdf = await getDocument({ data: new Uint8Array(bytes) }).promise;
    const page = await pdf.getPage(1);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const [layout] = await loadPages(world.db.sql, payload);
    const ptPerPx = viewport.width / layout!.frameW;
    const speech = layout!.bubbles.find((b) => b.props.kind === "speech")!;
    const fitted = layoutBubble(speech.props, measureWithFont);
    for (const line of fitted.text.lines) {
      const item = content.items.find((i) => "str" in i && i.str.trim() === line.text) as
        | { transform: number[] }
        | undefined;
      expect(item).toBeDefined();
      const [, , , , x, y] = item!.transform;
      expect(x!).toBeCloseTo((speech.x + line.x) * ptPerPx, 0);
      expect(viewport.height - y!).toBeCloseTo((speech.y + line.baseline) * ptPerPx, 0);
    }
    expect((await sharp(png).metadata()).width).toBe(Math.round((170 / 25.4) * 300));
    await pdf.destroy();
  });

  it("puts the lettering into the webtoon strip and never slices through a bubble's text", async () => {
    const payload = await addExport(
      world,
      "webtoon",
      [lettered],
      exportRenderOptions({
        format: "webtoon",
        highRes: false,
        preset: "custom",
        custom: { widthPx: 800, maxSliceHeightPx: 700, maxSliceBytes: null, maxTotalBytes: null },
      }),
    );
    await runExport(deps, payload);
    const zip = unzipSync(new Uint8Array(await stored(await resultOf(payload.exportId))));
    const names = Object.keys(zip).sort();
    const heights: number[] = [];
    for (const name of names) {
      const meta = await sharp(Buffer.from(zip[name]!)).metadata();
      expect(meta.width).toBe(800);
      expect(meta.height).toBeLessThanOrEqual(700);
      heights.push(meta.height!);
    }
    const pages = await loadPages(world.db.sql, payload);
    const strip = layoutStrip(pages, 800, 120);
    const { spans, text } = stripSpans(strip);
    expect(text.length).toBe(4);
    const { cuts } = planSlices(strip.heightPx, spans, { maxSliceHeightPx: 700, keepWhole: text });
    // The zip holds exactly the planned slices, and no cut crosses a text line.
    expect(heights).toEqual(cuts.slice(1).map((c, i) => c - cuts[i]!));
    for (const c of cuts) for (const t of text) expect(c <= t.top || c >= t.bottom).toBe(true);
    // The first panel's speech bubble is drawn: white body where the panel is blue.
    const first = Buffer.from(zip[names[0]!]!);
    const item = strip.items[0]!;
    const speech = item.bubbles.find((b) => b.shape.props.kind === "speech")!;
    const cx = Math.round((speech.shape.x + speech.shape.props.w / 2 - item.panel.x) * item.scale);
    const top = Math.round(item.top + (speech.shape.y + 6 - item.panel.y) * item.scale);
    const { data } = await sharp(first)
      .extract({ left: cx, top, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(220);
    expect(data[2]).toBeGreaterThan(220);
  });
});
