import { libraryEndpoints as lib } from "@comic-studio/shared";
import { useState } from "react";
import { call } from "../../lib/api.ts";
import { Link } from "../../lib/router.tsx";
import { useAsync } from "../../lib/useAsync.ts";
import { LibraryLayout, useCanEdit } from "../LibraryLayout.tsx";
import { Swatches } from "../Swatches.tsx";
import { CharacterCreate } from "./CharacterCreate.tsx";
import { CHARACTER_STATUS_LABEL } from "./CharacterDetail.tsx";

/** The project's characters, and the way to create one. */
export function CharactersPage({ projectId }: { projectId: string }) {
  const canEdit = useCanEdit(projectId);
  const characters = useAsync(() => call(lib.listCharacters, { params: { projectId } }), [projectId]);
  const [creating, setCreating] = useState(false);
  const list = characters.data?.characters.filter((c) => c.status !== "archived") ?? [];
  return (
    <LibraryLayout
      projectId={projectId}
      section="characters"
      title="Characters"
      actions={
        canEdit &&
        !creating && (
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            New character
          </button>
        )
      }
    >
      {characters.error && <p className="error">{characters.error.message}</p>}
      {creating && <CharacterCreate projectId={projectId} onCancel={() => setCreating(false)} />}
      <ul className="lib-cards" aria-label="Characters">
        {list.map((c) => (
          <li key={c.id} className="card lib-card">
            <Link to={`/projects/${projectId}/characters/${c.id}`}>
              <div className="lib-card-img">
                {c.references[0] ? (
                  <img src={c.references[0].thumbnailUrl} alt="" />
                ) : (
                  <span className="muted">No image</span>
                )}
              </div>
              <strong>{c.name}</strong>
              <span className={`lib-status lib-status-${c.status}`}>{CHARACTER_STATUS_LABEL[c.status]}</span>
              <span className="muted small">
                {c.approvedAnchorCount} of {c.anchorCount} anchors approved
              </span>
            </Link>
            {c.palette.length > 0 && (
              <Swatches colors={c.palette.slice(0, 6)} label={`${c.name} palette`} compact />
            )}
          </li>
        ))}
      </ul>
      {characters.data && list.length === 0 && !creating && (
        <p className="muted">No characters yet. Create one from 10–15 reference images.</p>
      )}
    </LibraryLayout>
  );
}
