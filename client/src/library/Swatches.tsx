/** Colour swatches with their hex values (palette of a character, a style or an analysis). */
export function Swatches({
  colors,
  label,
  compact = false,
}: {
  colors: readonly string[];
  label: string;
  /** Chips only, the hex value in the tooltip (for cards). Default false. */
  compact?: boolean;
}) {
  if (colors.length === 0) return <p className="muted small">No colours yet.</p>;
  return (
    <ul className={`lib-swatches${compact ? " is-compact" : ""}`} aria-label={label}>
      {[...new Set(colors)].map((c) => (
        <li key={c} title={c}>
          <span className="lib-swatch" style={{ background: c }} aria-hidden="true" />
          {compact ? <span className="sr-only">{c}</span> : <code>{c}</code>}
        </li>
      ))}
    </ul>
  );
}
