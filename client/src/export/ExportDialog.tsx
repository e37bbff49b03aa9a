import {
  type CreateExportBody,
  type Export,
  type ExportFormat,
  exportEndpoints,
  type Page,
  PRICES,
  WEBTOON_PRESETS,
  type WebtoonPresetName,
} from "@comic-studio/shared";
import { useState } from "react";
import { ApiError, call } from "../lib/api.ts";
import { useAsync } from "../lib/useAsync.ts";
import { useExportJob } from "./useExportJob.ts";
import "./export.css";

const FORMAT_LABEL: Record<ExportFormat, string> = {
  png: "PNG per page (print, 300 dpi)",
  pdf: "One PDF",
  webtoon: "Webtoon strip (sliced, zipped)",
};

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

function ExportPanel({ projectId, pages, canEdit, onClose }: ExportDialogProps & { onClose(): void }) {
  const [format, setFormat] = useState<ExportFormat>("pdf");
  const [selected, setSelected] = useState<Set<string>>(() => new Set(pages.map((p) => p.id)));
  const [highRes, setHighRes] = useState(false);
  const [preset, setPreset] = useState<Exclude<WebtoonPresetName, "custom">>("webtoon-canvas");
  const [started, setStarted] = useState<Export | null>(null);
  const [error, setError] = useState<string | null>(null);
  const history = useAsync(
    () => call(exportEndpoints.listExports, { params: { projectId } }),
    [projectId, started?.id],
  );
  const { job, error: pollError } = useExportJob(started);

  async function start() {
    setError(null);
    const body: CreateExportBody = {
      format,
      ...(selected.size === pages.length ? {} : { pageIds: [...selected] }),
      ...(format === "webtoon" ? { preset } : { highRes }),
    };
    try {
      setStarted((await call(exportEndpoints.createExport, { params: { projectId }, body })).export);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not start the export.");
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
    <section className="card export-panel" aria-label="Export">
      <header className="export-panel__head">
        <h2>Export</h2>
        <button type="button" className="button" onClick={onClose} aria-label="Close export">
          ×
        </button>
      </header>
      {canEdit && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <fieldset>
            <legend>Format</legend>
            {(Object.keys(FORMAT_LABEL) as ExportFormat[]).map((f) => (
              <label key={f}>
                <input type="radio" name="format" checked={format === f} onChange={() => setFormat(f)} />{" "}
                {FORMAT_LABEL[f]}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Pages</legend>
            {pages.map((p) => (
              <label key={p.id}>
                <input type="checkbox" checked={selected.has(p.id)} onChange={() => toggle(p.id)} /> Ch.{" "}
                {p.chapterNumber} · Page {p.pageNumber}
              </label>
            ))}
          </fieldset>
          {format === "webtoon" ? (
            <label>
              Platform{" "}
              <select value={preset} onChange={(e) => setPreset(e.target.value as typeof preset)}>
                {Object.entries(WEBTOON_PRESETS).map(([name, p]) => (
                  <option key={name} value={name}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label>
              <input type="checkbox" checked={highRes} onChange={(e) => setHighRes(e.target.checked)} /> High
              resolution (600 dpi): {PRICES.highResExportPerPanel} credits per panel with a picture
            </label>
          )}
          <button type="submit" className="button primary" disabled={selected.size === 0}>
            Start export
          </button>
        </form>
      )}
      {(error ?? pollError) && (
        <p className="error" role="alert">
          {error ?? pollError}
        </p>
      )}
      {job && <ExportStatus job={job} />}
      <h3>Recent exports</h3>
      <ul className="export-history">
        {history.data?.exports.map((e) => (
          <li key={e.id}>
            {e.format.toUpperCase()} · {new Date(e.createdAt).toLocaleString()} · {e.status}
            {e.resultUrl && (
              <>
                {" "}
                · <a href={e.resultUrl}>download</a>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ExportStatus({ job }: { job: Export }) {
  switch (job.status) {
    case "pending":
    case "processing":
      return (
        <div className="export-status" data-testid="export-progress">
          <progress value={job.progress} max={1} />{" "}
          {job.status === "pending" ? "Waiting…" : `${Math.round(job.progress * 100)}%`}
        </div>
      );
    case "failed":
      return (
        <p className="error" role="alert" data-testid="export-error">
          Export failed: {job.error}
        </p>
      );
    case "completed":
      return (
        <ul className="export-files" data-testid="export-files">
          {job.files.map((f) => (
            <li key={f.name}>
              <a href={f.url} download={f.name}>
                {f.name}
              </a>{" "}
              <span className="muted">
                {(f.bytes / 1024 / 1024).toFixed(2)} MB{f.width ? ` · ${f.width} x ${f.height} px` : ""}
              </span>
            </li>
          ))}
        </ul>
      );
  }
}
