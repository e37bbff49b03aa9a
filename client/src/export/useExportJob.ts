import { type Export, exportEndpoints } from "@comic-studio/shared";
import { useEffect, useState } from "react";
import { call } from "../lib/api.ts";

/** How often a running export is polled; exports take seconds, so a second is plenty. */
export const EXPORT_POLL_MS = 1_000;

/** Follows an export until it completes or fails, polling its status. */
export function useExportJob(initial: Export | null): { job: Export | null; error: string | null } {
  const [job, setJob] = useState<Export | null>(initial);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setJob(initial), [initial]);
  const id = job?.id;
  const running = job?.status === "pending" || job?.status === "processing";
  useEffect(() => {
    if (!id || !running) return;
    let stopped = false;
    const timer = setInterval(() => {
      call(exportEndpoints.getExport, { params: { exportId: id } })
        .then((reply) => {
          if (!stopped) setJob(reply.export);
        })
        .catch((e: unknown) => {
          if (!stopped) setError(e instanceof Error ? e.message : "Lost track of the export.");
        });
    }, EXPORT_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [id, running]);
  return { job, error };
}
