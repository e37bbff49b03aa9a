import type { Page, Project } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, signUp, startTestApi, type TestApi, type TestClient } from "./helpers.ts";

let api: TestApi;
let owner: TestClient;
let editor: TestClient;
let viewer: TestClient;
let outsider: TestClient;
let projectId: string;

beforeAll(async () => {
  api = await startTestApi({}, "pages");
  [owner, editor, viewer, outsider] = [api.client(), api.client(), api.client(), api.client()];
  for (const [c, l] of [
    [owner, "owner"],
    [editor, "editor"],
    [viewer, "viewer"],
    [outsider, "outsider"],
  ] as const) {
    await signUp(c, l);
  }
  projectId = (await owner.post<{ project: Project }>("/projects", { name: "Pages" })).body.project.id;
  await owner.post(`/projects/${projectId}/members`, { email: editor.user!.email, role: "editor" });
  await owner.post(`/projects/${projectId}/members`, { email: viewer.user!.email, role: "viewer" });
});
afterAll(async () => {
  await api?.close();
});

const titles = (pages: Page[]) => pages.map((p) => `${p.chapterNumber}.${p.pageNumber} ${p.title}`);

describe("pages", () => {
  it("creates pages at the end of their chapter with a layout template", async () => {
    const first = await editor.post<{ page: Page }>(`/projects/${projectId}/pages`, {
      layoutTemplate: "4-panel",
      title: "Arrival",
    });
    expect(first.status).toBe(201);
    expect(first.body.page).toEqual({
      id: expect.any(String),
      projectId,
      chapterNumber: 1,
      pageNumber: 1,
      title: "Arrival",
      layoutTemplate: "4-panel",
      status: "draft",
    });
    const bare = await owner.post<{ page: Page }>(`/projects/${projectId}/pages`, {});
    expect(bare.body.page).toMatchObject({ pageNumber: 2, layoutTemplate: "blank", title: null });
    await editor.post(`/projects/${projectId}/pages`, { title: "Storm", layoutTemplate: "6-panel" });
    await editor.post(`/projects/${projectId}/pages`, { title: "Ch2", chapterNumber: 2 });
    // Concurrent creates still number 1..n without gaps or clashes.
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        editor.post(`/projects/${projectId}/pages`, { title: `c${i}`, chapterNumber: 3 }),
      ),
    );
    const list = await viewer.get<{ pages: Page[] }>(`/projects/${projectId}/pages`);
    expect(list.status).toBe(200);
    expect(list.body.pages.map((p) => `${p.chapterNumber}.${p.pageNumber}`)).toEqual([
      "1.1",
      "1.2",
      "1.3",
      "2.1",
      "3.1",
      "3.2",
      "3.3",
      "3.4",
      "3.5",
    ]);
    expectError(
      await editor.post(`/projects/${projectId}/pages`, { layoutTemplate: "99-panel" }),
      400,
      "VALIDATION_FAILED",
    );
    expect((await owner.get<{ project: Project }>(`/projects/${projectId}`)).body.project.pageCount).toBe(9);
  });

  it("refuses page changes to viewers, outsiders and signed-out callers", async () => {
    expectError(await viewer.post(`/projects/${projectId}/pages`, {}), 403, "FORBIDDEN");
    expectError(await outsider.post(`/projects/${projectId}/pages`, {}), 404, "NOT_FOUND");
    expectError(await outsider.get(`/projects/${projectId}/pages`), 404, "NOT_FOUND");
    expectError(await api.client().get(`/projects/${projectId}/pages`), 401, "UNAUTHENTICATED");
    const [page] = (await owner.get<{ pages: Page[] }>(`/projects/${projectId}/pages`)).body.pages;
    expectError(await viewer.delete(`/pages/${page!.id}`), 403, "FORBIDDEN");
    expectError(await outsider.delete(`/pages/${page!.id}`), 404, "NOT_FOUND");
    expectError(await viewer.patch(`/pages/${page!.id}`, { title: "x" }), 403, "FORBIDDEN");
    expectError(await outsider.get(`/pages/${page!.id}`), 404, "NOT_FOUND");
    expectError(await api.client().get(`/pages/${page!.id}`), 401, "UNAUTHENTICATED");
    expectError(
      await viewer.put(`/projects/${projectId}/pages/order`, { pageIds: [page!.id] }),
      403,
      "FORBIDDEN",
    );
  });

  it("reads one page with its project and the caller's role, and retitles it", async () => {
    const [page] = (await owner.get<{ pages: Page[] }>(`/projects/${projectId}/pages`)).body.pages;
    const got = await viewer.get<{ page: Page; project: { id: string; name: string }; role: string }>(
      `/pages/${page!.id}`,
    );
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ page, project: { id: projectId, name: "Pages" }, role: "viewer" });
    const updated = await editor.patch<{ page: Page }>(`/pages/${page!.id}`, {
      title: "Arrival at dawn",
      status: "complete",
    });
    expect(updated.body.page).toMatchObject({ title: "Arrival at dawn", status: "complete" });
    expectError(await viewer.get(`/pages/${crypto.randomUUID()}`), 404, "NOT_FOUND");
  });

  it("reorders every page, numbering each chapter 1..n, and refuses partial lists", async () => {
    const { pages } = (await owner.get<{ pages: Page[] }>(`/projects/${projectId}/pages`)).body;
    const reversed = [...pages].reverse().map((p) => p.id);
    const reordered = await editor.put<{ pages: Page[] }>(`/projects/${projectId}/pages/order`, {
      pageIds: reversed,
    });
    expect(reordered.status).toBe(200);
    const byId = new Map(reordered.body.pages.map((p) => [p.id, p]));
    // Chapter 1 was Arrival, p2, Storm: now Storm, p2, Arrival.
    const chapter1 = reordered.body.pages.filter((p) => p.chapterNumber === 1).map((p) => p.id);
    expect(chapter1).toEqual([pages[2]!.id, pages[1]!.id, pages[0]!.id]);
    expect(byId.get(pages[0]!.id)!.pageNumber).toBe(3);
    expectError(
      await editor.put(`/projects/${projectId}/pages/order`, { pageIds: reversed.slice(1) }),
      409,
      "CONFLICT",
    );
    expectError(
      await editor.put(`/projects/${projectId}/pages/order`, {
        pageIds: [...reversed.slice(1), reversed[1]!],
      }),
      409,
      "CONFLICT",
    );
    expectError(
      await editor.put(`/projects/${projectId}/pages/order`, {
        pageIds: [...reversed.slice(1), crypto.randomUUID()],
      }),
      409,
      "CONFLICT",
    );
  });

  it("deletes a page and closes the gap in its chapter", async () => {
    const { pages } = (await owner.get<{ pages: Page[] }>(`/projects/${projectId}/pages`)).body;
    const chapter3 = pages.filter((p) => p.chapterNumber === 3);
    expect((await editor.delete(`/pages/${chapter3[1]!.id}`)).status).toBe(204);
    const after = (await owner.get<{ pages: Page[] }>(`/projects/${projectId}/pages`)).body.pages;
    expect(after.filter((p) => p.chapterNumber === 3).map((p) => [p.id, p.pageNumber])).toEqual([
      [chapter3[0]!.id, 1],
      [chapter3[2]!.id, 2],
      [chapter3[3]!.id, 3],
      [chapter3[4]!.id, 4],
    ]);
    expectError(await editor.get(`/pages/${chapter3[1]!.id}`), 404, "NOT_FOUND");
    expect(titles(after)).toHaveLength(8);
  });
});
