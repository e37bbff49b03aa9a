import { CURATED_STYLES } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StyleDescriptor } from "../analysis/descriptor.ts";
import { buildStyleMatcher } from "./registry.ts";
import { runRetrieval } from "./retrieval.ts";

/**
 * A reduced retrieval check (the full one is `pnpm bench:styles`): 8 styles spread over the
 * catalogue, 2 new pictures each (other seeds, subjects, light and characters than the samples).
 */
const STYLES = CURATED_STYLES.filter((_, i) => i % 6 === 0).slice(0, 8);

let descriptor: StyleDescriptor;
beforeAll(async () => {
  descriptor = await StyleDescriptor.create();
});
afterAll(async () => {
  await descriptor.close();
});

describe("style retrieval (reduced)", () => {
  it("ranks the true style first for at least 90% of new pictures in it", { timeout: 240_000 }, async () => {
    const matcher = await buildStyleMatcher(descriptor, { styles: STYLES });
    const result = await runRetrieval(descriptor, matcher, { styles: STYLES, perStyle: 2 });
    expect(result.cases).toHaveLength(16);
    expect(result.top1).toBeGreaterThanOrEqual(0.9);
    expect(result.top3).toBeGreaterThanOrEqual(result.top1);
  });
});
