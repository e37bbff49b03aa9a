import { type CatalogueStyle, libraryEndpoints as lib } from "@comic-studio/shared";
import { useMemo, useState } from "react";
import { call } from "../../lib/api.ts";
import { useRouter } from "../../lib/router.tsx";
import { useAsync } from "../../lib/useAsync.ts";
import { errorText } from "../errors.ts";
import { type LibMessage, Message } from "../Message.tsx";
import { Swatches } from "../Swatches.tsx";
import { shadingKind } from "./StyleAnalysisView.tsx";

function matches(style: CatalogueStyle, query: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  return [style.name, style.description, style.movement].some((t) => t.toLowerCase().includes(q));
}

/** The curated styles: browse by family, search, preview the sample, and pick one (free). */
export function CatalogueBrowser({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const { navigate } = useRouter();
  const catalogue = useAsync(() => call(lib.listCatalogueStyles), []);
  const [movement, setMovement] = useState("all");
  const [query, setQuery] = useState("");
  const [message, setMessage] = useState<LibMessage | null>(null);
  const styles = catalogue.data?.styles ?? [];
  const movements = useMemo(() => [...new Set(styles.map((s) => s.movement))].sort(), [styles]);
  const shown = styles.filter((s) => (movement === "all" || s.movement === movement) && matches(s, query));

  async function pick(style: CatalogueStyle) {
    setMessage(null);
    try {
      const r = await call(lib.pickCatalogueStyle, {
        params: { projectId },
        body: { catalogueId: style.id },
      });
      navigate(`/projects/${projectId}/styles/${r.style.id}`);
    } catch (e) {
      setMessage({ kind: "error", text: errorText(e) });
    }
  }

  return (
    <section className="card section" aria-label="Curated styles" id="catalogue">
      <div className="lib-section-head">
        <div>
          <h2>Curated styles</h2>
          <p className="muted small">
            {shown.length} of {styles.length} styles. Pick one to preview it in four environments.
          </p>
        </div>
        <div className="inline-form">
          <input
            type="search"
            aria-label="Search styles"
            placeholder="Search: noir, watercolour…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <select aria-label="Style family" value={movement} onChange={(e) => setMovement(e.target.value)}>
            <option value="all">All families</option>
            {movements.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
      </div>
      {catalogue.error && <p className="error">{catalogue.error.message}</p>}
      <Message message={message} />
      <ul className="lib-catalogue" aria-label="Catalogue">
        {shown.map((s) => (
          <li key={s.id} className="lib-style-card" data-testid="catalogue-style">
            <div className="lib-style-sample">
              {s.sampleUrl ? (
                <img src={s.sampleUrl} alt={`${s.name} sample`} loading="lazy" />
              ) : (
                <span className="muted small">Sample not rendered yet</span>
              )}
            </div>
            <div className="lib-style-body">
              <strong>{s.name}</strong>
              <span className="badge">{s.movement}</span>
              <p className="muted small clamp">{s.description}</p>
              {s.params.palette && <Swatches colors={s.params.palette} label={`${s.name} palette`} compact />}
              <p className="muted small">
                lines {s.params.lineWeight.toFixed(2)} · warmth {s.params.warmth.toFixed(2)} · detail{" "}
                {s.params.detail.toFixed(2)} · {shadingKind(s.params.shadingLevels)} {s.params.shadingLevels}{" "}
                tones
              </p>
              {canEdit && (
                <button type="button" className="button" onClick={() => void pick(s)}>
                  Preview this style
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
