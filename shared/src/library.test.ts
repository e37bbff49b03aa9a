import { describe, expect, it } from "vitest";
import {
  ANCHOR_ANGLES,
  ANCHOR_EXPRESSIONS,
  ANCHOR_POSES,
  ANCHOR_SPECS,
  type AnchorSpec,
  anchorDistance,
  anchorSpecKey,
  LOCATION_VARIANTS,
  locationVariantFor,
  nearestAnchor,
  normaliseExpression,
  normalisePose,
} from "./library.ts";

describe("anchor specs", () => {
  it("are 24 distinct combinations within the plan's 20-30, covering every angle, expression and pose", () => {
    expect(ANCHOR_SPECS).toHaveLength(24);
    expect(new Set(ANCHOR_SPECS.map(anchorSpecKey)).size).toBe(24);
    expect(new Set(ANCHOR_SPECS.map((s) => s.angle))).toEqual(new Set(ANCHOR_ANGLES));
    expect(new Set(ANCHOR_SPECS.map((s) => s.expression))).toEqual(new Set(ANCHOR_EXPRESSIONS));
    expect(new Set(ANCHOR_SPECS.map((s) => s.pose))).toEqual(new Set(ANCHOR_POSES));
  });
});

describe("nearestAnchor", () => {
  const anchors = ANCHOR_SPECS.map((s, i) => ({ ...s, id: `a${i}` }));
  const pick = (request: Parameters<typeof nearestAnchor>[1]) => {
    const a = nearestAnchor(anchors, request)!;
    return `${a.angle}/${a.expression}/${a.pose}`;
  };

  it("finds the exact anchor when there is one", () => {
    for (const spec of ANCHOR_SPECS) expect(pick(spec)).toBe(anchorSpecKey(spec));
  });

  it("understands free text: running is an action pose, worried is sad, a profile is a side view", () => {
    expect(normalisePose("running down the street")).toBe("action");
    expect(normalisePose("seated at a desk")).toBe("sitting");
    expect(normaliseExpression("looks worried")).toBe("sad");
    expect(normaliseExpression("grinning")).toBe("happy");
    expect(pick({ pose: "running", expression: "neutral" })).toBe("front/neutral/action");
    expect(pick({ pose: "standing", expression: "worried", angle: "3/4 left" })).toBe(
      "three-quarter-left/sad/standing",
    );
    expect(pick({ angle: "left profile" })).toBe("side-left/neutral/standing");
  });

  it("prefers the pose over the expression, and the expression over the turn", () => {
    // No sitting anchor is angry: a sitting one wins over an angry standing one.
    expect(pick({ pose: "sitting", expression: "angry" })).toBe("front/neutral/sitting");
    // No side view is happy: the happy 3/4 view (45 degrees off) beats the neutral profile.
    expect(pick({ angle: "side-right", expression: "happy" })).toBe("three-quarter-right/happy/standing");
  });

  it("measures turns on the circle: back is as far from 3/4 left as from 3/4 right", () => {
    const back = { angle: "back" };
    const left: AnchorSpec = { angle: "three-quarter-left", expression: "neutral", pose: "standing" };
    const right: AnchorSpec = { angle: "three-quarter-right", expression: "neutral", pose: "standing" };
    expect(anchorDistance(left, back)).toBeCloseTo(anchorDistance(right, back));
    expect(anchorDistance({ ...left, angle: "side-left" }, back)).toBeLessThan(anchorDistance(left, back));
  });

  it("keeps the caller's order on ties and returns undefined without anchors", () => {
    const twins = [
      { angle: "front", expression: "happy", pose: "standing", id: "first" },
      { angle: "front", expression: "happy", pose: "standing", id: "second" },
    ] as const;
    expect(nearestAnchor(twins, { expression: "happy" })?.id).toBe("first");
    expect(nearestAnchor([], { expression: "happy" })).toBeUndefined();
  });
});

describe("location variants", () => {
  it("are the plan's 12: 3 cameras x 2 shots x 2 lights", () => {
    expect(LOCATION_VARIANTS).toHaveLength(12);
    expect(new Set(LOCATION_VARIANTS.map((v) => `${v.camera}/${v.shot}/${v.lighting}`)).size).toBe(12);
  });

  it("map every panel framing onto a variant", () => {
    expect(locationVariantFor({ camera: "low", shot: "close", lighting: "dusk" })).toEqual({
      camera: "low",
      shot: "medium",
      lighting: "night",
    });
    expect(locationVariantFor({ camera: "high", shot: "wide", lighting: "interior" })).toEqual({
      camera: "high",
      shot: "wide",
      lighting: "day",
    });
  });
});
