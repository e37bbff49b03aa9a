import type { LibraryJob } from "@comic-studio/shared";

const STATUS_LABEL: Record<LibraryJob["status"], string> = {
  queued: "Queued",
  running: "Working",
  completed: "Done",
  failed: "Failed",
};

/** A library job's progress in words and a bar; failures say what happened and that credits came back. */
export function JobProgress({ job, label }: { job: LibraryJob; label: string }) {
  const percent = Math.round(job.progress * 100);
  return (
    <div className={`lib-job lib-job-${job.status}`} aria-live="polite" data-testid="library-job">
      <div className="lib-job-head">
        <strong>{label}</strong>
        <span className="muted">
          {STATUS_LABEL[job.status]}
          {job.status === "running" ? ` · ${percent}%` : ""}
        </span>
      </div>
      {(job.status === "queued" || job.status === "running") && (
        <progress max={1} value={job.progress} aria-label={`${label} progress`} />
      )}
      {job.stage && job.status !== "completed" && <p className="muted small">{job.stage}</p>}
      {job.status === "failed" && (
        <p className="error" role="alert">
          {job.error ?? "The job failed."}
          {job.cost > 0 ? ` The ${job.cost} credits held for it were returned.` : ""}
        </p>
      )}
    </div>
  );
}
