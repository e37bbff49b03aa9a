import { type CreateExportBody, type ExportFormat, exportEndpoints, type Page } from "@comic-studio/shared";
import { useEffect, useRef, useState } from "react";
import { ApiError, call } from "../lib/api.ts";
import { ExportList } from "./ExportList.tsx";
import { type ExportChoice, ExportOptions, emptyExportChoice, exportBody } from "./ExportOptions.tsx";
import { useProjectExports } from "./useProjectExports.ts";
import "./export.css";

export interface ExportDialogProps {
  projectId: string;
  pages: Page[];
  canEdit: boolean;
}

/** The project's Export button: choose format, pages and preset, follow progress, download. */
export function ExportButton(props: ExportDialogProps) {
  const [open, setOpen] = useState(false);
  return (
    <span className="export-anchor">
      <button type="button" className="button" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        Export
      </button>
      {open && <ExportPanel {...props} onClose={() => setOpen(false)} />}
    </span>
  );
}

type Scope = "all" | "chapter" | "pages";

function ExportPanel({ projectId, pages, canEdit, onClose }: ExportDialogProps & { onClose(): void }) {
  const [format, setFormat] = useState<ExportFormat>("pdf");
  const [scope, setScope] = useState<Scope>("all");
  const chapters = [...new Set(pages.map((p) => p.chapterNumber))].sort((a, b) => a - b);
  const [chapter, setChapter] = useState<number>(chapters[0] ?? 1);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(pages.map((p) => p.id)));
  const [choice, setChoice] = useState<ExportChoice>(emptyExportChoice);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const list = useProjectExports(projectId);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    panel.current?.focus();
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  async function start() {
    setError(null);
    setStarting(true);
    const body: CreateExportBody = {
      format,
      ...(scope === "chapter" ? { chapter } : {}),
      ...(scope === "pages" ? { pageIds: [...selected] } : {}),
      ...exportBody(format, choice),
    };
    try {
      await call(exportEndpoints.createExport, { params: { projectId }, body });
      list.refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not start the export.");
    } finally {
      setStarting(false);
    }
  }

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="card export-panel" aria-label="Export" ref={panel} tabIndex={-1}>
      <header className="export-panel__head">
        <h2>Export</h2>
        <button type="button" className="button ghost" onClick={onClose} aria-label="Close export">
          ×
        </button>
      </header>
      {canEdit ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <fieldset>
            <legend>Format</legend>
            <label>
              <input
                type="radio"
                name="format"
                checked={format === "png"}
                onChange={() => setFormat("png")}
              />{" "}
              PNG per page (print resolution)
            </label>
            <label>
              <input
                type="radio"
                name="format"
                checked={format === "pdf"}
                onChange={() => setFormat("pdf")}
              />{" "}
              One PDF (text kept as text)
            </label>
            <label>
              <input
                type="radio"
                name="format"
                checked={format === "webtoon"}
                onChange={() => setFormat("webtoon")}
              />{" "}
              Webtoon strip (sliced, zipped)
            </label>
          </fieldset>
          <fieldset>
            <legend>Pages</legend>
            <label>
              <input type="radio" name="scope" checked={scope === "all"} onChange={() => setScope("all")} />{" "}
              All {pages.length} pages
            </label>
            <label>
              <input
                type="radio"
                name="scope"
                checked={scope === "chapter"}
                onChange={() => setScope("chapter")}
              />{" "}
              Chapter{" "}
              <select
                aria-label="Chapter"
                value={chapter}
                disabled={scope !== "chapter"}
                onChange={(e) => setChapter(Number(e.target.value))}
              >
                {chapters.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <input
                type="radio"
                name="scope"
                checked={scope === "pages"}
                onChange={() => setScope("pages")}
              />{" "}
              Chosen pages
            </label>
            {scope === "pages" && (
              <div className="export-pages">
                {pages.map((p) => (
                  <label key={p.id}>
                    <input type="checkbox" checked={selected.has(p.id)} onChange={() => toggle(p.id)} /> Ch.{" "}
                    {p.chapterNumber} · Page {p.pageNumber}
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          <ExportOptions format={format} choice={choice} onChange={setChoice} />
          <button
            type="submit"
            className="button primary"
            disabled={starting || (scope === "pages" && selected.size === 0)}
          >
            {starting ? "Starting…" : "Start export"}
          </button>
        </form>
      ) : (
        <p className="muted">Viewers can follow and download exports; editors start them.</p>
      )}
      {(error ?? list.error) && (
        <p className="error" role="alert">
          {error ?? list.error}
        </p>
      )}
      <h3>Exports of this project</h3>
      {list.exports ? <ExportList exports={list.exports} /> : <p className="muted">Loading…</p>}
    </section>
  );
}
