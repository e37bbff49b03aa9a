import { type Export, exportEndpoints } from "@comic-studio/shared";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, call } from "../lib/api.ts";

/** How often the list is polled while an export runs: exports take seconds, a second is plenty. */
export const EXPORT_ACTIVE_POLL_MS = 1_000;
/** How often it is polled otherwise, so an export a collaborator starts shows up soon. */
export const EXPORT_IDLE_POLL_MS = 2_000;

export interface ProjectExports {
  exports: Export[] | null;
  error: string | null;
  /** Polls now (after starting an export). */
  refresh(): void;
}

const running = (e: Export) => e.status === "pending" || e.status === "processing";

/**
 * The project's exports with their live status, as every member sees them: polled every
 * second while one runs and every few seconds otherwise, only while the tab is visible.
 */
export function useProjectExports(projectId: string): ProjectExports {
  const [exports, setExports] = useState<Export[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const active = useRef(false);
  active.current = exports?.some(running) ?? false;
  const refresh = useCallback(() => setTick((t) => t + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick asks for a poll now
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (document.visibilityState === "visible") {
        try {
          const reply = await call(exportEndpoints.listExports, { params: { projectId } });
          if (stopped) return;
          setExports(reply.exports);
          active.current = reply.exports.some(running);
          setError(null);
        } catch (e) {
          if (!stopped) setError(e instanceof ApiError ? e.message : "Lost track of the exports.");
        }
      }
      if (!stopped) timer = setTimeout(poll, active.current ? EXPORT_ACTIVE_POLL_MS : EXPORT_IDLE_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [projectId, tick]);

  return { exports, error, refresh };
}
