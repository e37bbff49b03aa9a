import type { ReactNode } from "react";
import { CharacterDetail } from "./characters/CharacterDetail.tsx";
import { CharactersPage } from "./characters/CharactersPage.tsx";
import { LocationDetail } from "./locations/LocationDetail.tsx";
import { LocationsPage } from "./locations/LocationsPage.tsx";
import { StyleDetail } from "./styles/StyleDetail.tsx";
import { StylesPage } from "./styles/StylesPage.tsx";

/** The project library's screens (inside the app shell): pattern -> screen. */
export const LIBRARY_ROUTES: Array<[string, (params: Record<string, string>) => ReactNode]> = [
  ["/projects/:projectId/characters", (p) => <CharactersPage projectId={p.projectId!} />],
  [
    "/projects/:projectId/characters/:characterId",
    (p) => <CharacterDetail key={p.characterId} projectId={p.projectId!} characterId={p.characterId!} />,
  ],
  ["/projects/:projectId/styles", (p) => <StylesPage projectId={p.projectId!} />],
  [
    "/projects/:projectId/styles/:styleId",
    (p) => <StyleDetail key={p.styleId} projectId={p.projectId!} styleId={p.styleId!} />,
  ],
  ["/projects/:projectId/locations", (p) => <LocationsPage projectId={p.projectId!} />],
  [
    "/projects/:projectId/locations/:locationId",
    (p) => <LocationDetail key={p.locationId} projectId={p.projectId!} locationId={p.locationId!} />,
  ],
];
