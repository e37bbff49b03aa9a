import { type LibraryJob, libraryEndpoints } from "@comic-studio/shared";
import { useEffect, useRef, useState } from "react";
import { call } from "../lib/api.ts";

/** How often a running library job is polled. */
export const JOB_POLL_MS = 800;

export function isJobActive(job: LibraryJob | null | undefined): boolean {
  return job?.status === "queued" || job?.status === "running";
}

/**
 * Follows a library job: polls it while it is queued or running and calls `onSettled` once when
 * it completes or fails (the caller reloads what the job changed). Returns the latest state.
 */
export function useLibraryJob(
  initial: LibraryJob | null | undefined,
  onSettled: (job: LibraryJob) => void,
): LibraryJob | null {
  const [job, setJob] = useState<LibraryJob | null>(initial ?? null);
  const settledRef = useRef(onSettled);
  settledRef.current = onSettled;

  // A new job (another id, or a fresher state of the same one) replaces the one followed.
  useEffect(() => {
    setJob((current) => {
      if (!initial) return current && isJobActive(current) ? current : null;
      if (current && current.id === initial.id && !isJobActive(current)) return current;
      return initial;
    });
  }, [initial]);

  const id = job?.id;
  const active = isJobActive(job);
  useEffect(() => {
    if (!id || !active) return;
    let live = true;
    const timer = window.setInterval(() => {
      call(libraryEndpoints.getLibraryJob, { params: { jobId: id } }).then(
        (r) => {
          if (!live) return;
          setJob(r.job);
          if (!isJobActive(r.job)) settledRef.current(r.job);
        },
        () => {
          // A poll that fails (a restart, a blip) is retried at the next tick.
        },
      );
    }, JOB_POLL_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [id, active]);

  return job;
}
