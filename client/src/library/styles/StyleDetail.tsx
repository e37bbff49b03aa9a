import { libraryEndpoints as lib, type ProjectStyle } from "@comic-studio/shared";
import { useEffect, useState } from "react";
import { ApiError, call } from "../../lib/api.ts";
import { Link, useRouter } from "../../lib/router.tsx";
import { useAsync } from "../../lib/useAsync.ts";
import { NotFound } from "../../pages/NotFound.tsx";
import { errorText } from "../errors.ts";
import { JobProgress } from "../JobProgress.tsx";
import { LibraryLayout, useCanEdit } from "../LibraryLayout.tsx";
import { type LibMessage, Message } from "../Message.tsx";
import { isJobActive, useLibraryJob } from "../useLibraryJob.ts";
import { MatchDecision } from "./MatchDecision.tsx";
import { PreviewGrid } from "./PreviewGrid.tsx";
import { StyleAnalysisView } from "./StyleAnalysisView.tsx";
import { type SliderValues, StyleSliders } from "./StyleSliders.tsx";
import "./styles.css";

const SOURCE_LABEL: Record<ProjectStyle["source"], string> = {
  character: "Extracted from a character",
  import: "Imported from images",
  catalogue: "Curated style",
};

function slidersOf(style: ProjectStyle): SliderValues {
  return {
    lineWeight: style.overrides.lineWeight ?? style.params?.lineWeight ?? 0.5,
    warmth: style.overrides.warmth ?? style.params?.warmth ?? 0,
    detail: style.overrides.detail ?? style.params?.detail ?? 0.5,
  };
}

/**
 * One style candidate: its analysis in words and numbers, the match decision, four sample
 * environments with sliders that shape the next preview, and "Save as project style".
 */
export function StyleDetail({ projectId, styleId }: { projectId: string; styleId: string }) {
  const { navigate } = useRouter();
  const canEdit = useCanEdit(projectId);
  const style = useAsync(() => call(lib.getStyle, { params: { styleId } }), [styleId]);
  const [sliders, setSliders] = useState<SliderValues | null>(null);
  const [chosen, setChosen] = useState<string | null | undefined>(undefined);
  const [message, setMessage] = useState<LibMessage | null>(null);
  const s = style.data?.style;
  const job = useLibraryJob(s?.job, () => style.reload());
  const working = isJobActive(job);

  // Sliders and the chosen match start from what the server holds, once it is known.
  useEffect(() => {
    if (!s?.params) return;
    setSliders((v) => v ?? slidersOf(s));
    setChosen((v) => (v === undefined ? (s.analysis?.decision.catalogueId ?? s.catalogueId) : v));
  }, [s]);

  if (style.error instanceof ApiError && style.error.status === 404) return <NotFound />;

  async function preview() {
    if (!s || !sliders) return;
    setMessage(null);
    try {
      await call(lib.previewStyle, {
        params: { styleId: s.id },
        body: { overrides: sliders, ...(s.analysis ? { catalogueId: chosen ?? null } : {}) },
      });
      style.reload();
    } catch (e) {
      setMessage({ kind: "error", text: errorText(e) });
    }
  }

  async function save() {
    if (!s) return;
    setMessage(null);
    try {
      const r = await call(lib.saveStyleLock, { params: { styleId: s.id } });
      setMessage({ kind: "ok", text: `“${r.lock.name}” is now the project’s style lock.` });
      style.reload();
    } catch (e) {
      setMessage({ kind: "error", text: errorText(e) });
    }
  }

  const hasPreview = (s?.previews.length ?? 0) > 0;
  return (
    <LibraryLayout
      projectId={projectId}
      section="styles"
      title={s?.name ?? "Style"}
      actions={
        <Link to={`/projects/${projectId}/styles`} className="button ghost">
          All styles
        </Link>
      }
    >
      {s && (
        <p className="lib-status-line">
          <span className="badge">{SOURCE_LABEL[s.source]}</span>
          {s.locked && (
            <span className="lib-status lib-status-active" data-testid="style-locked">
              Project style lock
            </span>
          )}
        </p>
      )}
      {job && job.status !== "completed" && (
        <JobProgress job={job} label={job.kind === "style-preview" ? "Preview" : "Style analysis"} />
      )}
      <Message message={message} />
      {s && s.sourceImageUrls.length > 0 && (
        <ul className="lib-ref-strip" aria-label="Source images">
          {s.sourceImageUrls.map((url, i) => (
            <li key={url}>
              <img src={url} alt={`Source ${i + 1}`} />
            </li>
          ))}
        </ul>
      )}
      {s?.analysis && (
        <section className="card section">
          <h2>Analysis</h2>
          <StyleAnalysisView analysis={s.analysis} />
          {canEdit && (
            <MatchDecision
              projectId={projectId}
              analysis={s.analysis}
              chosen={chosen ?? null}
              onChoose={setChosen}
              disabled={working}
            />
          )}
        </section>
      )}
      {s?.params && (
        <section className="card section" aria-label="Preview">
          <div className="lib-section-head">
            <div>
              <h2>Preview</h2>
              <p className="muted small">Does this match what you wanted? Adjust and preview again (free).</p>
            </div>
          </div>
          <div className="lib-preview-layout">
            <PreviewGrid style={s} working={working} />
            {canEdit && sliders && (
              <div className="lib-preview-side">
                <StyleSliders values={sliders} onChange={setSliders} disabled={working} />
                <button type="button" className="button" disabled={working} onClick={() => void preview()}>
                  {hasPreview ? "Preview again" : "Preview in 4 environments"}
                </button>
                <button
                  type="button"
                  className="button primary"
                  disabled={working || !hasPreview || s.locked}
                  onClick={() => void save()}
                >
                  {s.locked ? "Saved as project style" : "Save as project style"}
                </button>
                <button
                  type="button"
                  className="button ghost"
                  onClick={() => navigate(`/projects/${projectId}/styles`)}
                >
                  Try other references
                </button>
              </div>
            )}
          </div>
        </section>
      )}
    </LibraryLayout>
  );
}
