import { createLogger, PostgresCreditLedger } from "@comic-studio/infra";
import {
  type ExportOutcome,
  exportRenderOptions,
  HIGH_RES_EXPORT_DPI,
  PRICES,
  STANDARD_EXPORT_DPI,
  WEBTOON_PRESETS,
} from "@comic-studio/shared";
import { unzipSync } from "fflate";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExportError } from "../src/export/errors.ts";
import { type ExportDeps, runExport } from "../src/export/job.ts";
import {
  addExport,
  addPage,
  createExportWorld,
  type ExportWorld,
  fileUrl,
  twoToneImage,
} from "./export-fixtures.ts";

let world: ExportWorld;
let deps: ExportDeps;
let pageA: string;
let pageB: string;

const px = (mm: number, dpi: number) => Math.round((mm / 25.4) * dpi);

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

async function row(id: string) {
  const [r] = await world.db.sql<
    {
      status: string;
      progress: number;
      result_url: string | null;
      error_message: string | null;
      options: { outcome?: ExportOutcome };
    }[]
  >`select status, progress, result_url, error_message, options from export_jobs where id = ${id}`;
  return r!;
}

async function pixel(png: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data } = await sharp(png)
    .extract({ left: x, top: y, width: 1, height: 1 })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return [data[0]!, data[1]!, data[2]!];
}

beforeAll(async () => {
  world = await createExportWorld("export");
  deps = {
    sql: world.db.sql,
    storage: world.storage,
    credits: new PostgresCreditLedger(world.db.sql),
    logger: createLogger("worker-test", "silent"),
    urlFor: fileUrl,
  };
  // Page A, 3-panel (one wide panel on top, two below): red|blue, green|yellow (rounded), empty (dashed).
  pageA = await addPage(world, 1, "3-panel", [
    { image: await twoToneImage(1200, 600, "#ff0000", "#0000ff") },
    { image: await twoToneImage(600, 600, "#00ff00", "#ffff00"), border: "rounded" },
    { border: "dashed" },
  ]);
  pageB = await addPage(world, 2, "2-panel", [
    { image: await twoToneImage(800, 800, "#ff00ff", "#00ffff"), border: "none" },
    { image: await twoToneImage(800, 800, "#000080", "#808000") },
  ]);
});

afterAll(async () => {
  await world?.close();
});

describe("PNG export", () => {
  it("renders each page at the trim size at 300 dpi, panels fitted and bordered", async () => {
    const payload = await addExport(
      world,
      "png",
      [pageA, pageB],
      exportRenderOptions({ format: "png", highRes: false }),
    );
    const outcome = await runExport(deps, payload);
    const r = await row(payload.exportId);
    expect(r.status).toBe("completed");
    expect(r.progress).toBe(1);
    expect(r.result_url).toBe(fileUrl(`projects/${world.projectId}/exports/${payload.exportId}/pages.zip`));
    expect(outcome?.files.map((f) => f.name)).toEqual(["page-001.png", "page-002.png", "pages.zip"]);

    const w = px(170, STANDARD_EXPORT_DPI);
    const h = px(260, STANDARD_EXPORT_DPI);
    expect([w, h]).toEqual([2008, 3071]);
    const png = await stored(outcome!.files[0]!.url);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height, meta.density]).toEqual(["png", w, h, 300]);

    // Page px -> print px: 2008 / 680. The top panel is at (40, 40) page px, 600 x 482 (3-panel rows).
    const s = w / 680;
    const top = { x: 40 * s, y: 40 * s, w: 600 * s, h: 482 * s };
    expect(await pixel(png, 10, 10)).toEqual([255, 255, 255]); // margin: white paper
    expect(await pixel(png, Math.round(top.x + 2), Math.round(top.y + top.h / 2))).toEqual([17, 17, 17]); // border
    // A 2:1 picture in a 600 x 482 panel is cropped at the sides (cover): its seam stays centred.
    const [rl] = await pixel(png, Math.round(top.x + top.w * 0.3), Math.round(top.y + top.h / 2));
    const [, , bb] = await pixel(png, Math.round(top.x + top.w * 0.7), Math.round(top.y + top.h / 2));
    expect(rl).toBeGreaterThan(240);
    expect(bb).toBeGreaterThan(240);

    const zip = unzipSync(new Uint8Array(await stored(r.result_url!)));
    expect(Object.keys(zip)).toEqual(["page-001.png", "page-002.png"]);
    expect((await sharp(Buffer.from(zip["page-002.png"]!)).metadata()).width).toBe(w);
  });

  it("high resolution renders at 600 dpi and commits the per-panel hold", async () => {
    const ledger = new PostgresCreditLedger(world.db.sql);
    const before = await ledger.getBalance(world.userId);
    // Page A has two panels with pictures.
    const hold = await ledger.reserve(world.userId, {
      action: "highResExportPerPanel",
      amount: 2 * PRICES.highResExportPerPanel,
    });
    const payload = await addExport(
      world,
      "png",
      [pageA],
      exportRenderOptions({ format: "png", highRes: true }),
      hold.reservationId,
    );
    const outcome = await runExport(deps, payload);
    const png = await stored(outcome!.files[0]!.url);
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([px(170, HIGH_RES_EXPORT_DPI), px(260, HIGH_RES_EXPORT_DPI)]);
    expect((await row(payload.exportId)).result_url).toBe(outcome!.files[0]!.url);
    const [res] = await world.db.sql<
      { status: string }[]
    >`select status from credit_reservations where id = ${hold.reservationId}`;
    expect(res!.status).toBe("committed");
    expect((await ledger.getBalance(world.userId)).balance).toBe(before.balance - 20);
  });
});

