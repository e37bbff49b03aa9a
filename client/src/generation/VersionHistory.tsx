import { generationEndpoints as g } from "@comic-studio/shared";
import { useState } from "react";
import { ApiError, call } from "../lib/api.ts";
import { useAsync } from "../lib/useAsync.ts";

/** A panel's chosen images, newest first; an earlier one can be restored. */
export function VersionHistory({
  panelId,
  canEdit,
  current,
}: {
  panelId: string;
  canEdit: boolean;
  current: string | null;
}) {
  const versions = useAsync(() => call(g.listPanelVersions, { params: { panelId } }), [panelId, current]);
  const [error, setError] = useState<string | null>(null);
  if (!versions.data || versions.data.versions.length === 0) return null;
  return (
    <section className="gen-history" aria-label="Panel history">
      <h3>History</h3>
      <ol>
        {versions.data.versions.map((v) => (
          <li key={v.id}>
            {v.imageUrl && <img src={v.imageUrl} alt={`Version ${v.versionNumber}`} />}
            <span>
              v{v.versionNumber} · {new Date(v.createdAt).toLocaleTimeString()}
            </span>
            {canEdit && v.imageUrl !== current && (
              <button
                type="button"
                className="button ghost"
                onClick={() =>
                  void call(g.restorePanelVersion, {
                    params: { panelId, versionNumber: v.versionNumber },
                  }).then(
                    () => versions.reload(),
                    (e) => setError(e instanceof ApiError ? e.message : "Could not restore."),
                  )
                }
              >
                Restore
              </button>
            )}
          </li>
        ))}
      </ol>
      {error && <p className="error">{error}</p>}
    </section>
  );
}
