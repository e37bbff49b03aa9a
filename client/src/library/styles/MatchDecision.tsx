import type { StyleAnalysis } from "@comic-studio/shared";
import { Link } from "../../lib/router.tsx";

/**
 * The plan's fallback chain, shown as a decision: a match above 0.85 is applied; 0.70-0.85 offers
 * the top three to choose from; below 0.70 the references themselves are used, with a warning;
 * nothing usable sends the creator to the curated list.
 */
export function MatchDecision({
  projectId,
  analysis,
  chosen,
  onChoose,
  disabled,
}: {
  projectId: string;
  analysis: StyleAnalysis;
  /** The catalogue style the next preview applies (null: the references directly). */
  chosen: string | null;
  onChoose(catalogueId: string | null): void;
  disabled: boolean;
}) {
  const { decision, matches } = analysis;
  const top = matches.slice(0, 3);
  const mode = decision.mode;
  return (
    <section
      className={`lib-decision lib-decision-${mode}`}
      aria-label="Style match"
      data-testid="style-decision"
      data-mode={mode}
    >
      <h3>
        {mode === "apply" && "Matched a curated style"}
        {mode === "choose" && "Close to a few curated styles: choose one"}
        {mode === "reference" && "No close match: your images are the reference"}
        {mode === "curated" && "Nothing usable was found"}
      </h3>
      <p className={mode === "reference" || mode === "curated" ? "lib-warning" : "muted"} role="note">
        {decision.message}
      </p>
      {(mode === "choose" || mode === "apply" || mode === "reference") && top.length > 0 && (
        <fieldset className="lib-match-list" disabled={disabled}>
          <legend className="sr-only">Style to apply</legend>
          {top.map((m) => (
            <label key={m.catalogueId} className={`lib-match${chosen === m.catalogueId ? " is-chosen" : ""}`}>
              <input
                type="radio"
                name="style-match"
                checked={chosen === m.catalogueId}
                onChange={() => onChoose(m.catalogueId)}
              />
              <span>{m.name}</span>
              <span className="lib-score" title="Similarity to your images (0 to 1)">
                {m.score.toFixed(2)}
              </span>
            </label>
          ))}
          <label className={`lib-match${chosen === null ? " is-chosen" : ""}`}>
            <input
              type="radio"
              name="style-match"
              checked={chosen === null}
              onChange={() => onChoose(null)}
            />
            <span>Use my images directly</span>
            <span className="lib-score muted">—</span>
          </label>
        </fieldset>
      )}
      {mode === "curated" && (
        <p>
          <Link to={`/projects/${projectId}/styles#catalogue`} className="button">
            Choose from the curated styles
          </Link>
        </p>
      )}
    </section>
  );
}
