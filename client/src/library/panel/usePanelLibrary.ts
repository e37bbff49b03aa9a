import { libraryEndpoints as lib } from "@comic-studio/shared";
import { call } from "../../lib/api.ts";
import { matchPath, useRouter } from "../../lib/router.tsx";
import { useAsync } from "../../lib/useAsync.ts";

/** The project of the page open in the editor (from `/projects/:projectId/pages/:pageId`). */
export function useEditorProjectId(): string | null {
  const { path } = useRouter();
  return matchPath("/projects/:projectId/pages/:pageId", path)?.projectId ?? null;
}

/** Characters with approved anchors and locked locations: what a panel can use. */
export function usePanelLibrary(projectId: string | null) {
  const characters = useAsync(
    () =>
      projectId ? call(lib.listCharacters, { params: { projectId } }) : Promise.resolve({ characters: [] }),
    [projectId],
  );
  const locations = useAsync(
    () =>
      projectId ? call(lib.listLocations, { params: { projectId } }) : Promise.resolve({ locations: [] }),
    [projectId],
  );
  return {
    characters: (characters.data?.characters ?? []).filter(
      (c) => c.status !== "archived" && c.approvedAnchorCount > 0,
    ),
    locations: (locations.data?.locations ?? []).filter((l) => l.status === "locked"),
    error: characters.error ?? locations.error,
  };
}
