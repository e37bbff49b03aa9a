import { DEMO_USERS } from "@comic-studio/infra";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { openDemoPage, panelIds, panelShapes, screenshot } from "./fixtures.ts";

// Two creators on one page draw, move and delete panels and see each other's cursors; a
// reviewer (commenter: read-only canvas) sees everything and can change nothing.
// Uses the demo project's second page, so the generation test's first page stays untouched.

const [owner, editor, reviewer] = DEMO_USERS;

const openPage = (browser: Browser, user: (typeof DEMO_USERS)[number]) => openDemoPage(browser, user, 1);

const panels = panelShapes;

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
      ([px, py]) => {
        const el = document.elementFromPoint(px!, py!);
        return !!el?.closest(".tl-canvas");
      },
      [x, y],
    );
    if (onCanvas) return id;
  }
  throw new Error("no panel centre is free of overlays");
}

test("two creators draw, move and delete panels live and see each other's cursors", async ({ browser }) => {
  const a = await openPage(browser, owner);
  const b = await openPage(browser, editor);
  await expect(panels(a)).toHaveCount(6);
  await expect(panels(b)).toHaveCount(6);

  // Each sees the other in "who is here" and their cursor with their name on the canvas.
  await expect(a.getByTestId("collaborator")).toContainText(editor.displayName);
  await expect(b.getByTestId("collaborator")).toContainText(owner.displayName);
  await a.mouse.move(300, 300);
  await a.mouse.move(320, 330, { steps: 4 });
  await expect(
    b.locator(".tl-collaborators__item .tl-nametag", { hasText: owner.displayName }),
  ).toBeVisible();
  await b.mouse.move(500, 400);
  await b.mouse.move(520, 420, { steps: 4 });
  await expect(
    a.locator(".tl-collaborators__item .tl-nametag", { hasText: editor.displayName }),
  ).toBeVisible();

  // A draws a panel with the panel tool, left of the page.
  const before = await panelIds(a);
  await a.getByTestId("tools.panel").click();
  await a.mouse.move(60, 250);
  await a.mouse.down();
  await a.mouse.move(120, 320, { steps: 5 });
  await a.mouse.move(180, 380, { steps: 5 });
  await a.mouse.up();
  await expect(panels(a)).toHaveCount(7);
  await expect(panels(b)).toHaveCount(7);
  const drawn = (await panelIds(a)).find((id) => !before.includes(id))!;
  expect(await panelIds(b)).toContain(drawn);

  // B moves one of the template's panels; A sees it move.
  const moved = await clickablePanel(b, before);
  const start = await center(a, moved);
  const grab = await center(b, moved);
  await b.mouse.move(grab.x, grab.y);
  await b.mouse.down();
  await b.mouse.move(grab.x + 30, grab.y + 20, { steps: 4 });
  await b.mouse.move(grab.x + 60, grab.y + 40, { steps: 4 });
  await b.mouse.up();
  await expect
    .poll(async () => {
      const now = await center(a, moved);
      return Math.round(Math.hypot(now.x - start.x, now.y - start.y));
    })
    .toBeGreaterThan(20);

  // B deletes the panel A drew.
  const target = await center(b, drawn);
  await b.keyboard.press("Escape");
  await b.mouse.click(target.x, target.y);
  await b.keyboard.press("Delete");
  await expect(panels(b)).toHaveCount(6);
  await expect(panels(a)).toHaveCount(6);

  // Both end with the same page.
  await expect.poll(async () => JSON.stringify(await panelIds(a))).toBe(JSON.stringify(await panelIds(b)));
  await screenshot(a, "canvas-two-users-a");
  await screenshot(b, "canvas-two-users-b");
  await a.context().close();
  await b.context().close();
});

test("a reviewer sees the page and every change live but can change nothing", async ({ browser }) => {
  const creator = await openPage(browser, owner);
  const viewer = await openPage(browser, reviewer);
  await expect(viewer.getByTestId("connection-badge")).toContainText("Read-only");
  await expect(viewer.getByTestId("tools.panel")).toHaveCount(0);
  await expect
    .poll(async () => JSON.stringify(await panelIds(viewer)))
    .toBe(JSON.stringify(await panelIds(creator)));
  const ids = await panelIds(creator);

  // The creator's change reaches the reviewer live.
  const gone = await clickablePanel(creator, [...ids].reverse());
  const spot = await center(creator, gone);
  await creator.mouse.click(spot.x, spot.y);
  await creator.keyboard.press("Delete");
  await expect(panels(viewer)).toHaveCount(ids.length - 1);

  // The reviewer tries to delete and to move: nothing changes, for them or for anyone.
  const remaining = await panelIds(viewer);
  const victim = await clickablePanel(viewer, remaining);
  const at = await center(viewer, victim);
  const creatorAt = await center(creator, victim);
  await viewer.mouse.click(at.x, at.y);
  await viewer.keyboard.press("Delete");
  await viewer.keyboard.press("Backspace");
  await viewer.mouse.move(at.x, at.y);
  await viewer.mouse.down();
  await viewer.mouse.move(at.x + 80, at.y + 80, { steps: 6 });
  await viewer.mouse.up();
  await viewer.waitForTimeout(1_000);
  expect(await panelIds(viewer)).toEqual(remaining);
  expect(await panelIds(creator)).toEqual(remaining);
  expect(await center(creator, victim)).toEqual(creatorAt);
  await screenshot(viewer, "canvas-reviewer-read-only");
  await creator.context().close();
  await viewer.context().close();
});
