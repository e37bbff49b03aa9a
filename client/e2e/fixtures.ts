import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DEMO_PROJECT, DEMO_USERS, ROOT } from "@comic-studio/infra";
import { type Browser, expect, type Page } from "@playwright/test";

export const SCREENSHOT_DIR = join(ROOT, "test-results", "screenshots");
mkdirSync(SCREENSHOT_DIR, { recursive: true });

export const demo = DEMO_USERS[0];

/** Signs in through the real form. */
export async function signIn(page: Page, email: string = demo.email, password: string = demo.password) {
  await page.goto("/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Creates an account through the real sign-up form; the page ends signed in. */
export async function signUp(page: Page, displayName: string, email: string, password: string) {
  await page.goto("/");
  await page.getByRole("button", { name: "New here? Create an account" }).click();
  await page.getByLabel("Display name").fill(displayName);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(displayName);
}

/**
 * Signs `user` in in a browser context of its own and opens the demo project's page `pageIndex`
 * (0-based) in the editor, connected. Specs use different pages so they do not disturb each other.
 */
export async function openDemoPage(
  browser: Browser,
  user: (typeof DEMO_USERS)[number],
  pageIndex: number,
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  await page.getByRole("heading", { name: DEMO_PROJECT.name }).click();
  await page.getByRole("list", { name: "Pages" }).getByRole("link").nth(pageIndex).click();
  await expect(page.getByTestId("page-canvas")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("connection-badge")).toHaveAttribute("data-state", "connected", {
    timeout: 20_000,
  });
  return page;
}

export const panelShapes = (page: Page) => page.getByTestId("panel-shape");
export const panelIds = (page: Page) =>
  panelShapes(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-panel-id") ?? "").sort());
