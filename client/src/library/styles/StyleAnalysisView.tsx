import type { StyleAnalysis } from "@comic-studio/shared";
import { Swatches } from "../Swatches.tsx";

/** A 0..1 (or -1..1) measure as a labelled bar with its number. */
export function Meter({
  label,
  value,
  min = 0,
  max = 1,
  words,
  left,
  right,
}: {
  label: string;
  value: number;
  min?: number;
  max?: number;
  words: string;
  left: string;
  right: string;
}) {
  const fraction = Math.min(1, Math.max(0, (value - min) / (max - min)));
  return (
    <div className="lib-meter">
      <div className="lib-meter-head">
        <span>{label}</span>
        <strong>{words}</strong>
        <code>{value.toFixed(2)}</code>
      </div>
      <div className="lib-meter-track" aria-hidden="true">
        <span className="lib-meter-mark" style={{ left: `${fraction * 100}%` }} />
      </div>
      <div className="lib-meter-ends muted small">
        <span>{left}</span>
        <span>{right}</span>
      </div>
    </div>
  );
}

/**
 * Shading kind of bare style parameters (catalogue entries, the lock): few posterised tone levels
 * read as cel shading, many as soft. An analysis says its kind in words, which wins.
 */
export function shadingKind(levels: number, words?: string): "cel" | "soft" {
  if (words) {
    const lower = words.toLowerCase();
    if (lower.includes("cel")) return "cel";
    if (lower.includes("soft")) return "soft";
  }
  return levels <= 4 ? "cel" : "soft";
}

/** A style in words and numbers: palette, warmth, line weight, shading (cel/soft, tone levels), detail. */
export function StyleAnalysisView({ analysis }: { analysis: StyleAnalysis }) {
  const { words, numbers } = analysis;
  return (
    <section className="lib-analysis" aria-label="Style analysis" data-testid="style-analysis">
      <p className="lib-analysis-summary">
        <strong>Detected:</strong> {words.summary}
        {words.movement ? <span className="badge">{words.movement}</span> : null}
      </p>
      <div className="lib-analysis-grid">
        <div>
          <h3>Palette</h3>
          <Swatches colors={numbers.palette} label="Style palette" />
        </div>
        <div className="lib-meters">
          <Meter
            label="Colour warmth"
            value={numbers.warmth}
            min={-1}
            max={1}
            words={words.warmth}
            left="cool"
            right="warm"
          />
          <Meter
            label="Line weight"
            value={numbers.lineWeight}
            words={words.lines}
            left="hairline"
            right="heavy"
          />
          <Meter label="Detail" value={numbers.detail} words={words.detail} left="sparse" right="busy" />
          <div className="lib-meter">
            <div className="lib-meter-head">
              <span>Shading</span>
              <strong>{words.shading}</strong>
              <code data-testid="shading-levels">
                {shadingKind(numbers.shadingLevels, words.shading)} · {numbers.shadingLevels} tone levels
              </code>
            </div>
            <div className="lib-tones" aria-hidden="true">
              {Array.from({ length: numbers.shadingLevels }, (_, i) => {
                const grey = Math.round(235 - (i * 200) / Math.max(1, numbers.shadingLevels - 1));
                return <span key={grey} style={{ background: `rgb(${grey},${grey},${grey})` }} />;
              })}
            </div>
          </div>
        </div>
      </div>
      <p className="muted small">
        {analysis.imageCount} image{analysis.imageCount === 1 ? "" : "s"} analysed
        {analysis.cachedCount > 0 ? ` (${analysis.cachedCount} from cache)` : ""}.
      </p>
    </section>
  );
}
