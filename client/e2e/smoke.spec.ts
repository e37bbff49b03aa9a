import { DEMO_PROJECT } from "@comic-studio/infra";
import { expect, test } from "@playwright/test";
import { demo, screenshot, signIn } from "./fixtures.ts";

test("the demo account signs in and sees the demo project", async ({ page }) => {
  await signIn(page);
  await expect(page.getByTestId("signed-in-as")).toHaveText(demo.displayName);
  const projects = page.getByRole("list", { name: "Projects" });
  await expect(projects.getByRole("heading", { name: DEMO_PROJECT.name })).toBeVisible();
  await screenshot(page, "dashboard");
});

test("a wrong password is refused without saying which field was wrong", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Email").fill(demo.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText(/email or password/i);
  await screenshot(page, "sign-in-error");
});
