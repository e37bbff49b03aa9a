import {
  makePageFrameShape,
  PAGE_PX_PER_MM,
  PANEL_GUTTER_MM,
  type PageFrameShape,
} from "@comic-studio/shared";
import type { IndexKey } from "tldraw";
import { describe, expect, it } from "vitest";
import { DEFAULT_GUTTER_PX, PAGE_FRAME_ID, pageGutterPx, panelSnapPoints, type SnapPoint } from "./snap.ts";

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const inPage = (r: Rect, points: SnapPoint[]) => points.map((p) => ({ x: r.x + p.x, y: r.y + p.y }));

/**
 * tldraw's point snapping while translating one shape (BoundsSnaps.collectPointSnaps): per axis,
 * the nearest pair of (moving point, other point) within the threshold sets the nudge.
 */
function snapMove(moving: Rect, others: Rect[], gutter: number, threshold = 8): Rect {
  const mine = inPage(moving, panelSnapPoints(moving, 0));
  const theirs = others.flatMap((o) => inPage(o, panelSnapPoints(o, gutter)));
  let best = { x: threshold, y: threshold };
  const nudge = { x: 0, y: 0 };
  for (const a of mine) {
    for (const b of theirs) {
      if (Math.abs(b.x - a.x) < best.x) {
        best = { ...best, x: Math.abs(b.x - a.x) };
        nudge.x = b.x - a.x;
      }
      if (Math.abs(b.y - a.y) < best.y) {
        best = { ...best, y: Math.abs(b.y - a.y) };
        nudge.y = b.y - a.y;
      }
    }
  }
  return { ...moving, x: moving.x + nudge.x, y: moving.y + nudge.y };
}

describe("panelSnapPoints", () => {
  it("is the corners and centre of a panel without a gutter", () => {
    expect(panelSnapPoints({ w: 100, h: 60 }, 0)).toEqual([
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 100, y: 60 },
      { x: 0, y: 60 },
      { x: 50, y: 30 },
    ]);
  });

  it("adds a point one gutter outside each edge, level with that edge's corners", () => {
    const points = panelSnapPoints({ w: 100, h: 60 }, 16);
    expect(points).toHaveLength(13);
    for (const p of [
      { x: -16, y: 0 },
      { x: -16, y: 60 },
      { x: 116, y: 0 },
      { x: 116, y: 60 },
      { x: 0, y: -16 },
      { x: 100, y: -16 },
      { x: 0, y: 76 },
      { x: 100, y: 76 },
    ]) {
      expect(points).toContainEqual(p);
    }
    // Nothing outside the panel except exactly one gutter away from an edge.
    for (const p of points) {
      const dx = p.x < 0 ? -p.x : p.x > 100 ? p.x - 100 : 0;
      const dy = p.y < 0 ? -p.y : p.y > 60 ? p.y - 60 : 0;
      expect([0, 16]).toContain(Math.max(dx, dy));
      expect(Math.min(dx, dy)).toBe(0);
    }
  });
});

describe("snapping a moved panel against these points", () => {
  const g = DEFAULT_GUTTER_PX;
  const still: Rect = { x: 100, y: 100, w: 200, h: 150 };

  it("lands a panel dropped near the right of another exactly one gutter away, tops aligned", () => {
    const moved = snapMove({ x: 300 + g + 5, y: 103, w: 120, h: 150 }, [still], g);
    expect(moved.x - (still.x + still.w)).toBe(g);
    expect(moved.y).toBe(still.y);
  });

  it("lands a panel dropped near the left of another one gutter away", () => {
    const moved = snapMove({ x: 100 - g - 120 - 4, y: 96, w: 120, h: 150 }, [still], g);
    expect(still.x - (moved.x + moved.w)).toBe(g);
    expect(moved.y).toBe(still.y);
  });

  it("lands a panel dropped below another one gutter away, left edges aligned", () => {
    const moved = snapMove({ x: 97, y: 250 + g - 6, w: 200, h: 80 }, [still], g);
    expect(moved.y - (still.y + still.h)).toBe(g);
    expect(moved.x).toBe(still.x);
  });

  it("lands a panel dropped above another one gutter away", () => {
    const moved = snapMove({ x: 104, y: 100 - g - 80 + 7, w: 200, h: 80 }, [still], g);
    expect(still.y - (moved.y + moved.h)).toBe(g);
  });

  it("leaves a panel far from others where it was dropped", () => {
    const dropped = { x: 700, y: 700, w: 100, h: 100 };
    expect(snapMove(dropped, [still], g)).toEqual(dropped);
  });
});

describe("pageGutterPx", () => {
  it("is PANEL_GUTTER_MM in page pixels without a frame", () => {
    expect(pageGutterPx(undefined)).toBe(PANEL_GUTTER_MM * PAGE_PX_PER_MM);
  });

  it("is the page frame's gutter (wider on webtoon strips)", () => {
    const frame = makePageFrameShape(
      { w: 800, h: 4800, marginPx: 160, gutterPx: 160 },
      { widthMm: 200, heightMm: 1200 },
      "a1" as IndexKey,
    );
    expect(frame.id).toBe(PAGE_FRAME_ID);
    expect(pageGutterPx(frame)).toBe(160);
    const noGutter: PageFrameShape = { ...frame, props: { ...frame.props, gutterPx: 0 } };
    expect(pageGutterPx(noGutter)).toBe(DEFAULT_GUTTER_PX);
  });
});
