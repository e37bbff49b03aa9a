import { DEMO_PROJECT } from "@comic-studio/infra";
import { expect, test } from "@playwright/test";
import { screenshot, signIn, signUp } from "./fixtures.ts";

const unique = () => Math.random().toString(36).slice(2, 8);

test("a new creator signs up and makes a first project with a page", async ({ page }) => {
  const email = `new-${unique()}@example.com`;
  await signUp(page, "Nova Artist", email, "a-long-password-1");
  await expect(page.getByText("No projects yet")).toBeVisible();

  await page.getByLabel("New project name").fill("Moonlit Ferry");
  await page.getByRole("button", { name: "New project" }).click();
  await expect(page.getByRole("heading", { name: "Moonlit Ferry" })).toBeVisible();
  await page.getByRole("button", { name: "Add page" }).click();
  await expect(page.getByRole("list", { name: "Pages" }).getByText("Page 1")).toBeVisible();

  await page.getByRole("link", { name: "Credits" }).click();
  await expect(page.getByTestId("credit-balance")).toHaveText("500");
  await expect(page.getByRole("table", { name: "Credit history" })).toContainText("Monthly allowance");
  await screenshot(page, "credits");
});

test("the owner invites a second user, who then sees the project", async ({ browser }) => {
  const owner = await browser.newPage();
  await signIn(owner);
  await owner.getByRole("heading", { name: DEMO_PROJECT.name }).click();
  await owner.getByRole("link", { name: "Settings" }).click();
  const email = `guest-${unique()}@example.com`;
  await owner.getByLabel("Email to invite").fill(email);
  await owner.getByLabel("Invite as").selectOption("viewer");
  await owner.getByRole("button", { name: "Invite" }).click();
  await expect(owner.getByRole("status")).toContainText(`Invited ${email}`);
  await expect(owner.getByRole("list", { name: "Members" })).toContainText(email);
  await screenshot(owner, "project-settings");

  // The invitation waits for sign-up with that email, then becomes a membership.
  const guest = await browser.newPage();
  await signUp(guest, "Guest Reader", email, "a-long-password-2");
  const card = guest
    .getByRole("list", { name: "Projects" })
    .getByRole("listitem")
    .filter({ hasText: DEMO_PROJECT.name });
  await expect(card).toContainText("viewer");
  await guest.close();
  await owner.close();
});

test("a viewer can look but cannot change anything", async ({ browser }) => {
  // Make a viewer of the demo project through the owner's API session, then act as them.
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await signIn(ownerPage);
  const email = `viewer-${unique()}@example.com`;
  const viewer = await browser.newContext();
  const viewerPage = await viewer.newPage();
  await signUp(viewerPage, "Val Viewer", email, "a-long-password-3");

  await ownerPage.getByRole("heading", { name: DEMO_PROJECT.name }).click();
  await ownerPage.getByRole("link", { name: "Settings" }).click();
  await ownerPage.getByLabel("Email to invite").fill(email);
  await ownerPage.getByLabel("Invite as").selectOption("viewer");
  await ownerPage.getByRole("button", { name: "Invite" }).click();
  await expect(ownerPage.getByRole("status")).toContainText("Invited");

  await viewerPage.reload();
  await viewerPage.getByRole("heading", { name: DEMO_PROJECT.name }).click();
  await expect(viewerPage.getByRole("list", { name: "Pages" })).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "Add page" })).toHaveCount(0);
  await viewerPage.getByRole("link", { name: "Settings" }).click();
  await expect(viewerPage.getByLabel("Project name")).toBeDisabled();
  await expect(viewerPage.getByRole("button", { name: "Invite" })).toHaveCount(0);
  await screenshot(viewerPage, "viewer-settings");

  // And the server refuses it even when the UI is bypassed.
  const projectId = viewerPage.url().split("/projects/")[1]!.split("/")[0]!;
  const status = await viewerPage.evaluate(async (id) => {
    const r = await fetch(`/api/projects/${id}/pages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ layoutTemplate: "1-panel" }),
    });
    return { status: r.status, body: await r.json() };
  }, projectId);
  expect(status.status).toBe(403);
  expect(status.body.error.code).toBe("FORBIDDEN");
  await owner.close();
  await viewer.close();
});
