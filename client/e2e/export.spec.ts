import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_PROJECT, DEMO_USERS } from "@comic-studio/infra";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { unzipSync } from "fflate";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import sharp from "sharp";
import { panelShapes, SCREENSHOT_DIR, screenshot, signIn } from "./fixtures.ts";

// A page of its own (added through the UI, so no other spec's page changes) is lettered with
// the lettering tools, then exported as PNG, PDF and a webtoon strip while a second member
// (Ada, an editor) watches the project's export list; the files are downloaded and read back
// by independent readers, and the PNG is compared with a screenshot of the canvas.

const [owner, ada] = DEMO_USERS;
const TEXTS = {
  speech: "Who goes there? Show yourself!",
  shout: "HELP!",
  caption: "Later that night, the keeper climbed the tower.",
  sfx: "KRAK",
};

async function open(browser: Browser, user: (typeof DEMO_USERS)[number]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  await page.getByRole("heading", { name: DEMO_PROJECT.name }).click();
  await expect(page.getByRole("list", { name: "Pages" }).getByRole("link").first()).toBeVisible();
  return page;
}

async function centre(page: Page, i: number) {
  const box = await panelShapes(page).nth(i).boundingBox();
  if (!box) throw new Error("panel not on screen");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, box };
}

async function letter(page: Page, kind: keyof typeof TEXTS, at: { x: number; y: number }) {
  await page.getByTestId(`tools.bubble-${kind}`).click();
  await page.mouse.click(at.x, at.y);
  const input = page.getByTestId("bubble-editor");
  await expect(input).toBeFocused();
  await page.keyboard.type(TEXTS[kind]);
  await page.keyboard.press("Escape");
  await expect(input).toHaveCount(0);
  await expect
    .poll(() =>
      page
        .locator(`[data-testid="bubble-svg"][data-kind="${kind}"] text`)
        .allTextContents()
        .then((l) => l.join(" ")),
    )
    .toBe(TEXTS[kind]);
}

/** Editing chrome that is not part of the page: tldraw's UI, guides, placeholders, indicators. */
const HIDE_CHROME = `
  .tlui-layout, .tl-overlays, .tl-collaborator-cursor, .tl-shape-indicator, .tl-user-indicator,
  .cs-page-frame__margin, .cs-page-frame__label, .cs-panel__empty,
  [data-testid="reading-order-badge"], [data-testid="bubble-tail-tip"] { display: none !important; }
  .cs-page-frame { box-shadow: none !important; }
  /* An empty panel is tinted on the canvas only as a placeholder; the page itself is white. */
  .cs-panel { background: #fff !important; }
`;

async function download(page: Page, row: ReturnType<Page["locator"]>, name: string): Promise<Buffer> {
  const waiting = page.waitForEvent("download");
  await row.getByRole("link", { name }).click();
  const file = await waiting;
  const path = join(SCREENSHOT_DIR, `export-${name}`);
  await file.saveAs(path);
  return readFileSync(path);
}

