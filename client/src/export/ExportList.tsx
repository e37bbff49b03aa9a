import type { Export, ExportErrorCode } from "@comic-studio/shared";

const FORMAT_NAME: Record<Export["format"], string> = { png: "PNG", pdf: "PDF", webtoon: "Webtoon strip" };

/** What the user can do about each failure. */
const ERROR_HINT: Record<ExportErrorCode, string> = {
  STRIP_LIMITS: "Choose fewer pages or another preset.",
  NOTHING_TO_EXPORT: "Add panels to these pages first.",
  PAGE_MISSING: "A page was deleted; start the export again.",
  RENDER_FAILED: "Start it again; if it keeps failing, tell your administrator.",
  WORKER_LOST: "Start it again.",
};

function summary(e: Export): string {
  const pages = `${e.pageIds.length} page${e.pageIds.length === 1 ? "" : "s"}`;
  const detail = e.format === "webtoon" ? (e.preset ?? "") : `${e.dpi ?? 300} dpi`;
  return `${FORMAT_NAME[e.format]} · ${pages} · ${detail}`;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** The project's exports with live progress and downloads: the same list for every member. */
export function ExportList({ exports }: { exports: Export[] }) {
  if (exports.length === 0) return <p className="muted">No exports yet.</p>;
  return (
    <ul className="export-list" aria-label="Exports">
      {exports.map((e) => (
        <li
          key={e.id}
          className="export-row"
          data-testid="export-row"
          data-export-id={e.id}
          data-status={e.status}
        >
          <div className="export-row__head">
            <strong>{summary(e)}</strong>
            <span className="muted">
              {e.requestedBy ? `${e.requestedBy} · ` : ""}
              {new Date(e.createdAt).toLocaleTimeString()}
              {e.cost > 0 ? ` · ${e.cost} credits` : ""}
            </span>
          </div>
          <ExportRowStatus job={e} />
        </li>
      ))}
    </ul>
  );
}

function ExportRowStatus({ job }: { job: Export }) {
  switch (job.status) {
    case "pending":
    case "processing": {
      const percent = Math.round(job.progress * 100);
      return (
        <div className="export-status" data-testid="export-progress">
          <progress value={job.progress} max={1} aria-label={`${FORMAT_NAME[job.format]} export progress`} />
          <span>
            {job.status === "pending" ? "Waiting for a worker…" : `${percent}%`}
            {job.attempts > 1 || (job.status === "pending" && job.attempts > 0)
              ? " (a worker was lost; running it again)"
              : ""}
          </span>
        </div>
      );
    }
    case "failed":
      return (
        <p className="error" role="alert" data-testid="export-error">
          Failed: {job.error}
          {job.errorCode ? ` ${ERROR_HINT[job.errorCode]}` : ""}
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
                {mb(f.bytes)}
                {f.width ? ` · ${f.width} × ${f.height} px` : ""}
              </span>
            </li>
          ))}
        </ul>
      );
  }
}
