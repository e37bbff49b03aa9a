import { API_ENDPOINTS, type Page, type Project } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, signUp, startTestApi, type TestApi, type TestClient } from "./helpers.ts";

// One table of every project-scoped change, tried by a viewer (403), a commenter (403), a user
// of another project (404) and a signed-out caller (401); afterwards nothing has changed.

let api: TestApi;
let owner: TestClient;
let commenter: TestClient;
let viewer: TestClient;
let outsider: TestClient;
let projectId: string;
let pageId: string;
let invitationId: string;

beforeAll(async () => {
  api = await startTestApi({}, "authz");
  [owner, commenter, viewer, outsider] = [api.client(), api.client(), api.client(), api.client()];
  await signUp(owner, "owner");
  await signUp(commenter, "commenter");
  await signUp(viewer, "viewer");
  await signUp(outsider, "outsider");
  projectId = (await owner.post<{ project: Project }>("/projects", { name: "Guarded" })).body.project.id;
  await owner.post(`/projects/${projectId}/members`, { email: commenter.user!.email, role: "commenter" });
  await owner.post(`/projects/${projectId}/members`, { email: viewer.user!.email, role: "viewer" });
  invitationId = (
    await owner.post<{ invitation: { id: string } }>(`/projects/${projectId}/members`, {
      email: "pending@example.test",
      role: "editor",
    })
  ).body.invitation.id;
  pageId = (await owner.post<{ page: Page }>(`/projects/${projectId}/pages`, { title: "One" })).body.page.id;
  // The outsider has a project of their own, so they are a real user of "another project".
  await outsider.post("/projects", { name: "Elsewhere" });
});
afterAll(async () => {
  await api?.close();
});

function changes(): Array<[string, (c: TestClient) => ReturnType<TestClient["request"]>]> {
  const p = `/projects/${projectId}`;
  const png = new FormData();
  png.append("file", new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])]), "x.png");
  return [
    ["rename", (c) => c.patch(p, { name: "Taken" })],
    ["archive", (c) => c.post(`${p}/archive`)],
    ["restore", (c) => c.post(`${p}/restore`)],
    ["delete", (c) => c.delete(p)],
    ["invite", (c) => c.post(`${p}/members`, { email: "x@example.test", role: "editor" })],
    ["change role", (c) => c.patch(`${p}/members/${viewer.user!.id}`, { role: "editor" })],
    ["remove member", (c) => c.delete(`${p}/members/${owner.user!.id}`)],
    ["revoke invitation", (c) => c.delete(`${p}/invitations/${invitationId}`)],
    ["transfer", (c) => c.post(`${p}/transfer`, { userId: viewer.user!.id })],
    ["create page", (c) => c.post(`${p}/pages`, {})],
    ["reorder pages", (c) => c.put(`${p}/pages/order`, { pageIds: [pageId] })],
    ["retitle page", (c) => c.patch(`/pages/${pageId}`, { title: "Taken" })],
    ["delete page", (c) => c.delete(`/pages/${pageId}`)],
    ["upload", (c) => c.request("POST", `${p}/uploads`, png)],
  ];
}

describe("authorization on every project change", () => {
  it("refuses viewers and commenters with 403", async () => {
    for (const client of [viewer, commenter]) {
      for (const [name, act] of changes()) {
        const reply = await act(client);
        expect({ name, status: reply.status }).toEqual({
          name,
          status: 403,
        });
      }
    }
  });

  it("refuses a user of another project with 404, as if it did not exist", async () => {
    for (const [name, act] of changes()) {
      const reply = await act(outsider);
      expect({ name, status: reply.status }).toEqual({ name, status: 404 });
    }
    for (const path of [
      `/projects/${projectId}`,
      `/projects/${projectId}/members`,
      `/projects/${projectId}/pages`,
      `/pages/${pageId}`,
    ]) {
      expectError(await outsider.get(path), 404, "NOT_FOUND");
    }
  });

  it("refuses signed-out callers of every session endpoint with 401", async () => {
    const anonymous = api.client();
    for (const endpoint of Object.values(API_ENDPOINTS)) {
      if (endpoint.auth !== "session") continue;
      const path = endpoint.path
        .replace(/:projectId/, projectId)
        .replace(/:([A-Za-z]+)/g, () => crypto.randomUUID());
      const reply = await anonymous.request(endpoint.method.toUpperCase(), path);
      expect({ route: `${endpoint.method} ${endpoint.path}`, status: reply.status }).toEqual({
        route: `${endpoint.method} ${endpoint.path}`,
        status: 401,
      });
    }
  });

  it("left everything as it was", async () => {
    const { project } = (await owner.get<{ project: Project }>(`/projects/${projectId}`)).body;
    expect(project).toMatchObject({
      name: "Guarded",
      status: "active",
      ownerId: owner.user!.id,
      memberCount: 3,
      pageCount: 1,
    });
    const members = await owner.get<{ members: { userId: string; role: string }[]; invitations: unknown[] }>(
      `/projects/${projectId}/members`,
    );
    expect(members.body.members.map((m) => m.role)).toEqual(["owner", "commenter", "viewer"]);
    expect(members.body.invitations).toHaveLength(1);
    expect((await owner.get<{ page: Page }>(`/pages/${pageId}`)).body.page.title).toBe("One");
  });
});
