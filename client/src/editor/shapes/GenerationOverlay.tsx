import type { PanelGeneration } from "@comic-studio/shared";
import type { SyntheticEvent } from "react";

interface GenerationOverlayProps {
  generation: PanelGeneration;
  chosenUrl: string | null;
  readonly: boolean;
  onChoose(index: number): void;
  onRetry: (() => void) | undefined;
  /** Keeps clicks on the overlay's buttons from reaching the canvas. */
  stop(event: SyntheticEvent): void;
}

const percent = (n: number) => `${Math.round(n * 100)}%`;

/** A panel's generation state as every collaborator sees it: queued, running, done, failed. */
export function GenerationOverlay({
  generation,
  chosenUrl,
  readonly,
  onChoose,
  onRetry,
  stop,
}: GenerationOverlayProps) {
  const engine = generation.engine ? `${generation.engine} engine` : null;
  switch (generation.status) {
    case "queued":
      return (
        <div className="cs-gen cs-gen--queued" data-testid="generation-status" data-status="queued">
          <span>
            Queued{generation.queuePosition ? ` · #${generation.queuePosition} in line` : ""}
            {generation.autoRegeneration ? " · free retry" : ""}
          </span>
        </div>
      );
    case "running":
      return (
        <div className="cs-gen cs-gen--running" data-testid="generation-status" data-status="running">
          <span>
            Generating {percent(generation.progress)}
            {engine ? ` · ${engine}` : ""}
          </span>
          <div
            className="cs-gen__bar"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(generation.progress * 100)}
          >
            <div className="cs-gen__fill" style={{ width: percent(generation.progress) }} />
          </div>
        </div>
      );
    case "done":
      return (
        <div
          className={`cs-gen cs-gen--done${generation.variations.length > 1 ? "" : " is-single"}`}
          data-testid="generation-status"
          data-status="done"
        >
          <div className="cs-gen__variations">
            {/* One result (an inpainting edit) is already the panel's picture: nothing to choose. */}
            {(generation.variations.length > 1 ? generation.variations : []).map((variation, index) => (
              <button
                type="button"
                key={variation.url}
                className={[
                  "cs-gen__variation",
                  index === generation.bestIndex ? "is-best" : "",
                  variation.url === chosenUrl ? "is-chosen" : "",
                ].join(" ")}
                disabled={readonly}
                title={`Variation ${index + 1}${variation.score === null ? "" : ` · score ${variation.score.toFixed(2)}`}`}
                onPointerDown={stop}
                onClick={(event) => {
                  stop(event);
                  onChoose(index);
                }}
              >
                <img src={variation.url} alt={`Variation ${index + 1}`} draggable={false} />
                {variation.score !== null && (
                  <span className="cs-gen__score">{variation.score.toFixed(2)}</span>
                )}
                {index === generation.bestIndex && <span className="cs-gen__best">best</span>}
              </button>
            ))}
          </div>
        </div>
      );
    case "failed":
    case "cancelled":
      return (
        <div
          className="cs-gen cs-gen--failed"
          data-testid="generation-status"
          data-status={generation.status}
        >
          <span role="alert">
            {generation.status === "failed" ? `Failed: ${generation.error ?? "unknown error"}` : "Cancelled"}
          </span>
          {onRetry && (
            <button
              type="button"
              className="cs-gen__retry"
              onPointerDown={stop}
              onClick={(event) => {
                stop(event);
                onRetry();
              }}
            >
              Retry
            </button>
          )}
        </div>
      );
    default: {
      const never: never = generation.status;
      return never;
    }
  }
}
