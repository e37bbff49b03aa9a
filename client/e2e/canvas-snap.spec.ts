import { DEMO_USERS } from "@comic-studio/infra";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { openDemoPage, panelIds, panelShapes, screenshot } from "./fixtures.ts";

// Gutter snapping of panels and the page's snapshot history, on the demo project's THIRD page
// (a webtoon strip; the first two pages belong to the generation and canvas specs).

const [owner, editor, reviewer] = DEMO_USERS;

const openThirdPage = (browser: Browser, user: (typeof DEMO_USERS)[number]) => openDemoPage(browser, user, 2);

const panels = panelShapes;

interface PageRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A panel's rectangle in page coordinates, from the transform and size tldraw gives its shape element. */
async function pageRect(page: Page, panelId: string): Promise<PageRect> {
  return page.locator(`[data-panel-id="${panelId}"]`).evaluate((el) => {
    const shape = el.closest(".tl-shape") as HTMLElement;
    const m = new DOMMatrix(shape.style.transform);
    return {
      x: m.m41,
      y: m.m42,
      w: Number.parseFloat(shape.style.width),
      h: Number.parseFloat(shape.style.height),
    };
  });
}

/** Screen pixels per page pixel. */
async function zoom(page: Page, panelId: string): Promise<number> {
  const box = await page.locator(`[data-panel-id="${panelId}"]`).boundingBox();
  const rect = await pageRect(page, panelId);
  if (!box) throw new Error(`panel ${panelId} is not on screen`);
  return box.width / rect.w;
}

async function drawPanel(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  const before = await panelIds(page);
  await page.getByTestId("tools.panel").click();
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await expect(panels(page)).toHaveCount(before.length + 1);
  return (await panelIds(page)).find((id) => !before.includes(id))!;
}

async function center(page: Page, panelId: string) {
  const box = await page.locator(`[data-panel-id="${panelId}"]`).boundingBox();
  if (!box) throw new Error(`panel ${panelId} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A panel whose centre is on the bare canvas (not under the editor's own panels and menus). */
async function clickablePanel(page: Page, ids: string[]): Promise<string> {
  for (const id of ids) {
    const { x, y } = await center(page, id);
    const onCanvas = await page.evaluate(
      ([px, py]) => !!document.elementFromPoint(px!, py!)?.closest(".tl-canvas"),
      [x, y],
    );
    if (onCanvas) return id;
  }
  throw new Error("no panel centre is free of overlays");
}

test("a panel dragged near another snaps to exactly one page gutter away, edges aligned", async ({
  browser,
}) => {
  const page = await openThirdPage(browser, owner);
  const gutter = Number(await page.getByTestId("page-frame").getAttribute("data-gutter-px"));
  expect(gutter).toBeGreaterThan(0);

  // Two new panels on the bare canvas left of the page.
  const still = await drawPanel(page, { x: 60, y: 200 }, { x: 180, y: 320 });
  const moving = await drawPanel(page, { x: 60, y: 460 }, { x: 160, y: 560 });
  const z = await zoom(page, still);
  const a = await pageRect(page, still);
  const b = await pageRect(page, moving);

  // Drag it so that it ends a few screen pixels off "one gutter right of `still`, tops level".
  const grab = await center(page, moving);
  const off = { x: 5 / z, y: 4 / z }; // page px, inside tldraw's 8-screen-px snap threshold
  const dx = (a.x + a.w + gutter + off.x - b.x) * z;
  const dy = (a.y + off.y - b.y) * z;
  await page.keyboard.press("Escape");
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(grab.x + dx / 2, grab.y + dy / 2, { steps: 6 });
  await page.mouse.move(grab.x + dx, grab.y + dy, { steps: 6 });
  // Snapping is on by default in the page editor; tldraw snaps a pointer that has slowed down.
  await page.waitForTimeout(300);
  await page.mouse.up();

  await expect
    .poll(async () => {
      const now = await pageRect(page, moving);
      return Math.abs(now.x - (a.x + a.w) - gutter) <= 1;
    })
    .toBe(true);
  const moved = await pageRect(page, moving);
  expect(Math.abs(moved.x - (a.x + a.w) - gutter)).toBeLessThanOrEqual(1);
  expect(Math.abs(moved.y - a.y)).toBeLessThanOrEqual(1);
  await screenshot(page, "canvas-snap-gutter");
  await page.context().close();
});

test("an editor saves a snapshot, deletes a panel and restores it; a reviewer sees it come back", async ({
  browser,
}) => {
  const ada = await openThirdPage(browser, editor);
  const watcher = await openThirdPage(browser, reviewer);
  const ids = await panelIds(ada);
  await expect.poll(async () => JSON.stringify(await panelIds(watcher))).toBe(JSON.stringify(ids));

  // Save a labelled snapshot from the History dialog.
  await ada.getByTestId("history-button").click();
  const dialog = ada.getByTestId("snapshot-history");
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Snapshot label").fill("Before the cut");
  await dialog.getByRole("button", { name: "Save a snapshot now" }).click();
  await expect(dialog.getByTestId("snapshot-notice")).toContainText("Saved a snapshot");
  const saved = dialog.getByTestId("snapshot-row").filter({ hasText: "Before the cut" });
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText(editor.displayName);
  await screenshot(ada, "snapshot-history-editor");

  // Esc closes it.
  await ada.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Delete a panel; both see it go.
  const gone = await clickablePanel(ada, [...ids].reverse());
  const spot = await center(ada, gone);
  await ada.mouse.click(spot.x, spot.y);
  await ada.keyboard.press("Delete");
  await expect(panels(ada)).toHaveCount(ids.length - 1);
  await expect(panels(watcher)).toHaveCount(ids.length - 1);

  // Restore the snapshot (with a confirm): the panel is back, live, for the reviewer too.
  await ada.getByTestId("history-button").click();
  await expect(dialog).toBeVisible();
  const row = dialog.getByTestId("snapshot-row").filter({ hasText: "Before the cut" });
  await row.getByRole("button", { name: "Restore" }).click();
  await expect(row.getByText("Replace the page with this version for everyone?")).toBeVisible();
  await screenshot(ada, "snapshot-history-confirm");
  await row.getByRole("button", { name: "Yes, restore" }).click();
  await expect(dialog.getByTestId("snapshot-notice")).toContainText("Restored the page");
  await expect(dialog.getByTestId("snapshot-error")).toHaveCount(0);
  await expect.poll(async () => JSON.stringify(await panelIds(watcher))).toBe(JSON.stringify(ids));
  await expect.poll(async () => JSON.stringify(await panelIds(ada))).toBe(JSON.stringify(ids));
  // The state before the restore is kept as a snapshot of its own.
  await expect(dialog.getByTestId("snapshot-row").filter({ hasText: "Before restoring" })).toHaveCount(1);

  // The reviewer sees the history but has no buttons.
  await watcher.getByTestId("history-button").click();
  const seen = watcher.getByTestId("snapshot-history");
  await expect(seen.getByTestId("snapshot-row").filter({ hasText: "Before the cut" })).toHaveCount(1);
  await expect(seen.getByRole("button", { name: "Save a snapshot now" })).toHaveCount(0);
  await expect(seen.getByRole("button", { name: "Restore" })).toHaveCount(0);
  await expect(seen).toContainText("Only editors can save or restore snapshots.");
  await screenshot(watcher, "snapshot-history-reviewer");
  await watcher.keyboard.press("Escape");
  await expect(seen).toBeHidden();
  await ada.context().close();
  await watcher.context().close();
});
