import { libraryEndpoints as lib, type ValidationReport } from "@comic-studio/shared";
import { useCallback, useEffect, useState } from "react";
import { call } from "../../lib/api.ts";
import { errorText } from "../errors.ts";

/** Wait after the last change before checking the set again. */
const CHECK_DEBOUNCE_MS = 400;

/**
 * Checks the chosen references on the server (size, blur, near-duplicates, angle variety) each
 * time the set settles; nothing is saved by a check.
 */
export function useReferenceCheck(projectId: string, uploadIds: readonly string[], uploading: boolean) {
  // The report remembers which set it is about, so a check of an older set never reads as current.
  const [result, setResult] = useState<{ key: string; report: ValidationReport } | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = uploadIds.join(",");
  const report = result && result.key === key && !uploading ? result.report : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the id list
  useEffect(() => {
    if (uploading || uploadIds.length === 0) return;
    let live = true;
    const timer = window.setTimeout(() => {
      setChecking(true);
      setError(null);
      call(lib.validateReferences, { params: { projectId }, body: { uploadIds: [...uploadIds] } })
        .then(
          (r) => live && setResult({ key, report: r.validation }),
          (e: unknown) => live && setError(errorText(e, "The images could not be checked.")),
        )
        .finally(() => live && setChecking(false));
    }, CHECK_DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [projectId, key, uploading]);

  /** Records a report the server gave for the current set (e.g. with a create or a refusal). */
  const setReport = useCallback((next: ValidationReport) => setResult({ key, report: next }), [key]);
  return { report, checking: checking || (uploading && uploadIds.length > 0), error, setReport };
}
