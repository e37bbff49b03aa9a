import { type CastEntry, PanelCast } from "./PanelCast.tsx";
import { type SavedLocationChoice, SavedLocationPicker } from "./SavedLocationPicker.tsx";
import { useEditorProjectId, usePanelLibrary } from "./usePanelLibrary.ts";
import "../library.css";
import "./panel.css";

export type { CastEntry } from "./PanelCast.tsx";
export type { SavedLocationChoice } from "./SavedLocationPicker.tsx";

/** The library's part of the panel form: the project's characters and its locked locations. */
export function PanelLibraryFields({
  cast,
  onCast,
  location,
  onLocation,
}: {
  cast: readonly CastEntry[];
  onCast(cast: CastEntry[]): void;
  location: SavedLocationChoice | null;
  onLocation(location: SavedLocationChoice | null): void;
}) {
  const projectId = useEditorProjectId();
  const library = usePanelLibrary(projectId);
  return (
    <div className="lib-panel-fields">
      <PanelCast characters={library.characters} cast={cast} onChange={onCast} />
      <SavedLocationPicker locations={library.locations} value={location} onChange={onLocation} />
      {library.error && <p className="error small">{library.error.message}</p>}
    </div>
  );
}

/** The generation request's `characters` and `location` from the library fields (omitted when empty). */
export function libraryRequestFields(cast: readonly CastEntry[], location: SavedLocationChoice | null) {
  return {
    ...(cast.length > 0 ? { characters: cast.map((c) => ({ ...c })) } : {}),
    ...(location
      ? {
          location: {
            name: location.name,
            locationId: location.locationId,
            camera: location.camera,
            shot: location.shot,
            lighting: location.lighting,
          },
        }
      : {}),
  };
}
