import { DEMO_PROJECT, DEMO_USERS } from "@comic-studio/infra";
import { expect, type Page, test } from "@playwright/test";
import { panelShapes, screenshot, signIn } from "./fixtures.ts";

/** A new page of the demo project, opened in the editor (other specs use the existing pages). */
async function openNewPage(page: Page): Promise<void> {
  await signIn(page, DEMO_USERS[0].email, DEMO_USERS[0].password);
  await page.getByRole("heading", { name: DEMO_PROJECT.name }).click();
  const links = page.getByRole("list", { name: "Pages" }).getByRole("link");
  await expect(links.first()).toBeVisible();
  const before = await links.count();
  await page.getByRole("button", { name: "Add page" }).click();
  await expect(links).toHaveCount(before + 1);
  await links.last().click();
  await expect(page.getByTestId("page-canvas")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("connection-badge")).toHaveAttribute("data-state", "connected", {
    timeout: 20_000,
  });
  await expect(panelShapes(page).first()).toBeVisible();
}

/** Drags the mouse through points given as shares of the box. */
async function drag(
  page: Page,
  box: { x: number; y: number; width: number; height: number },
  points: [number, number][],
) {
  const at = ([u, v]: [number, number]) => [box.x + u * box.width, box.y + v * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
  await page.mouse.up();
}

test("a creator paints a mask over a panel, runs the fix and sees it progress into a new version", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await (await browser.newContext()).newPage();
  await openNewPage(page);

  // A picture first: generate the panel and use a variation.
  await page.getByRole("navigation", { name: "Panels" }).getByRole("button").first().click();
  const sidebar = page.getByRole("complementary", { name: "Generation" });
  await expect(sidebar.getByRole("heading", { name: "Panel" })).toBeVisible();
  await expect(sidebar.getByRole("button", { name: "Fix a region…" })).toHaveCount(0);
  await page.getByLabel("Description").fill("A lighthouse keeper on the rocks at dusk");
  await page.getByRole("button", { name: /Generate 4 variations/ }).click();
  const status = page.getByTestId("panel-generation");
  await expect(status).toContainText("Done", { timeout: 40_000 });
  await page.getByRole("button", { name: "Use 1" }).click();
  await expect(page.getByRole("button", { name: "Chosen" })).toBeVisible({ timeout: 10_000 });
  // The only panel of the new page with a picture.
  const panelImage = page.locator('[data-testid="panel-shape"] img.cs-panel__image');
  await expect(panelImage).toHaveCount(1);
  await expect(panelImage).toHaveAttribute("src", /v0\.png$/);
  const before = await panelImage.getAttribute("src");

  // The mask painter over the panel's picture.
  await sidebar.getByRole("button", { name: "Fix a region…" }).click();
  const dialog = page.getByRole("dialog", { name: "Fix a region" });
  await expect(dialog).toBeVisible();
  const run = dialog.getByRole("button", { name: /Run fix · 15 credits/ });
  await expect(run).toBeDisabled();
  const mask = dialog.getByTestId("inpaint-mask");
  await expect(mask).toBeVisible();
  const box = (await mask.boundingBox())!;

  // Brush a stroke, undo it and redo it with the keyboard.
  await drag(page, box, [
    [0.55, 0.2],
    [0.7, 0.3],
    [0.8, 0.45],
  ]);
  await dialog.getByLabel("What to fix").fill("a bright lantern glowing in the window");
  await expect(run).toBeEnabled();
  await mask.focus();
  await page.keyboard.press("Control+z");
  await expect(run).toBeDisabled();
  await page.keyboard.press("Control+Shift+z");
  await expect(run).toBeEnabled();

  // A lasso region too, then the eraser nibbles at it.
  await dialog.getByRole("button", { name: "Lasso" }).click();
  await drag(page, box, [
    [0.6, 0.5],
    [0.85, 0.5],
    [0.85, 0.8],
    [0.6, 0.8],
  ]);
  await dialog.getByRole("button", { name: "Eraser" }).click();
  await drag(page, box, [
    [0.6, 0.8],
    [0.7, 0.7],
  ]);
  const painted = await mask.evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext("2d")!;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n / (canvas.width * canvas.height);
  });
  expect(painted).toBeGreaterThan(0.04);
  expect(painted).toBeLessThan(0.3);
  await screenshot(page, "inpaint-mask");

  // Every status the sidebar shows from here on (a short job can pass a state between two polls).
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    const record = () => {
      const text = document.querySelector('[data-testid="panel-generation"] strong')?.textContent ?? "";
      if (seen.at(-1) !== text) seen.push(text);
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });

  // Run: the dialog closes and the panel shows the job's live progress, then the new picture.
  await run.click();
  await expect(dialog).toHaveCount(0);
  await expect(status).toContainText(/Queued|Generating/, { timeout: 10_000 });
  await screenshot(page, "inpaint-progress");
  await expect(status).toContainText("Done", { timeout: 40_000 });
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen.some((s) => /Generating · [1-9]\d?%/.test(s))).toBe(true);
  await expect(panelImage).toHaveAttribute("src", /inpaint\.png$/, { timeout: 10_000 });
  expect(await panelImage.getAttribute("src")).not.toBe(before);
  await expect(page.getByLabel("Panel history")).toContainText("v2");
  await screenshot(page, "inpaint-done");
  await page.context().close();
});