describe("PDF export", () => {
  it("makes one PDF with the pages in order at the trim size", async () => {
    const payload = await addExport(
      world,
      "pdf",
      [pageA, pageB],
      exportRenderOptions({ format: "pdf", highRes: false }),
    );
    const outcome = await runExport(deps, payload);
    const pdfBytes = await stored((await row(payload.exportId)).result_url!);
    const pdf = await PDFDocument.load(pdfBytes);
    expect(pdf.getPageCount()).toBe(2);
    const { width, height } = pdf.getPage(0).getSize();
    expect(width).toBeCloseTo((170 / 25.4) * 72, 3);
    expect(height).toBeCloseTo((260 / 25.4) * 72, 3);
    expect(pdf.getTitle()).toBe("Comic Studio export");
    expect(outcome!.files).toHaveLength(1);
    expect(outcome!.files[0]!.contentType).toBe("application/pdf");
  });
});

describe("webtoon export", () => {
  it("slices the strip within WEBTOON Canvas limits, in reading order, zipped", async () => {
    const payload = await addExport(
      world,
      "webtoon",
      [pageA, pageB],
      exportRenderOptions({ format: "webtoon", highRes: false }),
    );
    const outcome = await runExport(deps, payload);
    const r = await row(payload.exportId);
    expect(r.status).toBe("completed");
    const zip = unzipSync(new Uint8Array(await stored(r.result_url!)));
    const names = Object.keys(zip);
    expect(names.length).toBeGreaterThan(1);
    expect(names).toEqual([...names].sort());
    const limits = WEBTOON_PRESETS["webtoon-canvas"];
    let total = 0;
    let height = 0;
    for (const name of names) {
      const bytes = zip[name]!;
      const meta = await sharp(Buffer.from(bytes)).metadata();
      expect(meta.format).toBe("jpeg");
      expect(meta.width).toBe(limits.widthPx);
      expect(meta.height).toBeLessThanOrEqual(limits.maxSliceHeightPx);
      expect(bytes.length).toBeLessThanOrEqual(limits.maxSliceBytes!);
      total += bytes.length;
      height += meta.height!;
    }
    expect(total).toBeLessThanOrEqual(limits.maxTotalBytes!);
    // 5 panels at 800 px wide (page A: 600x482, 278x482, 278x482 page px; page B: 600x462 twice) + 6 gutters.
    expect(height).toBeGreaterThan(5 * 600 + 6 * 120);
    // Reading order: the first slice starts with page A's top panel (red | blue).
    const first = Buffer.from(zip[names[0]!]!);
    const [r1, , b1] = await pixel(first, 200, 300);
    expect(r1).toBeGreaterThan(200);
    expect(b1).toBeLessThan(60);
    expect(outcome!.files[0]!.name).toBe("webtoon-webtoon-canvas.zip");
  });

  it("Tapas slices are at most 940 x 4000", async () => {
    const payload = await addExport(
      world,
      "webtoon",
      [pageA, pageB],
      exportRenderOptions({ format: "webtoon", highRes: false, preset: "tapas" }),
    );
    await runExport(deps, payload);
    const zip = unzipSync(new Uint8Array(await stored((await row(payload.exportId)).result_url!)));
    for (const bytes of Object.values(zip)) {
      const meta = await sharp(Buffer.from(bytes)).metadata();
      expect(meta.width).toBe(940);
      expect(meta.height).toBeLessThanOrEqual(4000);
    }
  });

  it("fails with STRIP_LIMITS instead of producing files a platform would refuse, and releases the hold", async () => {
    const ledger = new PostgresCreditLedger(world.db.sql);
    const hold = await ledger.reserve(world.userId, { action: "export-test", amount: 5 });
    const payload = await addExport(
      world,
      "webtoon",
      [pageA, pageB],
      exportRenderOptions({
        format: "webtoon",
        highRes: false,
        preset: "custom",
        custom: { widthPx: 800, maxSliceHeightPx: 1280, maxSliceBytes: null, maxTotalBytes: 20_000 },
      }),
      hold.reservationId,
    );
    const error = await runExport(deps, payload).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    const r = await row(payload.exportId);
    expect(r.status).toBe("failed");
    expect(r.error_message).toMatch(/allows at most 0\.02 MB per episode/);
    expect(r.options.outcome?.errorCode).toBe("STRIP_LIMITS");
    expect(r.result_url).toBeNull();
    const [res] = await world.db.sql<
      { status: string }[]
    >`select status from credit_reservations where id = ${hold.reservationId}`;
    expect(res!.status).toBe("released");
  });

  it("a finished export is not run again", async () => {
    const payload = await addExport(
      world,
      "pdf",
      [pageB],
      exportRenderOptions({ format: "pdf", highRes: false }),
    );
    expect(await runExport(deps, payload)).not.toBeNull();
    expect(await runExport(deps, payload)).toBeNull();
  });
});
