import {
  ANCHOR_ANGLE_LABEL,
  ANCHOR_ANGLES,
  ANCHOR_EXPRESSIONS,
  ANCHOR_POSES,
  type Character,
  libraryEndpoints as lib,
  nearestAnchor,
} from "@comic-studio/shared";
import { call } from "../../lib/api.ts";
import { useAsync } from "../../lib/useAsync.ts";
import { versioned } from "../images.ts";

/** One character in a panel as the generation request takes it (0..1 of the panel). */
export interface CastEntry {
  characterId: string;
  x: number;
  y: number;
  scale: number;
  pose: string;
  expression: string;
  angle: string;
}

const PRESETS = [
  { label: "Left", x: 0.25 },
  { label: "Centre", x: 0.5 },
  { label: "Right", x: 0.75 },
] as const;

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

/** A character placed in the panel: the anchor it will be drawn from, where, how big, pose and face. */
export function CastMember({
  character,
  entry,
  onChange,
  onRemove,
}: {
  character: Character;
  entry: CastEntry;
  onChange(entry: CastEntry): void;
  onRemove(): void;
}) {
  const anchors = useAsync(
    () => call(lib.listAnchors, { params: { characterId: character.id } }),
    [character.id],
  );
  const pool = (anchors.data?.anchors ?? []).filter((a) => a.approved && a.imageUrl);
  const anchor = nearestAnchor(pool, entry);
  const set = (patch: Partial<CastEntry>) => onChange({ ...entry, ...patch });
  return (
    <li className="lib-cast-member" data-testid="cast-member">
      <div className="lib-cast-head">
        {anchor?.imageUrl ? (
          <img
            className="lib-cast-thumb"
            src={versioned(anchor.imageUrl, anchor.version)}
            alt={`${character.name}: ${ANCHOR_ANGLE_LABEL[anchor.angle]}, ${anchor.expression}, ${anchor.pose}`}
            title="The nearest approved anchor"
          />
        ) : (
          <span className="lib-cast-thumb" aria-hidden="true" />
        )}
        <strong>{character.name}</strong>
        <button
          type="button"
          className="button ghost small"
          onClick={onRemove}
          aria-label={`Remove ${character.name} from the panel`}
        >
          ×
        </button>
      </div>
      <fieldset className="lib-cast-presets">
        <legend className="sr-only">{character.name} position</legend>
        {PRESETS.map((p) => (
          <button
            key={p.label}
            type="button"
            className={`button small${Math.abs(entry.x - p.x) < 0.01 ? " primary" : ""}`}
            aria-pressed={Math.abs(entry.x - p.x) < 0.01}
            onClick={() => set({ x: p.x })}
          >
            {p.label}
          </button>
        ))}
      </fieldset>
      <div className="lib-cast-grid">
        <label>
          x
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={entry.x}
            onChange={(e) => set({ x: clamp(Number(e.target.value), 0, 1) })}
          />
        </label>
        <label>
          y
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={entry.y}
            onChange={(e) => set({ y: clamp(Number(e.target.value), 0, 1) })}
          />
        </label>
        <label>
          Scale
          <input
            type="number"
            min={0.05}
            max={3}
            step={0.05}
            value={entry.scale}
            onChange={(e) => set({ scale: clamp(Number(e.target.value), 0.05, 3) })}
          />
        </label>
        <label>
          Pose
          <select value={entry.pose} onChange={(e) => set({ pose: e.target.value })}>
            {ANCHOR_POSES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          Expression
          <select value={entry.expression} onChange={(e) => set({ expression: e.target.value })}>
            {ANCHOR_EXPRESSIONS.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        <label>
          Facing
          <select value={entry.angle} onChange={(e) => set({ angle: e.target.value })}>
            {ANCHOR_ANGLES.map((a) => (
              <option key={a} value={a}>
                {ANCHOR_ANGLE_LABEL[a]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </li>
  );
}
