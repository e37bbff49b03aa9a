import { projectEndpoints as e } from "@comic-studio/shared";
import { type FormEvent, useState } from "react";
import { ApiError, call } from "../lib/api.ts";
import { Link, useRouter } from "../lib/router.tsx";
import { useAsync } from "../lib/useAsync.ts";

export function Dashboard() {
  const projects = useAsync(() => call(e.listProjects), []);
  const trash = useAsync(() => call(e.listProjects, { query: { deleted: "true" } }), []);
  const { navigate } = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const r = await call(e.createProject, { body: { name } });
      navigate(`/projects/${r.project.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not create the project.");
    }
  }

  return (
    <main className="content">
      <div className="page-head">
        <h1>Your projects</h1>
        <form className="inline-form" onSubmit={create}>
          <input
            aria-label="New project name"
            placeholder="New project name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={255}
          />
          <button className="button primary" type="submit">
            New project
          </button>
        </form>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {projects.loading && !projects.data && <p className="muted">Loading projects…</p>}
      {projects.error && (
        <p className="error" role="alert">
          {projects.error.message}
        </p>
      )}
      {projects.data && projects.data.projects.length === 0 && (
        <p className="muted">No projects yet. Name one above to start.</p>
      )}
      <ul className="project-grid" aria-label="Projects">
        {projects.data?.projects.map((p) => (
          <li key={p.id} className="card project-card">
            <Link to={`/projects/${p.id}`}>
              <div className="project-cover" aria-hidden="true">
                <span />
                <span />
                <span />
              </div>
              <h2>{p.name}</h2>
            </Link>
            {p.description && <p className="muted clamp">{p.description}</p>}
            <p className="meta">
              <span className={`role role-${p.role}`}>{p.role}</span>
              <span>
                {p.pageCount} page{p.pageCount === 1 ? "" : "s"}
              </span>
              {p.status !== "active" && <span className="badge">{p.status}</span>}
            </p>
          </li>
        ))}
      </ul>
      {trash.data && trash.data.projects.length > 0 && (
        <section className="trash" aria-label="Trash">
          <h2>Trash</h2>
          <ul className="member-list">
            {trash.data.projects.map((p) => (
              <li key={p.id}>
                <div>
                  <strong>{p.name}</strong>
                  <span className="muted"> deleted</span>
                </div>
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    void call(e.restoreProject, { params: { projectId: p.id } }).then(() => {
                      projects.reload();
                      trash.reload();
                    })
                  }
                >
                  Restore
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
