import { libraryEndpoints as lib } from "@comic-studio/shared";
import { useEffect, useState } from "react";
import { call } from "../../lib/api.ts";
import { Link } from "../../lib/router.tsx";
import { useAsync } from "../../lib/useAsync.ts";
import { errorText } from "../errors.ts";
import { LibraryLayout, useCanEdit } from "../LibraryLayout.tsx";
import { Swatches } from "../Swatches.tsx";
import { CatalogueBrowser } from "./CatalogueBrowser.tsx";
import { shadingKind } from "./StyleAnalysisView.tsx";
import { StyleImport } from "./StyleImport.tsx";
import "./styles.css";

/** The project's style: its lock, its candidates, importing one and the curated catalogue. */
export function StylesPage({ projectId }: { projectId: string }) {
  const canEdit = useCanEdit(projectId);
  const lock = useAsync(() => call(lib.getStyleLock, { params: { projectId } }), [projectId]);
  const styles = useAsync(() => call(lib.listProjectStyles, { params: { projectId } }), [projectId]);
  const [error, setError] = useState<string | null>(null);
  const current = lock.data?.lock;

  // `#catalogue` (from "choose from the curated styles") scrolls to the catalogue once it is there.
  useEffect(() => {
    if (window.location.hash === "#catalogue") document.getElementById("catalogue")?.scrollIntoView();
  }, []);

  return (
    <LibraryLayout projectId={projectId} section="styles" title="Style">
      <section className="card section" aria-label="Project style lock" data-testid="style-lock">
        <h2>Project style lock</h2>
        {current ? (
          <div className="lib-lock">
            <p>
              <strong>{current.name}</strong>{" "}
              <span className="muted small">since {new Date(current.lockedAt).toLocaleString()}</span>
            </p>
            <p className="muted small">
              lines {current.params.lineWeight.toFixed(2)} · warmth {current.params.warmth.toFixed(2)} ·
              detail {current.params.detail.toFixed(2)} · {shadingKind(current.params.shadingLevels)}{" "}
              {current.params.shadingLevels} tones
            </p>
            {current.params.palette && <Swatches colors={current.params.palette} label="Locked palette" />}
            <div className="inline-form">
              <Link to={`/projects/${projectId}/styles/${current.styleId}`} className="button">
                Open
              </Link>
              {canEdit && (
                <button
                  type="button"
                  className="button ghost danger"
                  onClick={() =>
                    void call(lib.clearStyleLock, { params: { projectId } }).then(
                      () => {
                        lock.reload();
                        styles.reload();
                      },
                      (e: unknown) => setError(errorText(e)),
                    )
                  }
                >
                  Remove lock
                </button>
              )}
            </div>
          </div>
        ) : (
          <p className="muted">
            No style lock yet: panels use the engine’s default style. Import one, extract one from a character
            or pick a curated style, preview it and save it.
          </p>
        )}
        {error && <p className="error">{error}</p>}
      </section>
      {styles.data && styles.data.styles.length > 0 && (
        <section className="card section" aria-label="Style candidates">
          <h2>Candidates</h2>
          <ul className="lib-candidates">
            {styles.data.styles.map((st) => (
              <li key={st.id}>
                <Link to={`/projects/${projectId}/styles/${st.id}`}>
                  <strong>{st.name}</strong>
                </Link>
                <span className="muted small">{st.analysis?.words.summary ?? st.source}</span>
                {st.locked && <span className="lib-status lib-status-active">locked</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {canEdit && <StyleImport projectId={projectId} />}
      <CatalogueBrowser projectId={projectId} canEdit={canEdit} />
    </LibraryLayout>
  );
}
