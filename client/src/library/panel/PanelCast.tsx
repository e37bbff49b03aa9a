import type { Character } from "@comic-studio/shared";
import { useState } from "react";
import { type CastEntry, CastMember } from "./CastMember.tsx";

export type { CastEntry } from "./CastMember.tsx";

/** Where a newly added character stands: spread left to right as more join. */
const START_X = [0.5, 0.25, 0.75, 0.4, 0.6];

/** The project's characters placed in the panel; each is drawn from its nearest approved anchor. */
export function PanelCast({
  characters,
  cast,
  onChange,
}: {
  characters: readonly Character[];
  cast: readonly CastEntry[];
  onChange(cast: CastEntry[]): void;
}) {
  const [pick, setPick] = useState("");
  const available = characters.filter((c) => !cast.some((e) => e.characterId === c.id));
  if (characters.length === 0) {
    return <p className="muted small">No characters with approved anchors yet (see the project library).</p>;
  }
  return (
    <fieldset className="lib-cast">
      <legend>Characters</legend>
      <ul>
        {cast.map((entry, i) => {
          const character = characters.find((c) => c.id === entry.characterId);
          if (!character) return null;
          return (
            <CastMember
              key={entry.characterId}
              character={character}
              entry={entry}
              onChange={(next) => onChange(cast.map((e, j) => (j === i ? next : e)))}
              onRemove={() => onChange(cast.filter((_, j) => j !== i))}
            />
          );
        })}
      </ul>
      {available.length > 0 && cast.length < 8 && (
        <div className="inline-form">
          <select aria-label="Character to add" value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">Choose a character…</option>
            {available.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            disabled={!pick}
            onClick={() => {
              onChange([
                ...cast,
                {
                  characterId: pick,
                  x: START_X[cast.length % START_X.length]!,
                  y: 0.9,
                  scale: 1,
                  pose: "standing",
                  expression: "neutral",
                  angle: "front",
                },
              ]);
              setPick("");
            }}
          >
            Add to panel
          </button>
        </div>
      )}
    </fieldset>
  );
}