test("a lettered page exports as PNG, PDF and webtoon strip while a second member watches", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const a = await open(browser, owner);
  const projectUrl = a.url();
  const links = a.getByRole("list", { name: "Pages" }).getByRole("link");
  const before = await links.count();
  await a.getByRole("button", { name: "Add page" }).click();
  await expect(links).toHaveCount(before + 1);
  await links.last().click();
  await expect(a.getByTestId("page-canvas")).toBeVisible({ timeout: 20_000 });
  await expect(a.getByTestId("connection-badge")).toHaveAttribute("data-state", "connected", {
    timeout: 20_000,
  });
  await expect(panelShapes(a)).toHaveCount(4);

  // Letter the page with the lettering tools.
  const p = await Promise.all([0, 1, 2, 3].map((i) => centre(a, i)));
  await letter(a, "speech", { x: p[0]!.x, y: p[0]!.y - 20 });
  await letter(a, "shout", { x: p[1]!.x, y: p[1]!.y - 20 });
  await letter(a, "sfx", { x: p[2]!.x, y: p[2]!.y });
  await letter(a, "caption", { x: p[3]!.x, y: p[3]!.box.y + 50 });
  await a.keyboard.press("Escape");
  await a.mouse.click(5, 500);

  // The canvas at a known scale with the editing chrome hidden: what the page looks like.
  await a.addStyleTag({ content: HIDE_CHROME });
  const frame = a.getByTestId("page-frame");
  const box = (await frame.boundingBox())!;
  const canvasShot = await a.screenshot({ clip: box, animations: "disabled" });
  writeFileSync(join(SCREENSHOT_DIR, "export-canvas.png"), canvasShot);
  const trim = (await frame.locator(".cs-page-frame__label").textContent())!.match(/(\d+) × (\d+) mm/)!;
  const [trimW, trimH] = [Number(trim[1]), Number(trim[2])];

  // Ada opens the project's export list and records every status she is shown.
  const b = await open(browser, ada);
  await b.getByRole("button", { name: "Export", exact: true }).click();
  await expect(b.getByRole("region", { name: "Export" })).toBeVisible();
  await b.evaluate(() => {
    const seen: Record<string, string[]> = {};
    (window as unknown as { seen: typeof seen }).seen = seen;
    const record = () => {
      for (const row of document.querySelectorAll<HTMLElement>('[data-testid="export-row"]')) {
        const id = row.dataset.exportId ?? "";
        const status = row.dataset.status ?? "";
        const list = seen[id] ?? [];
        if (list.at(-1) !== status) list.push(status);
        seen[id] = list;
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
    record();
  });

  // The owner exports the page in all three formats (the page is stored once its editor leaves).
  await a.goto(projectUrl);
  await a.getByRole("button", { name: "Export", exact: true }).click();
  const form = a.getByRole("region", { name: "Export" });
  await form.getByLabel("Chosen pages").check();
  // Only the new page: the last of the chosen-pages list (book order, like the page list).
  const pageBoxes = form.locator(".export-pages input[type=checkbox]");
  await expect(pageBoxes).toHaveCount(before + 1);
  for (const checkbox of await pageBoxes.all()) await checkbox.uncheck();
  await pageBoxes.last().check();
  const formats = [
    { label: "PNG per page (print resolution)", file: "page-001.png" },
    { label: "One PDF (text kept as text)", file: "pages.pdf" },
    { label: "Webtoon strip (sliced, zipped)", file: "webtoon-webtoon-canvas.zip" },
  ];
  const rows = form.getByTestId("export-row");
  const already = await rows.count();
  for (const [i, f] of formats.entries()) {
    await form.getByLabel(f.label).check();
    await form.getByRole("button", { name: "Start export" }).click();
    await expect(rows).toHaveCount(already + i + 1);
  }
  await screenshot(a, "export-started");

  // Ada sees the three exports, their progress, then their files, without reloading.
  const adaRows = b.getByTestId("export-row");
  await expect(adaRows).toHaveCount(already + 3, { timeout: 20_000 });
  for (let i = 0; i < 3; i++) {
    await expect(adaRows.nth(i)).toHaveAttribute("data-status", "completed", { timeout: 90_000 });
  }
  await expect(adaRows.first()).toContainText(owner.displayName);
  await screenshot(b, "export-watched");
  const seen = await b.evaluate(() => (window as unknown as { seen: Record<string, string[]> }).seen);
  const ids = await adaRows.evaluateAll((els) =>
    els.slice(0, 3).map((e) => e.getAttribute("data-export-id") ?? ""),
  );
  for (const id of ids) expect(seen[id]?.at(-1)).toBe("completed");
  // She watched at least one of them run (pending or processing) before it completed.
  expect(ids.some((id) => (seen[id] ?? []).some((s) => s === "pending" || s === "processing"))).toBe(true);

  // Download and read back every file.
  const row = (file: string) => rows.filter({ has: a.getByRole("link", { name: file }) }).first();
  await expect(rows.first()).toHaveAttribute("data-status", "completed");
  const png = await download(a, row("page-001.png"), "page-001.png");
  const pngMeta = await sharp(png).metadata();
  expect(pngMeta.format).toBe("png");
  expect(pngMeta.width).toBe(Math.round((trimW / 25.4) * 300));
  expect(pngMeta.height).toBe(Math.round((trimH / 25.4) * 300));

  const pdfBytes = await download(a, row("pages.pdf"), "pages.pdf");
  const pdf = await getDocument({ data: new Uint8Array(pdfBytes) }).promise;
  expect(pdf.numPages).toBe(1);
  const text = (await (await pdf.getPage(1)).getTextContent()).items
    .map((item) => ("str" in item ? item.str : ""))
    .join(" ")
    .replace(/\s+/g, " ");
  for (const t of Object.values(TEXTS)) for (const word of t.split(" ")) expect(text).toContain(word);
  await pdf.destroy();

  const zip = unzipSync(
    new Uint8Array(await download(a, row("webtoon-webtoon-canvas.zip"), "webtoon-webtoon-canvas.zip")),
  );
  const slices = Object.keys(zip).sort();
  expect(slices.length).toBeGreaterThan(0);
  for (const name of slices) {
    const meta = await sharp(Buffer.from(zip[name]!)).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.width).toBe(800);
    expect(meta.height).toBeLessThanOrEqual(1280);
    expect(zip[name]!.length).toBeLessThanOrEqual(2 * 1024 * 1024);
  }
  writeFileSync(join(SCREENSHOT_DIR, "export-strip-001.jpg"), zip[slices[0]!]!);

  // Exported page vs the canvas: the PNG scaled to the screenshot's size, compared per pixel.
  const shot = await sharp(canvasShot).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const scaled = await sharp(png)
    .resize(shot.info.width, shot.info.height, { fit: "fill", kernel: "lanczos3" })
    .removeAlpha()
    .raw()
    .toBuffer();
  writeFileSync(
    join(SCREENSHOT_DIR, "export-png-scaled.png"),
    await sharp(scaled, { raw: { width: shot.info.width, height: shot.info.height, channels: 3 } })
      .png()
      .toBuffer(),
  );
  let sum = 0;
  let far = 0;
  for (let i = 0; i < scaled.length; i += 3) {
    const d =
      (Math.abs(scaled[i]! - shot.data[i]!) +
        Math.abs(scaled[i + 1]! - shot.data[i + 1]!) +
        Math.abs(scaled[i + 2]! - shot.data[i + 2]!)) /
      3;
    sum += d;
    if (d > 64) far++;
  }
  const pixels = scaled.length / 3;
  const mean = sum / pixels;
  console.log(
    `export vs canvas: ${shot.info.width}x${shot.info.height} px, mean |diff| ${mean.toFixed(2)}/255, ${((100 * far) / pixels).toFixed(2)}% of pixels off by more than 64`,
  );
  expect(mean).toBeLessThan(6);
  expect(far / pixels).toBeLessThan(0.02);
});
