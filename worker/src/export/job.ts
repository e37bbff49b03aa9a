import type { Logger, ObjectStorage, Sql } from "@comic-studio/infra";
import {
  type ExportFile,
  type ExportOutcome,
  type ExportPayload,
  exportKey,
  pageDocumentName,
  recordsFromState,
  stripLimitsFor,
} from "@comic-studio/shared";
import { zipSync } from "fflate";
import { ExportError } from "./errors.ts";
import { type ImageLoader, imageKeyFromUrl } from "./images.ts";
import { layBubbles } from "./lettering.ts";
import { type PageLayout, pageLayout } from "./page.ts";
import { buildPdf } from "./pdf.ts";
import { renderPage } from "./render.ts";
import { layoutStrip, renderStrip } from "./strip.ts";

/** Settles a high-resolution export's credit hold exactly once. */
export interface ExportSettler {
  commit(reservationId: string): Promise<unknown>;
  release(reservationId: string): Promise<unknown>;
}

export interface ExportDeps {
  sql: Sql;
  storage: ObjectStorage;
  credits: ExportSettler;
  logger: Logger;
  /** URL under which the api serves a stored key to project members. */
  urlFor(key: string): string;
  /**
   * Has the pages' latest edits stored before they are read (see `flushPages`); returns the pages
   * not confirmed. Absent in tests that write documents straight to Postgres.
   */
  flushPages?(pageIds: readonly string[]): Promise<string[]>;
}

interface PageRow {
  id: string;
  chapter_number: number;
  page_number: number;
  trim_width_mm: string;
  trim_height_mm: string;
}

