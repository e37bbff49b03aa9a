import { projectEndpoints as e, ROLES, type Role } from "@comic-studio/shared";
import { type FormEvent, useState } from "react";
import { ApiError, call } from "../lib/api.ts";
import { Link, useRouter } from "../lib/router.tsx";
import { useSession } from "../lib/session.tsx";
import { useAsync } from "../lib/useAsync.ts";
import { NotFound } from "./NotFound.tsx";

const INVITABLE = ROLES.filter((r) => r !== "owner");

export function ProjectSettings({ projectId }: { projectId: string }) {
  const { user } = useSession();
  const { navigate } = useRouter();
  const project = useAsync(() => call(e.getProject, { params: { projectId } }), [projectId]);
  const members = useAsync(() => call(e.listMembers, { params: { projectId } }), [projectId]);
  const [name, setName] = useState<string | null>(null);
  const [inviteEmail, setInviteEmail] = useState("");
  const [inviteRole, setInviteRole] = useState<Role>("editor");
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);

  if (project.error instanceof ApiError && project.error.status === 404) return <NotFound />;
  const p = project.data?.project;
  const isOwner = p?.role === "owner";

  async function act(fn: () => Promise<unknown>, ok: string) {
    setMessage(null);
    try {
      await fn();
      setMessage({ kind: "ok", text: ok });
      project.reload();
      members.reload();
    } catch (e) {
      setMessage({
        kind: "error",
        text: e instanceof ApiError ? e.message : "That did not work. Try again.",
      });
    }
  }

  const rename = (event: FormEvent) => {
    event.preventDefault();
    void act(
      () => call(e.updateProject, { params: { projectId }, body: { name: name ?? undefined } }),
      "Project renamed.",
    );
  };
  const invite = (event: FormEvent) => {
    event.preventDefault();
    void act(
      () =>
        call(e.inviteMember, {
          params: { projectId },
          body: { email: inviteEmail, role: inviteRole as "editor" },
        }),
      `Invited ${inviteEmail}.`,
    ).then(() => setInviteEmail(""));
  };

  return (
    <main className="content narrow">
      <p className="crumbs">
        <Link to="/">Projects</Link> / <Link to={`/projects/${projectId}`}>{p?.name ?? "…"}</Link> /
      </p>
      <h1>Project settings</h1>
      {message && (
        <p
          className={message.kind === "error" ? "error" : "ok"}
          role={message.kind === "error" ? "alert" : "status"}
        >
          {message.text}
        </p>
      )}

      <section className="card section">
        <h2>Name</h2>
        <form className="inline-form" onSubmit={rename}>
          <input
            aria-label="Project name"
            value={name ?? p?.name ?? ""}
            onChange={(ev) => setName(ev.target.value)}
            disabled={!isOwner}
            maxLength={255}
            required
          />
          {isOwner && (
            <button className="button" type="submit">
              Rename
            </button>
          )}
        </form>
      </section>

      <section className="card section">
        <h2>Members</h2>
        <ul className="member-list" aria-label="Members">
          {members.data?.members.map((m) => (
            <li key={m.userId}>
              <div>
                <strong>{m.displayName}</strong>
                <span className="muted"> {m.email}</span>
              </div>
              {isOwner && m.role !== "owner" ? (
                <select
                  aria-label={`Role of ${m.displayName}`}
                  value={m.role}
                  onChange={(ev) =>
                    void act(
                      () =>
                        call(e.changeRole, {
                          params: { projectId, userId: m.userId },
                          body: { role: ev.target.value as "editor" },
                        }),
                      `${m.displayName} is now ${ev.target.value}.`,
                    )
                  }
                >
                  {INVITABLE.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              ) : (
                <span className={`role role-${m.role}`}>{m.role}</span>
              )}
              {isOwner && m.role !== "owner" && (
                <span className="row-actions">
                  <button
                    type="button"
                    className="button ghost"
                    onClick={() =>
                      void act(
                        () =>
                          call(e.transferOwnership, { params: { projectId }, body: { userId: m.userId } }),
                        `${m.displayName} now owns the project.`,
                      )
                    }
                  >
                    Make owner
                  </button>
                  <button
                    type="button"
                    className="button ghost danger"
                    onClick={() =>
                      void act(
                        () => call(e.removeMember, { params: { projectId, userId: m.userId } }),
                        `${m.displayName} was removed.`,
                      )
                    }
                  >
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
          {members.data?.invitations.map((i) => (
            <li key={i.id} className="muted">
              <div>
                {i.email} <span className="badge">invited</span>
              </div>
              <span className={`role role-${i.role}`}>{i.role}</span>
            </li>
          ))}
        </ul>
        {isOwner && (
          <form className="inline-form" onSubmit={invite} aria-label="Invite a member">
            <input
              type="email"
              aria-label="Email to invite"
              placeholder="name@example.com"
              value={inviteEmail}
              onChange={(ev) => setInviteEmail(ev.target.value)}
              required
            />
            <select
              aria-label="Invite as"
              value={inviteRole}
              onChange={(ev) => setInviteRole(ev.target.value as Role)}
            >
              {INVITABLE.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <button className="button primary" type="submit">
              Invite
            </button>
          </form>
        )}
      </section>

      <section className="card section">
        <h2>Danger zone</h2>
        <div className="inline-form">
          {p && p.role !== "owner" && (
            <button
              type="button"
              className="button danger"
              onClick={() =>
                void act(
                  () => call(e.removeMember, { params: { projectId, userId: user?.id ?? "" } }),
                  "You left the project.",
                ).then(() => navigate("/"))
              }
            >
              Leave project
            </button>
          )}
          {isOwner && p?.status !== "archived" && (
            <button
              type="button"
              className="button"
              onClick={() => void act(() => call(e.archiveProject, { params: { projectId } }), "Archived.")}
            >
              Archive
            </button>
          )}
          {isOwner && p?.status === "archived" && (
            <button
              type="button"
              className="button"
              onClick={() => void act(() => call(e.restoreProject, { params: { projectId } }), "Restored.")}
            >
              Restore
            </button>
          )}
          {isOwner && (
            <button
              type="button"
              className="button danger"
              onClick={() => {
                if (!window.confirm(`Delete “${p?.name}”? You can restore it from the dashboard's trash.`))
                  return;
                void act(() => call(e.deleteProject, { params: { projectId } }), "Deleted.").then(() =>
                  navigate("/"),
                );
              }}
            >
              Delete project
            </button>
          )}
        </div>
      </section>
    </main>
  );
}
