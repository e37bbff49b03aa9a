import type { Project, ProjectSummary } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, signUp, startTestApi, type TestApi, type TestClient } from "./helpers.ts";

let api: TestApi;
let owner: TestClient;
let editor: TestClient;
let viewer: TestClient;
let outsider: TestClient;
let projectId: string;

beforeAll(async () => {
  api = await startTestApi({}, "projects");
  [owner, editor, viewer, outsider] = [api.client(), api.client(), api.client(), api.client()];
  await signUp(owner, "owner");
  await signUp(editor, "editor");
  await signUp(viewer, "viewer");
  await signUp(outsider, "outsider");
  const created = await owner.post<{ project: Project }>("/projects", {
    name: "Harbor Lights",
    description: "A tale",
  });
  projectId = created.body.project.id;
  await owner.post(`/projects/${projectId}/members`, { email: editor.user!.email, role: "editor" });
  await owner.post(`/projects/${projectId}/members`, { email: viewer.user!.email, role: "viewer" });
});
afterAll(async () => {
  await api?.close();
});

describe("projects", () => {
  it("creates a project owned by the caller and lists it with role and page count", async () => {
    const created = await owner.post<{ project: Project }>("/projects", { name: "  Second  " });
    expect(created.status).toBe(201);
    expect(created.body.project).toMatchObject({
      name: "Second",
      description: null,
      status: "active",
      role: "owner",
      ownerId: owner.user!.id,
      pageCount: 0,
      memberCount: 1,
    });
    const list = await owner.get<{ projects: ProjectSummary[] }>("/projects");
    expect(list.status).toBe(200);
    expect(list.body.projects.map((p) => p.name)).toEqual(["Second", "Harbor Lights"]);
    expect(Object.keys(list.body.projects[0]!).sort()).toEqual(
      ["description", "id", "name", "pageCount", "role", "status", "updatedAt"].sort(),
    );
    const seen = await viewer.get<{ projects: ProjectSummary[] }>("/projects");
    expect(seen.body.projects).toEqual([expect.objectContaining({ id: projectId, role: "viewer" })]);
    expect((await outsider.get<{ projects: unknown[] }>("/projects")).body.projects).toEqual([]);
    expectError(await owner.post("/projects", { name: "" }), 400, "VALIDATION_FAILED");
  });

  it("shows a project to members only; others get 404 as for a missing id", async () => {
    const mine = await viewer.get<{ project: Project }>(`/projects/${projectId}`);
    expect(mine.status).toBe(200);
    expect(mine.body.project).toMatchObject({ id: projectId, role: "viewer", memberCount: 3 });
    expectError(await outsider.get(`/projects/${projectId}`), 404, "NOT_FOUND");
    expectError(await owner.get(`/projects/${crypto.randomUUID()}`), 404, "NOT_FOUND");
    expectError(await owner.get("/projects/not-a-uuid"), 404, "NOT_FOUND");
    expectError(await api.client().get(`/projects/${projectId}`), 401, "UNAUTHENTICATED");
  });

  it("lets only the owner rename; an editor or viewer is refused, an outsider sees nothing", async () => {
    const renamed = await owner.patch<{ project: Project }>(`/projects/${projectId}`, {
      name: "Harbour Lights",
      description: null,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.project).toMatchObject({ name: "Harbour Lights", description: null });
    expectError(await editor.patch(`/projects/${projectId}`, { name: "Mine" }), 403, "FORBIDDEN");
    expectError(await viewer.patch(`/projects/${projectId}`, { name: "Mine" }), 403, "FORBIDDEN");
    expectError(await outsider.patch(`/projects/${projectId}`, { name: "Mine" }), 404, "NOT_FOUND");
    expectError(await api.client().patch(`/projects/${projectId}`, { name: "Mine" }), 401, "UNAUTHENTICATED");
    expectError(await owner.patch(`/projects/${projectId}`, {}), 400, "VALIDATION_FAILED");
    expect((await owner.get<{ project: Project }>(`/projects/${projectId}`)).body.project.name).toBe(
      "Harbour Lights",
    );
  });

  it("archives (read-only) and restores; soft-deletes (hidden) and restores", async () => {
    const { body } = await owner.post<{ project: Project }>("/projects", { name: "Lifecycle" });
    const id = body.project.id;
    await owner.post(`/projects/${id}/members`, { email: editor.user!.email, role: "editor" });
    expectError(await editor.post(`/projects/${id}/archive`), 403, "FORBIDDEN");
    const archived = await owner.post<{ project: Project }>(`/projects/${id}/archive`);
    expect(archived.body.project.status).toBe("archived");
    // Archived: still visible, but no changes.
    expect((await editor.get(`/projects/${id}`)).status).toBe(200);
    expectError(await editor.post(`/projects/${id}/pages`, {}), 409, "CONFLICT");
    expect((await owner.post<{ project: Project }>(`/projects/${id}/restore`)).body.project.status).toBe(
      "active",
    );

    expectError(await editor.delete(`/projects/${id}`), 403, "FORBIDDEN");
    expectError(await outsider.delete(`/projects/${id}`), 404, "NOT_FOUND");
    expect((await owner.delete(`/projects/${id}`)).status).toBe(204);
    expectError(await owner.get(`/projects/${id}`), 404, "NOT_FOUND");
    expectError(await editor.get(`/projects/${id}`), 404, "NOT_FOUND");
    const list = await owner.get<{ projects: ProjectSummary[] }>("/projects");
    expect(list.body.projects.some((p) => p.id === id)).toBe(false);
    // It is in its owner's trash, and only there.
    const trash = await owner.get<{ projects: ProjectSummary[] }>("/projects?deleted=true");
    expect(trash.body.projects.map((p) => p.id)).toContain(id);
    const editorTrash = await editor.get<{ projects: ProjectSummary[] }>("/projects?deleted=true");
    expect(editorTrash.body.projects.some((p) => p.id === id)).toBe(false);
    // The owner can bring it back; a member of the deleted project cannot and learns nothing.
    expectError(await editor.post(`/projects/${id}/restore`), 404, "NOT_FOUND");
    expectError(await outsider.post(`/projects/${id}/restore`), 404, "NOT_FOUND");
    const restored = await owner.post<{ project: Project }>(`/projects/${id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.project.status).toBe("active");
    expect((await editor.get(`/projects/${id}`)).status).toBe(200);
  });
});
