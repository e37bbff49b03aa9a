import { type Location, libraryEndpoints as lib, locationVariantFor, PRICES } from "@comic-studio/shared";
import { call } from "../../lib/api.ts";
import { useAsync } from "../../lib/useAsync.ts";

/** The framing a panel asks of a saved location (the generation request's location fields). */
export interface SavedLocationChoice {
  locationId: string;
  /** The location's name (the request names the place too). */
  name: string;
  camera: "eye" | "low" | "high";
  shot: "wide" | "medium" | "close";
  lighting: "day" | "dusk" | "night" | "interior";
}

const CAMERAS = ["eye", "low", "high"] as const;
const SHOTS = ["wide", "medium", "close"] as const;
const LIGHTINGS = ["day", "dusk", "night", "interior"] as const;

/** A locked location and its framing; shows the variant the panel will be drawn on (no charge). */
export function SavedLocationPicker({
  locations,
  value,
  onChange,
}: {
  locations: readonly Location[];
  value: SavedLocationChoice | null;
  onChange(value: SavedLocationChoice | null): void;
}) {
  const locationId = value?.locationId ?? null;
  const variants = useAsync(
    () =>
      locationId
        ? call(lib.listLocationVariants, { params: { locationId } })
        : Promise.resolve({ variants: [] }),
    [locationId],
  );
  if (locations.length === 0) {
    return <p className="muted small">No locked locations yet (see the project library).</p>;
  }
  const want = value ? locationVariantFor(value) : null;
  const variant = want
    ? variants.data?.variants.find(
        (v) => v.camera === want.camera && v.shot === want.shot && v.lighting === want.lighting,
      )
    : undefined;
  const set = (patch: Partial<SavedLocationChoice>) => value && onChange({ ...value, ...patch });
  return (
    <fieldset className="lib-saved-location">
      <legend>Location from the library</legend>
      <select
        aria-label="Saved location"
        value={locationId ?? ""}
        onChange={(e) =>
          onChange(
            e.target.value
              ? {
                  locationId: e.target.value,
                  name: locations.find((l) => l.id === e.target.value)?.name ?? "Saved location",
                  camera: value?.camera ?? "eye",
                  shot: value?.shot ?? "medium",
                  lighting: value?.lighting ?? "day",
                }
              : null,
          )
        }
      >
        <option value="">None</option>
        {locations.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
      {value && (
        <>
          <div className="gen-location">
            <select
              aria-label="Saved location camera"
              value={value.camera}
              onChange={(e) => set({ camera: e.target.value as SavedLocationChoice["camera"] })}
            >
              {CAMERAS.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
            <select
              aria-label="Saved location shot"
              value={value.shot}
              onChange={(e) => set({ shot: e.target.value as SavedLocationChoice["shot"] })}
            >
              {SHOTS.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
            <select
              aria-label="Saved location lighting"
              value={value.lighting}
              onChange={(e) => set({ lighting: e.target.value as SavedLocationChoice["lighting"] })}
            >
              {LIGHTINGS.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </div>
          {variant && (
            <img
              className="lib-variant-thumb"
              src={variant.imageUrl}
              alt={`Variant used: ${variant.camera} camera, ${variant.shot} shot, ${variant.lighting}`}
            />
          )}
          <p className="muted small">
            {PRICES.useSavedLocation === 0
              ? "The locked variant for this framing is reused, free."
              : `Using a saved location costs ${PRICES.useSavedLocation} credits.`}
          </p>
        </>
      )}
    </fieldset>
  );
}
