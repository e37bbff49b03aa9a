import type { Character } from "@comic-studio/shared";
import { Swatches } from "../Swatches.tsx";

/** The features the setup extracted: palette, hair / skin / outfit colours, proportions, references. */
export function CharacterIdentity({ character }: { character: Character }) {
  const { identity } = character;
  const parts: Array<[string, string | null]> = identity
    ? [
        ["Hair", identity.hair],
        ["Skin", identity.skin],
        ["Outfit", identity.outfit],
      ]
    : [];
  return (
    <section className="card section lib-identity" aria-label="Character features">
      <h2>Features</h2>
      {identity ? (
        <>
          <p>{identity.summary}</p>
          <dl className="lib-parts">
            {parts.map(([name, color]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>
                  {color ? (
                    <>
                      <span className="lib-swatch" style={{ background: color }} aria-hidden="true" />
                      <code>{color}</code>
                    </>
                  ) : (
                    <span className="muted">not found</span>
                  )}
                </dd>
              </div>
            ))}
            {identity.aspect !== null && (
              <div>
                <dt>Proportions</dt>
                <dd>{identity.aspect.toFixed(2)} (height / width)</dd>
              </div>
            )}
          </dl>
          <h3>Palette</h3>
          <Swatches colors={character.palette} label="Character palette" />
        </>
      ) : (
        <p className="muted">Features appear here once the setup has run.</p>
      )}
      <h3>References ({character.references.length})</h3>
      <ul className="lib-ref-strip" aria-label="References">
        {character.references.map((r, i) => (
          <li key={r.uploadId}>
            <img src={r.thumbnailUrl} alt={`Reference ${i + 1}`} loading="lazy" />
          </li>
        ))}
      </ul>
    </section>
  );
}
