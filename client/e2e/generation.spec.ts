import { DEMO_USERS } from "@comic-studio/infra";
import { expect, test } from "@playwright/test";
import { openDemoPage, screenshot } from "./fixtures.ts";

test("one creator generates a panel while another watches, then picks a variation both see", async ({
  browser,
}) => {
  const creator = await openDemoPage(browser, DEMO_USERS[0], 0);
  const watcher = await openDemoPage(browser, DEMO_USERS[1], 0);

  // Both select the first panel from the panel list.
  for (const p of [creator, watcher]) {
    await p.getByRole("navigation", { name: "Panels" }).getByRole("button").first().click();
    await expect(
      p.getByRole("complementary", { name: "Generation" }).getByRole("heading", { name: "Panel" }),
    ).toBeVisible();
  }
  await expect(creator.getByTestId("engine-note")).toContainText("Sketch engine");

  await creator
    .getByLabel("Description")
    .fill("The keeper climbs the lighthouse stairs at dusk, lantern in hand");
  await creator.getByRole("button", { name: /Generate 4 variations/ }).click();

  // The watcher sees the job run on the shared panel: a moving progress bar, then the variations.
  const watcherStatus = watcher.getByTestId("panel-generation");
  await expect(watcherStatus).toContainText(/Generating · [1-9]\d?%/, { timeout: 20_000 });
  await screenshot(watcher, "generation-mid-progress");
  await expect(watcherStatus).toContainText("Done", { timeout: 30_000 });
  const variations = watcher.getByRole("list", { name: "Variations" }).getByRole("listitem");
  await expect(variations).toHaveCount(4);
  await expect(creator.getByRole("list", { name: "Variations" }).getByRole("listitem")).toHaveCount(4);

  // The watcher (an editor too) picks variation 3; it becomes the panel's image for both.
  await watcher.getByRole("button", { name: "Use 3" }).click();
  await expect(creator.getByRole("button", { name: "Chosen" })).toBeVisible({ timeout: 10_000 });
  await expect(
    creator.getByRole("region", { name: "Panel history" }).or(creator.getByLabel("Panel history")),
  ).toContainText("v1");
  await screenshot(creator, "generation-done");
  await creator.context().close();
  await watcher.context().close();
});