/** Reads a stored object fully; null when it is missing. */
async function readObject(storage: ObjectStorage, key: string): Promise<Buffer | null> {
  const object = await storage.get(key);
  if (!object) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Panel images by URL, from this project's storage only, each read once per export. */
function imageLoader(deps: ExportDeps, projectId: string): ImageLoader {
  const cache = new Map<string, Promise<Buffer | null>>();
  return (url) => {
    let hit = cache.get(url);
    if (!hit) {
      const key = imageKeyFromUrl(url, projectId);
      hit = key ? readObject(deps.storage, key) : Promise.resolve(null);
      hit.then((buffer) => {
        if (!buffer) deps.logger.warn({ url, projectId }, "export: panel image missing; panel left empty");
      });
      cache.set(url, hit);
    }
    return hit;
  };
}

/** The stored layout of each page, in the payload's (book) order. */
export async function loadPages(sql: Sql, payload: ExportPayload): Promise<PageLayout[]> {
  const rows = await sql<PageRow[]>`
    select id, chapter_number, page_number, trim_width_mm, trim_height_mm from pages
     where project_id = ${payload.projectId} and id = any(${payload.pageIds}::uuid[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const names = payload.pageIds.map(pageDocumentName);
  const docs = await sql<{ name: string; state: Buffer }[]>`
    select name, state from yjs_documents where name = any(${names})`;
  const stateByName = new Map(docs.map((d) => [d.name, d.state]));
  return payload.pageIds.map((id) => {
    const row = byId.get(id);
    if (!row)
      throw new ExportError("PAGE_MISSING", "A page of this export was deleted before it ran.", {
        pageId: id,
      });
    const state = stateByName.get(pageDocumentName(id));
    const trim = { widthMm: Number(row.trim_width_mm), heightMm: Number(row.trim_height_mm) };
    return pageLayout(state ? recordsFromState(new Uint8Array(state)) : [], trim);
  });
}

interface Product {
  files: Array<ExportFile & { data: Buffer }>;
  /** Name of the main download among `files`. */
  main: string;
}

async function produce(
  deps: ExportDeps,
  payload: ExportPayload,
  pages: PageLayout[],
  progress: (fraction: number) => Promise<void>,
): Promise<Product> {
  const load = imageLoader(deps, payload.projectId);
  const { options } = payload;
  switch (payload.format) {
    case "png": {
      const files: Product["files"] = [];
      for (const [i, page] of pages.entries()) {
        const out = await renderPage(page, options.dpi, load);
        const name = `page-${String(i + 1).padStart(3, "0")}.png`;
        files.push(file(name, out.png, "image/png", out.width, out.height));
        await progress((0.9 * (i + 1)) / pages.length);
      }
      if (files.length === 1) return { files, main: files[0]!.name };
      // Several pages: one zip to download them all (PNG is compressed already: store only).
      const zip = Buffer.from(zipSync(Object.fromEntries(files.map((f) => [f.name, f.data])), { level: 0 }));
      return { files: [...files, file("pages.zip", zip, "application/zip", null, null)], main: "pages.zip" };
    }
    case "pdf": {
      const rendered = [];
      for (const [i, page] of pages.entries()) {
        const base = await renderPage(page, options.dpi, load, { lettering: false });
        rendered.push({
          png: base.png,
          trim: page.trim,
          frameW: page.frameW,
          frameH: page.frameH,
          bubbles: layBubbles(page.bubbles, page.bubblePanelIds, page.panels),
        });
        await progress((0.7 * (i + 1)) / pages.length);
      }
      const pdf = await buildPdf(rendered, "Comic Studio export", (done) =>
        progress(0.7 + (0.25 * done) / rendered.length),
      );
      return { files: [file("pages.pdf", pdf, "application/pdf", null, null)], main: "pages.pdf" };
    }
    case "webtoon": {
      if (!options.strip || !options.preset) throw new Error("A webtoon export needs its strip options");
      const { gutterPx, ...limits } = options.strip;
      const label =
        options.preset === "custom"
          ? "the custom limits"
          : stripLimitsFor(options.preset).label.split(" (")[0]!;
      const strip = await renderStrip(
        layoutStrip(pages, limits.widthPx, gutterPx),
        limits,
        label,
        load,
        (done, total) => progress((0.9 * done) / total),
      );
      const zip = Buffer.from(
        zipSync(Object.fromEntries(strip.slices.map((s) => [s.name, s.data])), { level: 0 }),
      );
      const name = `webtoon-${options.preset}.zip`;
      return { files: [file(name, zip, "application/zip", null, null)], main: name };
    }
  }
}

function file(
  name: string,
  data: Buffer,
  contentType: string,
  width: number | null,
  height: number | null,
): ExportFile & { data: Buffer } {
  return { name, data, url: "", bytes: data.length, contentType, width, height };
}

/**
 * Runs one export: marks it processing, renders the pages from their stored documents, stores
 * the files under `projects/<projectId>/exports/<exportId>/`, records them on the row and settles
 * the credit hold (commit on success, release on failure). A finished export is not redone.
 */
export async function runExport(
  deps: ExportDeps,
  payload: ExportPayload,
  onProgress?: (fraction: number) => Promise<void>,
): Promise<ExportOutcome | null> {
  const { sql } = deps;
  const started = await sql`
    update export_jobs set status = 'processing', progress = 0, attempts = attempts + 1, updated_at = now()
     where id = ${payload.exportId} and status in ('pending', 'processing') returning id`;
  if (started.length === 0) return null;
  let last = 0;
  const progress = async (fraction: number) => {
    const value = Math.min(0.99, Math.max(0, fraction));
    // A row write per step is plenty: pages and slices take tens of milliseconds or more each.
    if (value - last < 0.01) return;
    last = value;
    await sql`update export_jobs set progress = ${value}, updated_at = now() where id = ${payload.exportId} and status = 'processing'`;
    await onProgress?.(value);
  };
  try {
    const unconfirmed = (await deps.flushPages?.(payload.pageIds)) ?? [];
    if (unconfirmed.length > 0)
      deps.logger.warn(
        { exportId: payload.exportId, pageIds: unconfirmed },
        "export: pages not flushed in time; using what is stored",
      );
    const pages = await loadPages(sql, payload);
    const product = await produce(deps, payload, pages, progress);
    const files: ExportFile[] = [];
    for (const f of product.files) {
      const key = exportKey(payload.projectId, payload.exportId, f.name);
      await deps.storage.put(key, f.data, f.contentType);
      const { data: _data, ...meta } = f;
      files.push({ ...meta, url: deps.urlFor(key) });
    }
    const outcome: ExportOutcome = { files, errorCode: null };
    const main = files.find((f) => f.name === product.main)!;
    await sql`
      update export_jobs
         set status = 'completed', progress = 1, result_url = ${main.url}, completed_at = now(), updated_at = now(),
             options = coalesce(options, '{}'::jsonb) || ${sql.json({ outcome } as never)}
       where id = ${payload.exportId}`;
    if (payload.reservationId) await deps.credits.commit(payload.reservationId);
    return outcome;
  } catch (error) {
    const code = error instanceof ExportError ? error.code : "RENDER_FAILED";
    const message = error instanceof ExportError ? error.message : "The export could not be rendered.";
    if (!(error instanceof ExportError))
      deps.logger.error({ err: error, exportId: payload.exportId }, "export failed");
    const outcome: ExportOutcome = { files: [], errorCode: code };
    await sql`
      update export_jobs
         set status = 'failed', error_message = ${message}, completed_at = now(), updated_at = now(),
             options = coalesce(options, '{}'::jsonb) || ${sql.json({ outcome } as never)}
       where id = ${payload.exportId}`;
    if (payload.reservationId) await deps.credits.release(payload.reservationId);
    throw error;
  }
}
