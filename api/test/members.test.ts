import type { Invitation, Member, Project } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, PASSWORD, signUp, startTestApi, type TestApi, type TestClient } from "./helpers.ts";

let api: TestApi;
let owner: TestClient;
let editor: TestClient;
let viewer: TestClient;
let outsider: TestClient;

async function newProject(name: string): Promise<string> {
  const created = await owner.post<{ project: Project }>("/projects", { name });
  return created.body.project.id;
}
type MemberList = { members: Member[]; invitations: Invitation[] };

beforeAll(async () => {
  api = await startTestApi({}, "members");
  [owner, editor, viewer, outsider] = [api.client(), api.client(), api.client(), api.client()];
  await signUp(owner, "owner");
  await signUp(editor, "editor");
  await signUp(viewer, "viewer");
  await signUp(outsider, "outsider");
});
afterAll(async () => {
  await api?.close();
});

describe("members", () => {
  it("adds an existing account at once and lists members by role", async () => {
    const id = await newProject("Members");
    const added = await owner.post(`/projects/${id}/members`, {
      email: editor.user!.email.toUpperCase(),
      role: "editor",
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: "member", member: { userId: editor.user!.id, role: "editor" } });
    await owner.post(`/projects/${id}/members`, { email: viewer.user!.email, role: "viewer" });
    const list = await editor.get<MemberList>(`/projects/${id}/members`);
    expect(list.status).toBe(200);
    expect(list.body.members.map((m) => [m.userId, m.role])).toEqual([
      [owner.user!.id, "owner"],
      [editor.user!.id, "editor"],
      [viewer.user!.id, "viewer"],
    ]);
    expectError(
      await owner.post(`/projects/${id}/members`, { email: editor.user!.email, role: "viewer" }),
      409,
      "CONFLICT",
    );
    expectError(
      await owner.post(`/projects/${id}/members`, { email: "x@example.test", role: "owner" }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(await outsider.get(`/projects/${id}/members`), 404, "NOT_FOUND");
    expectError(await api.client().get(`/projects/${id}/members`), 401, "UNAUTHENTICATED");
  });

  it("keeps an invitation for an unknown email and honours it at sign-up", async () => {
    const id = await newProject("Invites");
    const invited = await owner.post<{ kind: string; invitation: Invitation }>(`/projects/${id}/members`, {
      email: "Newcomer@Example.test",
      role: "commenter",
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      kind: "invitation",
      invitation: { email: "newcomer@example.test", role: "commenter" },
    });
    await owner.post(`/projects/${id}/members`, { email: viewer.user!.email, role: "viewer" });
    expect((await owner.get<MemberList>(`/projects/${id}/members`)).body.invitations).toHaveLength(1);
    // Only the owner sees who is invited.
    expect((await viewer.get<MemberList>(`/projects/${id}/members`)).body.invitations).toEqual([]);

    const newcomer = api.client();
    const signedUp = await newcomer.post<{ user: { id: string } }>("/auth/sign-up", {
      email: "newcomer@example.test",
      password: PASSWORD,
      displayName: "Newcomer",
    });
    expect(signedUp.status).toBe(201);
    const project = await newcomer.get<{ project: Project }>(`/projects/${id}`);
    expect(project.status).toBe(200);
    expect(project.body.project.role).toBe("commenter");
    expect((await owner.get<MemberList>(`/projects/${id}/members`)).body.invitations).toEqual([]);
  });

  it("withdraws an invitation (owner only)", async () => {
    const id = await newProject("Withdraw");
    await owner.post(`/projects/${id}/members`, { email: editor.user!.email, role: "editor" });
    const { body } = await owner.post<{ invitation: Invitation }>(`/projects/${id}/members`, {
      email: "later@example.test",
      role: "viewer",
    });
    expectError(await editor.delete(`/projects/${id}/invitations/${body.invitation.id}`), 403, "FORBIDDEN");
    expectError(await outsider.delete(`/projects/${id}/invitations/${body.invitation.id}`), 404, "NOT_FOUND");
    expect((await owner.delete(`/projects/${id}/invitations/${body.invitation.id}`)).status).toBe(204);
    expectError(await owner.delete(`/projects/${id}/invitations/${body.invitation.id}`), 404, "NOT_FOUND");
    const later = api.client();
    await later.post("/auth/sign-up", {
      email: "later@example.test",
      password: PASSWORD,
      displayName: "Later",
    });
    expectError(await later.get(`/projects/${id}`), 404, "NOT_FOUND");
  });

  it("changes roles (owner only, never to or from owner)", async () => {
    const id = await newProject("Roles");
    await owner.post(`/projects/${id}/members`, { email: editor.user!.email, role: "editor" });
    await owner.post(`/projects/${id}/members`, { email: viewer.user!.email, role: "viewer" });
    const changed = await owner.patch<{ member: Member }>(`/projects/${id}/members/${viewer.user!.id}`, {
      role: "commenter",
    });
    expect(changed.status).toBe(200);
    expect(changed.body.member.role).toBe("commenter");
    expect((await viewer.get<{ project: Project }>(`/projects/${id}`)).body.project.role).toBe("commenter");
    expectError(
      await editor.patch(`/projects/${id}/members/${viewer.user!.id}`, { role: "editor" }),
      403,
      "FORBIDDEN",
    );
    expectError(
      await viewer.patch(`/projects/${id}/members/${viewer.user!.id}`, { role: "editor" }),
      403,
      "FORBIDDEN",
    );
    expectError(
      await outsider.patch(`/projects/${id}/members/${viewer.user!.id}`, { role: "editor" }),
      404,
      "NOT_FOUND",
    );
    expectError(
      await owner.patch(`/projects/${id}/members/${owner.user!.id}`, { role: "viewer" }),
      409,
      "CONFLICT",
    );
    expectError(
      await owner.patch(`/projects/${id}/members/${editor.user!.id}`, { role: "owner" }),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await owner.patch(`/projects/${id}/members/${outsider.user!.id}`, { role: "viewer" }),
      404,
      "NOT_FOUND",
    );
  });

  it("lets members leave and the owner remove; the owner cannot leave", async () => {
    const id = await newProject("Leaving");
    await owner.post(`/projects/${id}/members`, { email: editor.user!.email, role: "editor" });
    await owner.post(`/projects/${id}/members`, { email: viewer.user!.email, role: "viewer" });
    expectError(await viewer.delete(`/projects/${id}/members/${editor.user!.id}`), 403, "FORBIDDEN");
    expectError(await outsider.delete(`/projects/${id}/members/${editor.user!.id}`), 404, "NOT_FOUND");
    expect((await viewer.delete(`/projects/${id}/members/${viewer.user!.id}`)).status).toBe(204);
    expectError(await viewer.get(`/projects/${id}`), 404, "NOT_FOUND");
    expectError(await owner.delete(`/projects/${id}/members/${owner.user!.id}`), 409, "CONFLICT");
    expect((await owner.delete(`/projects/${id}/members/${editor.user!.id}`)).status).toBe(204);
    expectError(await editor.get(`/projects/${id}`), 404, "NOT_FOUND");
  });

  it("transfers ownership: the new owner rules, the old one becomes an editor", async () => {
    const id = await newProject("Transfer");
    await owner.post(`/projects/${id}/members`, { email: editor.user!.email, role: "editor" });
    await owner.post(`/projects/${id}/members`, { email: viewer.user!.email, role: "viewer" });
    expectError(await editor.post(`/projects/${id}/transfer`, { userId: editor.user!.id }), 403, "FORBIDDEN");
    expectError(
      await outsider.post(`/projects/${id}/transfer`, { userId: outsider.user!.id }),
      404,
      "NOT_FOUND",
    );
    expectError(
      await owner.post(`/projects/${id}/transfer`, { userId: outsider.user!.id }),
      404,
      "NOT_FOUND",
    );
    const moved = await owner.post<{ members: Member[] }>(`/projects/${id}/transfer`, {
      userId: editor.user!.id,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.members.map((m) => [m.userId, m.role])).toEqual([
      [editor.user!.id, "owner"],
      [owner.user!.id, "editor"],
      [viewer.user!.id, "viewer"],
    ]);
    expect((await editor.get<{ project: Project }>(`/projects/${id}`)).body.project).toMatchObject({
      role: "owner",
      ownerId: editor.user!.id,
    });
    expectError(await owner.patch(`/projects/${id}`, { name: "Not mine" }), 403, "FORBIDDEN");
    expect((await editor.patch(`/projects/${id}`, { name: "Mine now" })).status).toBe(200);
    // The former owner may now leave.
    expect((await owner.delete(`/projects/${id}/members/${owner.user!.id}`)).status).toBe(204);
  });
});
