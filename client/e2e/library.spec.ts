import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_PROJECT } from "@comic-studio/infra";
import { expect, type Locator, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { screenshot, signIn } from "./fixtures.ts";

// The library from end to end, as the demo owner: a character from reference pictures made here
// (a simple figure turned different ways on varied backgrounds), its anchors reviewed, one
// regenerated and all approved; a style imported from two pictures, previewed, adjusted and saved;
// a location drafted, approved and locked into 12 variants; and a panel on a new page generated
// with that character in that location.

type View = "front" | "left" | "right";
type Face = "neutral" | "happy" | "sad" | "surprised";

const MOUTH: Record<Face, string> = {
  neutral: "M -14 18 L 14 18",
  happy: "M -16 14 Q 0 32 16 14",
  sad: "M -16 26 Q 0 10 16 26",
  surprised: "M -6 20 a 6 8 0 1 0 12 0 a 6 8 0 1 0 -12 0",
};

/** A figure (red coat, dark hair, satchel) seen from the front or turned, drawn at the origin. */
function figure(view: View, face: Face): string {
  const turned = view !== "front";
  const head = turned
    ? `<circle cx="0" cy="-150" r="46" fill="#f1c7a3" stroke="#222" stroke-width="4"/>
       <path d="M -46 -160 Q -10 -230 46 -170 L 60 -120 Q 80 -90 70 -60 L 40 -110 Z" fill="#3b2a20" stroke="#222" stroke-width="3"/>
       <path d="M -46 -150 L -62 -138 L -44 -128" fill="#f1c7a3" stroke="#222" stroke-width="3"/>
       <circle cx="-22" cy="-160" r="6" fill="#222"/>
       <g transform="translate(-18 -150) scale(0.6)"><path d="${MOUTH[face]}" stroke="#222" stroke-width="5" fill="none"/></g>`
    : `<circle cx="0" cy="-150" r="46" fill="#f1c7a3" stroke="#222" stroke-width="4"/>
       <path d="M -48 -150 Q 0 -230 48 -150 Q 20 -185 -48 -150 Z" fill="#3b2a20" stroke="#222" stroke-width="3"/>
       <circle cx="-17" cy="-160" r="6" fill="#222"/><circle cx="17" cy="-160" r="6" fill="#222"/>
       <g transform="translate(0 -150)"><path d="${MOUTH[face]}" stroke="#222" stroke-width="5" fill="none"/></g>`;
  const body = turned
    ? `<path d="M -34 -100 L 34 -100 L 44 60 L -40 60 Z" fill="#c8322b" stroke="#222" stroke-width="4"/>
       <path d="M -20 -80 L -110 -30 L -100 -14 L -10 -50 Z" fill="#c8322b" stroke="#222" stroke-width="4"/>
       <rect x="30" y="-40" width="44" height="56" rx="6" fill="#7a5230" stroke="#222" stroke-width="4"/>
       <path d="M -26 60 L -40 190 L -14 190 L 0 60 Z M 6 60 L 30 190 L 52 186 L 30 60 Z" fill="#2d3a5c" stroke="#222" stroke-width="4"/>`
    : `<path d="M -50 -100 L 50 -100 L 62 60 L -62 60 Z" fill="#c8322b" stroke="#222" stroke-width="4"/>
       <path d="M -50 -96 L -80 40 L -62 44 L -40 -40 Z M 50 -96 L 80 40 L 62 44 L 40 -40 Z" fill="#c8322b" stroke="#222" stroke-width="4"/>
       <path d="M -44 60 L -40 190 L -12 190 L -8 60 Z M 8 60 L 12 190 L 40 190 L 44 60 Z" fill="#2d3a5c" stroke="#222" stroke-width="4"/>
       <rect x="-14" y="-60" width="28" height="16" fill="#7a5230" stroke="#222" stroke-width="3"/>`;
  return `<g${view === "right" ? ' transform="scale(-1 1)"' : ""}>${head}${body}</g>`;
}

/** One reference picture: the figure at `scale`, shifted by `dx`, on a plain background. */
async function reference(
  w: number,
  h: number,
  view: View,
  face: Face,
  background: string,
  scale: number,
  dx: number,
): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="100%" height="100%" fill="${background}"/>
    <rect y="${h * 0.86}" width="100%" height="${h * 0.14}" fill="#00000018"/>
    <g transform="translate(${w / 2 + dx} ${h * 0.56}) scale(${scale})">${figure(view, face)}</g>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A picture in the style to import: warm colours, heavy ink, flat cel shading. */
async function styleSample(w: number, h: number, variant: number): Promise<Buffer> {
  const roofs = [0, 1, 2, 3]
    .map((i) => {
      const x = 40 + i * (w / 4.2) + variant * 20;
      const top = h * (0.35 + ((i + variant) % 3) * 0.07);
      return `<rect x="${x}" y="${top}" width="${w / 5}" height="${h - top}" fill="${["#e8a25c", "#d9663b", "#f2c46d", "#b84a2e"][i]}" stroke="#1a1010" stroke-width="9"/>
        <rect x="${x + 20}" y="${top + 30}" width="30" height="40" fill="#fff3c9" stroke="#1a1010" stroke-width="6"/>`;
    })
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="100%" height="100%" fill="#ffd79a"/>
    <rect y="${h * 0.55}" width="100%" height="${h * 0.45}" fill="#f0a860"/>
    <circle cx="${w * (0.75 - variant * 0.4)}" cy="${h * 0.2}" r="${h * 0.1}" fill="#fff1b8" stroke="#1a1010" stroke-width="8"/>
    ${roofs}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const GOOD_REFERENCES: Array<[number, number, View, Face, string, number, number]> = [
  [768, 1024, "front", "neutral", "#e9f0f7", 1.9, 0],
  [720, 960, "front", "happy", "#f7efe3", 1.6, -60],
  [800, 800, "front", "surprised", "#e4f2e6", 1.35, 90],
  [640, 900, "left", "neutral", "#f3e6f0", 1.6, 30],
  [900, 900, "left", "happy", "#e6ecf8", 1.4, -110],
  [700, 1000, "right", "neutral", "#fdf6d8", 1.8, -20],
  [860, 860, "right", "sad", "#e8e8e8", 1.25, 120],
  [800, 1100, "front", "sad", "#dfeef0", 2.0, 40],
  [760, 900, "left", "surprised", "#f6e2dc", 1.5, 60],
  [820, 980, "right", "happy", "#e9e3f7", 1.7, -80],
];

let dir: string;
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "library-e2e-"));
  for (const [i, args] of GOOD_REFERENCES.entries()) {
    writeFileSync(join(dir, `ref-${i + 1}-${args[2]}.png`), await reference(...args));
  }
  // Pictures the checks must refuse: too small, blurred, and a near-duplicate of ref-1.
  writeFileSync(join(dir, "tiny.png"), await reference(180, 200, "front", "neutral", "#eef", 0.45, 0));
  const blurred = await sharp(await reference(800, 900, "left", "sad", "#f4f4ea", 1.6, 0))
    .blur(12)
    .png()
    .toBuffer();
  writeFileSync(join(dir, "blurred.png"), blurred);
  const twin = await sharp(await reference(...GOOD_REFERENCES[0]!))
    .resize(700)
    .png()
    .toBuffer();
  writeFileSync(join(dir, "ref-1-again.png"), twin);
  writeFileSync(join(dir, "style-a.png"), await styleSample(900, 600, 0));
  writeFileSync(join(dir, "style-b.png"), await styleSample(800, 600, 1));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string) => join(dir, name);
