import { DEMO_PROJECT, DEMO_USERS } from "@comic-studio/infra";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { panelShapes, screenshot, signIn } from "./fixtures.ts";

// Lettering on a page of its own (added through the UI, so no other spec's page changes):
// every kind of bubble is placed and typed into, a tail is dragged, a font changed, the reading
// order shown and renumbered; a second editor sees it all live.

const [owner, editor] = DEMO_USERS;

async function openProject(browser: Browser, user: (typeof DEMO_USERS)[number]): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  await page.getByRole("heading", { name: DEMO_PROJECT.name }).click();
  await expect(page.getByRole("list", { name: "Pages" }).getByRole("link").first()).toBeVisible();
  return page;
}

async function waitForCanvas(page: Page) {
  await expect(page.getByTestId("page-canvas")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("connection-badge")).toHaveAttribute("data-state", "connected", {
    timeout: 20_000,
  });
}

async function centreOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not on screen");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, box };
}

const bubbles = (page: Page) => page.getByTestId("bubble-svg");
const bubble = (page: Page, kind: string) => page.locator(`[data-testid="bubble-svg"][data-kind="${kind}"]`);

/** The text of a bubble's fitted lines, joined with spaces. */
const bubbleText = (page: Page, kind: string) =>
  bubble(page, kind)
    .locator("text")
    .allTextContents()
    .then((lines) => lines.join(" "));

/** True when every line of text lies inside the bubble's outline box (SVG user space). */
function textInside(page: Page, kind: string) {
  return bubble(page, kind).evaluate((g) => {
    const outline = g.querySelector("path");
    const texts = [...g.querySelectorAll("text")];
    if (texts.length === 0) return false;
    const w = Number(g.closest("svg")?.getBoundingClientRect().width ?? 0);
    const box = outline ? outline.getBBox() : { x: 0, y: 0, width: w / 1, height: Number.POSITIVE_INFINITY }; // sound effects: no outline
    return texts.every((t) => {
      const b = t.getBBox();
      return (
        b.x >= box.x - 1 &&
        b.y >= box.y - 1 &&
        b.x + b.width <= box.x + box.width + 1 &&
        b.y + b.height <= box.y + box.height + 1
      );
    });
  });
}

