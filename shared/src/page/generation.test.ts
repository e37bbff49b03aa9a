import { describe, expect, it } from "vitest";
import { mergePanelGeneration, type PanelGenerationPatch } from "./generation.ts";

const G1 = "11111111-1111-4111-8111-111111111111";
const G2 = "22222222-2222-4222-8222-222222222222";

function apply(patches: PanelGenerationPatch[]) {
  let state = null as ReturnType<typeof mergePanelGeneration>;
  let t = 1_000;
  for (const patch of patches) state = mergePanelGeneration(state, patch, t++) ?? state;
  return state;
}

describe("mergePanelGeneration", () => {
  const queued: PanelGenerationPatch = {
    generationId: G1,
    requestedAtMs: 10,
    status: "queued",
    queuePosition: 3,
  };
  const running = (progress: number, previewUrl?: string): PanelGenerationPatch => ({
    generationId: G1,
    requestedAtMs: 10,
    status: "running",
    progress,
    ...(previewUrl ? { previewUrl } : {}),
  });
  const done: PanelGenerationPatch = {
    generationId: G1,
    requestedAtMs: 10,
    status: "done",
    variations: [
      { url: "/a.png", score: 0.8 },
      { url: "/b.png", score: 0.9 },
    ],
    bestIndex: 1,
  };

  it("moves through queued, running and done", () => {
    const state = apply([queued, running(0.2, "/p1.png"), running(0.6, "/p2.png"), done]);
    expect(state).toMatchObject({
      status: "done",
      progress: 1,
      previewUrl: "/p2.png",
      bestIndex: 1,
      queuePosition: null,
    });
    expect(state?.variations).toHaveLength(2);
  });

  it("is idempotent: replaying every event changes nothing", () => {
    const once = apply([queued, running(0.5, "/p.png"), done]);
    expect(mergePanelGeneration(once, queued, 5_000)).toBeNull();
    expect(mergePanelGeneration(once, running(0.5, "/p.png"), 5_000)).toBeNull();
    expect(mergePanelGeneration(once, done, 5_000)).toBeNull();
  });

  it("never regresses status or progress, and keeps the freshest preview", () => {
    const state = apply([queued, running(0.7, "/late.png"), running(0.3, "/early.png"), queued]);
    expect(state).toMatchObject({ status: "running", progress: 0.7, previewUrl: "/late.png" });
    const failedThenDone = apply([queued, { ...running(0.4), status: "failed", error: "boom" }, done]);
    expect(failedThenDone).toMatchObject({ status: "failed", error: "boom" });
  });

  it("a newer request replaces the state; an older one is ignored", () => {
    const first = apply([queued, done]);
    const second = mergePanelGeneration(
      first,
      { generationId: G2, requestedAtMs: 20, status: "queued" },
      9_000,
    );
    expect(second).toMatchObject({ generationId: G2, status: "queued", progress: 0, variations: [] });
    expect(mergePanelGeneration(second, running(0.9), 9_001)).toBeNull();
  });
});