const fileInput = (scope: Locator) => scope.locator('input[type="file"]');

async function openLibrary(page: Page, section: "Characters" | "Style" | "Locations") {
  await page.goto("/");
  await page.getByRole("heading", { name: DEMO_PROJECT.name }).click();
  await page.getByRole("link", { name: section, exact: true }).click();
}

/** Waits until no library job is running on the page (progress bars gone) and none failed. */
async function waitForJob(page: Page, timeout: number) {
  await expect(page.getByTestId("library-job")).toHaveCount(0, { timeout });
}

test("library: character with anchors, imported style, locked location, then a panel using them", async ({
  page,
}) => {
  // The first style analysis of a fresh stack renders and measures the curated catalogue once,
  // which takes minutes on a busy machine.
  test.setTimeout(1_200_000);
  await signIn(page);

  // --- character: the checks explain what is wrong, then the setup runs as a charged job
  await openLibrary(page, "Characters");
  await page.getByRole("button", { name: "New character" }).click();
  const form = page.getByRole("form", { name: "New character" });
  await form.getByLabel("Name").fill("Mira");
  await form.getByLabel("Description").fill("Harbour courier, red coat, satchel");
  await expect(form).toContainText("include a front view, a side view and different expressions");
  await fileInput(form).setInputFiles([file("ref-1-front.png"), file("tiny.png"), file("blurred.png")]);
  const thumbs = form.getByRole("list", { name: "Chosen images" }).locator(":scope > li");
  await expect(thumbs).toHaveCount(3);
  await expect(thumbs.nth(1)).toContainText("Too small", { timeout: 20_000 });
  await expect(thumbs.nth(2)).toContainText("blurred");
  await expect(form.getByTestId("reference-check")).toContainText("problem");
  await expect(form.getByRole("button", { name: /Create and start setup/ })).toBeDisabled();
  await screenshot(page, "library-01-reference-problems");

  await form.getByRole("button", { name: "Remove image 3" }).click();
  await form.getByRole("button", { name: "Remove image 2" }).click();
  await fileInput(form).setInputFiles([file("ref-1-again.png")]);
  await expect(form.getByTestId("reference-check")).toContainText(/duplicate|same picture/i, {
    timeout: 20_000,
  });
  await form.getByRole("button", { name: "Remove image 2" }).click();
  await fileInput(form).setInputFiles(
    GOOD_REFERENCES.slice(1).map((r, i) => file(`ref-${i + 2}-${r[2]}.png`)),
  );
  await expect(thumbs).toHaveCount(GOOD_REFERENCES.length);
  await expect(form.getByTestId("reference-check")).toContainText("Ready", { timeout: 30_000 });
  await expect(form.getByTestId("price-note")).toContainText("100 credits");
  await screenshot(page, "library-02-references-ready");
  await form.getByRole("button", { name: /Create and start setup · 100 credits/ }).click();

  await expect(page.getByRole("heading", { name: "Mira" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("library-job").or(page.getByTestId("anchor")).first()).toBeVisible();
  await screenshot(page, "library-03-setup-progress");
  await expect(page.getByTestId("character-status")).toHaveText("Anchors to review", { timeout: 600_000 });
  const anchors = page.getByTestId("anchor");
  const anchorCount = await anchors.count();
  expect(anchorCount).toBeGreaterThanOrEqual(20);
  expect(anchorCount).toBeLessThanOrEqual(30);
  await expect(page.getByRole("region", { name: "Character features" })).toContainText("Outfit");
  await expect(page.getByRole("region", { name: "Extracted style" })).toContainText("tone levels");
  await screenshot(page, "library-04-anchors");

  // Regenerate one anchor (charged) and see a new version of it arrive.
  const first = anchors.first();
  const anchorId = await first.getAttribute("data-anchor-id");
  const version = Number(await first.getAttribute("data-version"));
  await first.getByRole("button", { name: /Regenerate .* 10 credits/ }).click();
  const regenerated = page.locator(`[data-anchor-id="${anchorId}"]`);
  await expect(regenerated).toHaveAttribute("data-version", String(version + 1), { timeout: 60_000 });
  await expect(regenerated.getByRole("img")).toBeVisible({ timeout: 60_000 });
  await page.getByRole("button", { name: "Approve all ready anchors" }).click();
  await expect(page.getByTestId("character-status")).toHaveText("Ready");
  await expect(page.getByTestId("anchor-counts")).toContainText(`${anchorCount} approved`);
  await screenshot(page, "library-05-anchors-approved");
  await page.getByRole("navigation", { name: "Library" }).getByRole("link", { name: "Characters" }).click();
  await expect(page.getByRole("list", { name: "Characters" })).toContainText("Mira");
  await expect(page.getByRole("list", { name: "Characters" })).toContainText(
    `${anchorCount} of ${anchorCount}`,
  );

  // --- style: import two pictures, read the analysis, preview, adjust, preview again, save
  await page.getByRole("navigation", { name: "Library" }).getByRole("link", { name: "Style" }).click();
  await expect(page.getByRole("list", { name: "Catalogue" }).getByTestId("catalogue-style")).toHaveCount(50);
  await page.getByLabel("Search styles").fill("noir");
  expect(await page.getByTestId("catalogue-style").count()).toBeLessThan(50);
  await page.getByLabel("Search styles").fill("");
  await screenshot(page, "library-06-style-catalogue");
  const importForm = page.getByRole("form", { name: "Import a style" });
  await importForm.getByLabel("Name").fill("Warm harbour");
  await fileInput(importForm).setInputFiles([file("style-a.png"), file("style-b.png")]);
  await expect(importForm.getByRole("list", { name: "Chosen images" }).getByText(/× 600$/)).toHaveCount(2);
  await importForm.getByRole("button", { name: /Import and analyse · 20 credits/ }).click();

  const analysis = page.getByTestId("style-analysis");
  await expect(analysis).toBeVisible({ timeout: 90_000 });
  await expect(analysis).toContainText("Colour warmth");
  await expect(analysis).toContainText("Line weight");
  await expect(page.getByTestId("shading-levels")).toContainText(/(cel|soft) · \d tone levels/);
  await expect(page.getByRole("list", { name: "Style palette" }).getByRole("listitem").first()).toBeVisible();
  await expect(page.getByTestId("style-decision")).toHaveAttribute(
    "data-mode",
    /apply|choose|reference|curated/,
  );
  await page.getByRole("button", { name: "Preview in 4 environments" }).click();
  const previews = page.getByRole("list", { name: "Style preview" }).getByRole("img");
  await expect(previews).toHaveCount(4, { timeout: 90_000 });
  await waitForJob(page, 90_000);
  await screenshot(page, "library-07-style-preview");
  const firstPreview = await previews.first().getAttribute("src");
  await page.getByLabel(/Line weight/).fill("0.9");
  await page.getByRole("button", { name: "Preview again" }).click();
  await expect(previews.first()).not.toHaveAttribute("src", firstPreview ?? "", { timeout: 90_000 });
  await waitForJob(page, 90_000);
  await page.getByRole("button", { name: "Save as project style" }).click();
  await expect(page.getByTestId("style-locked")).toBeVisible();
  await screenshot(page, "library-08-style-saved");

  // --- location: draft in the project style, approve, lock into 12 variants with depth maps
  await page.getByRole("navigation", { name: "Library" }).getByRole("link", { name: "Locations" }).click();
  await page.getByRole("button", { name: "New location" }).click();
  const locationForm = page.getByRole("form", { name: "New location" });
  await locationForm.getByLabel("Name").fill("Old harbour");
  await locationForm
    .getByLabel("Description")
    .fill("Stone quay with fishing boats and a lighthouse, evening");
  await locationForm.getByRole("button", { name: "Render draft" }).click();
  await expect(page.getByRole("img", { name: "Draft of Old harbour" })).toBeVisible({ timeout: 90_000 });
  await waitForJob(page, 90_000);
  await screenshot(page, "library-09-location-draft");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("location-status")).toHaveText("Approved");
  await page.getByRole("button", { name: /Lock location · 30 credits/ }).click();
  await expect(page.getByTestId("location-status")).toHaveText("Locked", { timeout: 180_000 });
  const variants = page.getByTestId("location-variant").getByRole("img");
  await expect(variants).toHaveCount(12);
  await screenshot(page, "library-10-location-variants");
  await page.getByLabel("Show depth maps").check();
  await expect(page.getByRole("img", { name: /^Depth map:/ })).toHaveCount(12);
  await screenshot(page, "library-11-location-depth");

  // --- panel: a new page, the first panel with Mira in the old harbour
  await page.goto("/");
  await page.getByRole("heading", { name: DEMO_PROJECT.name }).click();
  const pageLinks = page.getByRole("list", { name: "Pages" }).getByRole("link");
  await expect(pageLinks.first()).toBeVisible();
  const pagesBefore = await pageLinks.count();
  await page.getByRole("button", { name: "Add page" }).click();
  await expect(pageLinks).toHaveCount(pagesBefore + 1);
  await pageLinks.last().click();
  await expect(page.getByTestId("page-canvas")).toBeVisible({ timeout: 20_000 });
  await page.getByRole("navigation", { name: "Panels" }).getByRole("button").first().click();
  const side = page.getByRole("complementary", { name: "Generation" });
  await side.getByLabel("Description").fill("Mira waves from the quay as the boats come in");
  await side.getByLabel("Character to add").selectOption({ label: "Mira" });
  await side.getByRole("button", { name: "Add to panel" }).click();
  const member = side.getByTestId("cast-member");
  await expect(member.getByRole("img", { name: /^Mira:/ })).toBeVisible();
  await member.getByRole("button", { name: "Left" }).click();
  await member.getByLabel("Expression").selectOption("happy");
  await side.getByLabel("Saved location", { exact: true }).selectOption({ label: "Old harbour" });
  await side.getByLabel("Saved location shot").selectOption("wide");
  await expect(side.getByRole("img", { name: /^Variant used:/ })).toBeVisible();
  await screenshot(page, "library-12-panel-form");
  await side.getByRole("button", { name: /Generate 4 variations/ }).click();
  const status = side.getByTestId("panel-generation");
  await expect(status).toContainText("Done", { timeout: 90_000 });
  const variations = side.getByRole("list", { name: "Variations" }).getByRole("img");
  await expect(variations).toHaveCount(4);
  await side.getByRole("button", { name: "Use 1" }).click();
  await expect(side.getByRole("button", { name: "Chosen" })).toBeVisible({ timeout: 10_000 });
  const drawn = await variations
    .first()
    .evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth);
  expect(drawn).toBeGreaterThan(0);
  // The long sidebar scrolls inside itself; the editor never grows past the window.
  expect(
    await page.evaluate(() => {
      window.scrollTo(0, 10_000);
      return window.scrollY;
    }),
  ).toBe(0);
  expect(await side.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await screenshot(page, "library-13-panel-generated");
});
