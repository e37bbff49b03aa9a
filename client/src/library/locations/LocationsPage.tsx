import { libraryEndpoints as lib } from "@comic-studio/shared";
import { useState } from "react";
import { call } from "../../lib/api.ts";
import { Link } from "../../lib/router.tsx";
import { useAsync } from "../../lib/useAsync.ts";
import { versioned } from "../images.ts";
import { LibraryLayout, useCanEdit } from "../LibraryLayout.tsx";
import { LocationCreate } from "./LocationCreate.tsx";
import { LOCATION_STATUS_LABEL } from "./labels.ts";

/** The project's locations, and the way to create one. */
export function LocationsPage({ projectId }: { projectId: string }) {
  const canEdit = useCanEdit(projectId);
  const locations = useAsync(() => call(lib.listLocations, { params: { projectId } }), [projectId]);
  const [creating, setCreating] = useState(false);
  const list = locations.data?.locations.filter((l) => l.status !== "archived") ?? [];
  return (
    <LibraryLayout
      projectId={projectId}
      section="locations"
      title="Locations"
      actions={
        canEdit &&
        !creating && (
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            New location
          </button>
        )
      }
    >
      {locations.error && <p className="error">{locations.error.message}</p>}
      {creating && <LocationCreate projectId={projectId} onCancel={() => setCreating(false)} />}
      <ul className="lib-cards" aria-label="Locations">
        {list.map((l) => (
          <li key={l.id} className="card lib-card">
            <Link to={`/projects/${projectId}/locations/${l.id}`}>
              <div className="lib-card-img is-wide">
                {l.previewUrl ? (
                  <img src={versioned(l.previewUrl, l.updatedAt)} alt="" />
                ) : (
                  <span className="muted">No draft yet</span>
                )}
              </div>
              <strong>{l.name}</strong>
              <span className={`lib-status lib-status-${l.status}`}>{LOCATION_STATUS_LABEL[l.status]}</span>
              <span className="muted small clamp">{l.description}</span>
            </Link>
          </li>
        ))}
      </ul>
      {locations.data && list.length === 0 && !creating && (
        <p className="muted">No locations yet. Describe a place to lock it for consistent panels.</p>
      )}
    </LibraryLayout>
  );
}