test("letterers place every kind of bubble, drag a tail, change fonts and edit the reading order live", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const a = await openProject(browser, owner);
  const links = a.getByRole("list", { name: "Pages" }).getByRole("link");
  const before = await links.count();
  await a.getByRole("button", { name: "Add page" }).click();
  await expect(links).toHaveCount(before + 1);
  await links.last().click();
  await waitForCanvas(a);
  const pageUrl = a.url();

  const b = await openProject(browser, editor);
  await b.goto(pageUrl);
  await waitForCanvas(b);
  await expect(panelShapes(a)).toHaveCount(4);
  const panels = await Promise.all([0, 1, 2, 3].map((i) => centreOf(panelShapes(a).nth(i))));

  // Place each kind with its toolbar tool and type into it straight away.
  const placements: { kind: string; at: { x: number; y: number }; text: string }[] = [
    { kind: "speech", at: { x: panels[0]!.x, y: panels[0]!.y - 20 }, text: "Who goes there? Show yourself!" },
    { kind: "thought", at: { x: panels[1]!.x, y: panels[1]!.y - 20 }, text: "Another storm tonight" },
    { kind: "shout", at: { x: panels[2]!.x, y: panels[2]!.y - 20 }, text: "HELP!" },
    {
      kind: "caption",
      at: { x: panels[3]!.x, y: panels[3]!.box.y + 50 },
      text: "Later that night, the keeper climbed the tower.",
    },
    { kind: "sfx", at: { x: panels[3]!.x, y: panels[3]!.y + 40 }, text: "KRAKOOM" },
  ];
  for (const { kind, at, text } of placements) {
    await a.getByTestId(`tools.bubble-${kind}`).click();
    await a.mouse.click(at.x, at.y);
    const input = a.getByTestId("bubble-editor");
    await expect(input).toBeFocused();
    await a.keyboard.type(text);
    if (kind === "caption") await screenshot(a, "lettering-typing");
    await a.keyboard.press("Escape");
    await expect(input).toHaveCount(0);
    await expect.poll(() => bubbleText(a, kind)).toBe(text);
    // Text wraps and fits inside its bubble.
    await expect(bubble(a, kind).getByTestId("bubble-text")).toHaveAttribute("data-overflow", "false");
    if (kind !== "sfx") expect(await textInside(a, kind)).toBe(true);
  }
  await expect(bubbles(a)).toHaveCount(5);
  // The fonts really are the comic fonts, loaded from our own origin.
  expect(await a.evaluate(() => document.fonts.check('700 20px "Comic Neue"'))).toBe(true);
  expect(await a.evaluate(() => document.fonts.check('400 20px "Bangers"'))).toBe(true);
  await screenshot(a, "lettering-bubbles");

  // The second editor sees every bubble and its text live.
  await expect(bubbles(b)).toHaveCount(5);
  for (const { kind, text } of placements) await expect.poll(() => bubbleText(b, kind)).toBe(text);

  // Drag the speech bubble's tail tip onto another spot; both see the new tail.
  const speech = bubble(a, "speech");
  const speechBox = await centreOf(speech.locator("path"));
  await a.mouse.click(speechBox.x, speechBox.y);
  const tip = await centreOf(speech.getByTestId("bubble-tail-tip"));
  const tailBefore = await speech.getAttribute("data-tail");
  await a.mouse.move(tip.x, tip.y);
  await a.mouse.down();
  await a.mouse.move(tip.x + 40, tip.y + 10, { steps: 5 });
  await a.mouse.move(tip.x + 90, tip.y + 20, { steps: 5 });
  await a.mouse.up();
  await expect(speech).not.toHaveAttribute("data-tail", tailBefore ?? "");
  const tailAfter = await speech.getAttribute("data-tail");
  const [bx, by] = (tailBefore ?? "0,0").split(",").map(Number);
  const [ax, ay] = (tailAfter ?? "0,0").split(",").map(Number);
  expect(ax! - bx!).toBeGreaterThan(30);
  expect(ay! - by!).toBeGreaterThan(3);
  await expect(bubble(b, "speech")).toHaveAttribute("data-tail", tailAfter ?? "");
  const newTip = await centreOf(speech.getByTestId("bubble-tail-tip"));
  expect(Math.abs(newTip.x - (tip.x + 90))).toBeLessThan(6);

  // Change the speech bubble's font in the inspector.
  await expect(a.getByTestId("lettering-controls")).toBeVisible();
  await a.getByTestId("bubble-font").selectOption("permanent-marker");
  await expect(speech).toHaveAttribute("data-font", "permanent-marker");
  await expect(speech.getByTestId("bubble-text")).toHaveAttribute("font-family", '"Permanent Marker"');
  await expect(bubble(b, "speech")).toHaveAttribute("data-font", "permanent-marker");
  expect(await textInside(a, "speech")).toBe(true);
  await a.keyboard.press("Escape");
  await screenshot(a, "lettering-tail-font");

  // Reading order: shown on demand, panels each followed by their bubbles.
  await a.getByTestId("reading-order-toggle").click();
  const badges = a.getByTestId("reading-order-badge");
  await expect(badges).toHaveCount(9);
  const order = () =>
    badges.evaluateAll((els) =>
      els
        .map((e) => ({ id: e.getAttribute("data-shape-id"), n: Number(e.getAttribute("data-number")) }))
        .sort((x, y) => x.n - y.n)
        .map((e) => e.id),
    );
  const automatic = await order();
  // Panels go in rows, left to right, each followed by the bubbles on it: check against the boxes on screen.
  const panelBoxes = await panelShapes(a).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  const boxes = await Promise.all(
    automatic.map(async (id) => {
      const badge = a.locator(`[data-testid="reading-order-badge"][data-shape-id="${id}"]`);
      const kind = await badge.getAttribute("data-kind");
      if (kind === "panel") {
        // A panel's number sits just inside its top-left corner.
        const at = await centreOf(badge);
        const box = panelBoxes.find(
          (p) => at.x > p.x && at.x < p.x + p.width && at.y > p.y && at.y < p.y + p.height,
        );
        return { kind, box: box! };
      }
      return {
        kind,
        box: (await a
          .locator(`[data-testid="bubble-svg"][data-shape-id="${id}"] [data-testid="bubble-text"]`)
          .boundingBox())!,
      };
    }),
  );
  expect(boxes.map((e) => e.kind).filter((k) => k === "panel")).toHaveLength(4);
  let current: { x: number; y: number; width: number; height: number } | null = null;
  let previousPanel: { x: number; y: number } | null = null;
  for (const { kind, box } of boxes) {
    if (kind === "panel") {
      if (previousPanel) {
        const sameRow = Math.abs(box.y - previousPanel.y) < 20;
        expect(sameRow ? box.x > previousPanel.x : box.y > previousPanel.y).toBe(true);
      }
      current = box;
      previousPanel = box;
      continue;
    }
    expect(current).not.toBeNull();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    expect(
      cx > current!.x &&
        cx < current!.x + current!.width &&
        cy > current!.y &&
        cy < current!.y + current!.height,
    ).toBe(true);
  }
  await screenshot(a, "lettering-reading-order");

  // Renumber by clicking: reverse the whole order.
  await a.getByTestId("reading-order-renumber").click();
  for (const id of [...automatic].reverse()) {
    await a.locator(`[data-testid="reading-order-badge"][data-shape-id="${id}"]`).click();
  }
  await expect.poll(order).toEqual([...automatic].reverse());
  // Move the second entry up in the list.
  await a.getByTestId("reading-order-item").nth(1).getByTestId("reading-order-up").click();
  const edited = [...automatic].reverse();
  [edited[0], edited[1]] = [edited[1]!, edited[0]!];
  await expect.poll(order).toEqual(edited);

  // The other editor sees the same custom order.
  await b.getByTestId("reading-order-toggle").click();
  await expect(b.getByTestId("reading-order-badge")).toHaveCount(9);
  await expect
    .poll(() =>
      b.getByTestId("reading-order-badge").evaluateAll((els) =>
        els
          .map((e) => ({ id: e.getAttribute("data-shape-id"), n: Number(e.getAttribute("data-number")) }))
          .sort((x, y) => x.n - y.n)
          .map((e) => e.id),
      ),
    )
    .toEqual(edited);
  await screenshot(a, "lettering-reading-order-edited");
  await screenshot(b, "lettering-second-user");

  // Back to automatic; Shift+O hides the numbers again.
  await a.getByTestId("reading-order-auto").click();
  await expect.poll(order).toEqual(automatic);
  await a.mouse.click(150, 400);
  await a.keyboard.press("Shift+O");
  await expect(badges).toHaveCount(0);

  // A caption is clipped to its panel; switching it to "break border" draws it whole, for everyone.
  const caption = bubble(a, "caption");
  await expect(caption.locator("clipPath polygon")).toHaveCount(1);
  const captionText = await centreOf(caption.getByTestId("bubble-text"));
  await a.mouse.click(captionText.x, captionText.y);
  await a.getByTestId("bubble-clip").selectOption("break");
  await expect(caption.locator("clipPath")).toHaveCount(0);
  await expect(bubble(b, "caption").locator("clipPath")).toHaveCount(0);
  await a.context().close();
  await b.context().close();
});
