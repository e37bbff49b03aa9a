import { describe, expect, it } from "vitest";
import { type MatchEntry, StyleMatcher } from "./matcher.ts";

/** Synthetic styles: clusters in 4 dimensions, the first two informative, the last two noise. */
function entries(): MatchEntry[] {
  let s = 99;
  const noise = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff - 0.5;
  };
  const centres = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
    [0.5, 0.5],
  ];
  return centres.map(([x, y], k) => ({
    source: "curated" as const,
    id: `s${k}`,
    name: `Style ${k}`,
    params: { lineWeight: x!, warmth: 0, detail: y!, shadingLevels: 4 },
    samples: Array.from({ length: 6 }, () => [
      x! + 0.1 * noise(),
      y! + 0.1 * noise(),
      noise() * 3,
      noise() * 3,
    ]),
  }));
}

describe("style matcher", () => {
  const matcher = StyleMatcher.fit("test", entries());

  it("learns to ignore uninformative dimensions and ranks the right style first", () => {
    // Noise dimensions barely move a picture: the same point with other noise ranks the same.
    expect(matcher.rank([1.02, 0.97, -1.4, 1.3])[0]!.id).toBe("s3");
    expect(matcher.cvTop1).toBeGreaterThan(0.95);
    const ranked = matcher.rank([1.02, 0.97, 1.4, -1.3]);
    expect(ranked[0]!.id).toBe("s3");
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it("applies the fallback chain on calibrated scores", () => {
    const apply = matcher.match({ features: [0, 0.01, 0, 0], usable: true });
    expect(apply.decision).toBe("apply");
    expect(apply.matches[0]!.id).toBe("s0");
    expect(apply.matches[0]!.score).toBeGreaterThanOrEqual(0.85);
    expect(apply.matches).toHaveLength(3);

    // Halfway between two styles: each is plausible, neither sure.
    const between = matcher.match({ features: [0.25, 0.25, 0, 0], usable: true });
    expect(["choose", "reference"]).toContain(between.decision);
    expect(between.matches[0]!.score).toBeLessThan(0.85);

    const far = matcher.match({ features: [3, -2, 0, 0], usable: true });
    expect(far.decision).toBe("reference");
    expect(far.warning).toMatch(/reference images/);

    const blank = matcher.match({ features: [0, 0, 0, 0], usable: false });
    expect(blank.decision).toBe("curated");
    expect(blank.matches).toEqual([]);
  });

  it("finds a score between the thresholds for some point on the way to a style", () => {
    // Walk from far away to a centre: the score must pass through the "choose" band.
    const decisions = new Set<string>();
    for (let t = 0; t <= 1; t += 0.02)
      decisions.add(matcher.match({ features: [1 - t, 0, 0, 0], usable: true }).decision);
    expect(decisions).toContain("choose");
    expect(decisions).toContain("apply");
  });

  it("matches external models alongside the curated styles", () => {
    const external: MatchEntry = {
      source: "external",
      id: "lora:far",
      name: "Far LoRA",
      samples: [[3, 3, 0, 0]],
    };
    const withExternal = StyleMatcher.fit("test", [...entries(), external]);
    const m = withExternal.match({ features: [3, 2.95, 0, 0], usable: true });
    expect(m.matches[0]!.id).toBe("lora:far");
    expect(m.matches[0]!.source).toBe("external");
  });
});
