import { projectEndpoints } from "@comic-studio/shared";
import type { ReactNode } from "react";
import { call } from "../lib/api.ts";
import { Link } from "../lib/router.tsx";
import { useAsync } from "../lib/useAsync.ts";
import "./library.css";

export const LIBRARY_SECTIONS = [
  { key: "characters", label: "Characters" },
  { key: "styles", label: "Style" },
  { key: "locations", label: "Locations" },
] as const;
export type LibrarySection = (typeof LIBRARY_SECTIONS)[number]["key"];

/** The project's library: crumbs back to the project and tabs for characters, style and locations. */
export function LibraryLayout({
  projectId,
  section,
  title,
  actions,
  children,
}: {
  projectId: string;
  section: LibrarySection;
  title: string;
  /** Buttons at the right of the heading. */
  actions?: ReactNode;
  children: ReactNode;
}) {
  const project = useAsync(() => call(projectEndpoints.getProject, { params: { projectId } }), [projectId]);
  return (
    <main className="content lib">
      <p className="crumbs">
        <Link to="/">Projects</Link> /{" "}
        <Link to={`/projects/${projectId}`}>{project.data?.project.name ?? "…"}</Link> / Library
      </p>
      <nav className="lib-tabs" aria-label="Library">
        {LIBRARY_SECTIONS.map((s) => (
          <Link
            key={s.key}
            to={`/projects/${projectId}/${s.key}`}
            className={`lib-tab${s.key === section ? " is-current" : ""}`}
          >
            {s.label}
          </Link>
        ))}
      </nav>
      <div className="page-head">
        <h1>{title}</h1>
        {actions && <div className="inline-form">{actions}</div>}
      </div>
      {children}
    </main>
  );
}

/** Whether the signed-in member may change the project's library (owner or editor). */
export function useCanEdit(projectId: string): boolean {
  const project = useAsync(() => call(projectEndpoints.getProject, { params: { projectId } }), [projectId]);
  const role = project.data?.project.role;
  return role === "owner" || role === "editor";
}
