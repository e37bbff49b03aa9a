import { describe, expect, it } from "vitest";
import { LAYOUT_TEMPLATES } from "../api/pages.ts";
import { isPanelShape, type PanelShape } from "./shapes.ts";
import { createHeadlessPageStore } from "./store.ts";
import { buildPageDocument, frameGeometry, readingOrder, templateRects } from "./templates.ts";

const EXPECTED: Record<(typeof LAYOUT_TEMPLATES)[number], number> = {
  blank: 0,
  "1-panel": 1,
  "2-panel": 2,
  "3-panel": 3,
  "4-panel": 4,
  "5-panel": 5,
  "6-panel": 6,
  "webtoon-strip": 4,
};

describe("layout templates", () => {
  for (const template of LAYOUT_TEMPLATES) {
    it(`${template}: panels inside the margins, apart by the gutter, valid tldraw records`, () => {
      let i = 0;
      const records = buildPageDocument({
        template,
        trimWidthMm: 170,
        trimHeightMm: 260,
        newPanelId: () => `00000000-0000-4000-8000-${String(++i).padStart(12, "0")}`,
      });
      const panels = records.filter((r) => isPanelShape(r)) as PanelShape[];
      expect(panels).toHaveLength(EXPECTED[template]);
      const frame = frameGeometry(template, { widthMm: 170, heightMm: 260 });
      for (const p of panels) {
        expect(p.x).toBeGreaterThanOrEqual(frame.marginPx - 0.01);
        expect(p.y).toBeGreaterThanOrEqual(frame.marginPx - 0.01);
        expect(p.x + p.props.w).toBeLessThanOrEqual(frame.w - frame.marginPx + 0.01);
        expect(p.y + p.props.h).toBeLessThanOrEqual(frame.h - frame.marginPx + 0.01);
      }
      for (const a of panels) {
        for (const b of panels) {
          if (a === b) continue;
          const apartX =
            a.x + a.props.w + frame.gutterPx - 0.01 <= b.x || b.x + b.props.w + frame.gutterPx - 0.01 <= a.x;
          const apartY =
            a.y + a.props.h + frame.gutterPx - 0.01 <= b.y || b.y + b.props.h + frame.gutterPx - 0.01 <= a.y;
          expect(apartX || apartY).toBe(true);
        }
      }
      // The template order is the reading order, and the records pass the schema's validators.
      expect(readingOrder(panels).map((p) => p.id)).toEqual(panels.map((p) => p.id));
      const store = createHeadlessPageStore();
      store.put(records);
      expect(store.allRecords()).toHaveLength(records.length);
      expect(new Set(panels.map((p) => p.props.panelId)).size).toBe(panels.length);
    });
  }

  it("a 170 x 260 mm trim is a 680 x 1040 frame; webtoon strips are 800 wide", () => {
    expect(frameGeometry("4-panel", { widthMm: 170, heightMm: 260 })).toMatchObject({ w: 680, h: 1040 });
    expect(frameGeometry("webtoon-strip", { widthMm: 170, heightMm: 260 }).w).toBe(800);
    expect(templateRects("blank", frameGeometry("blank", { widthMm: 170, heightMm: 260 }))).toEqual([]);
  });

  it("reading order goes by rows, then left to right", () => {
    const p = (id: string, x: number, y: number, w = 100, h = 100) => ({ id, x, y, props: { w, h } });
    const order = readingOrder([p("d", 120, 130), p("b", 120, 5), p("a", 0, 0), p("c", 0, 140)]);
    expect(order.map((x) => x.id)).toEqual(["a", "b", "c", "d"]);
  });
});
