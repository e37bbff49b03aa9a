import { createShapeId, type PageRecordType } from "@tldraw/tlschema";
import { describe, expect, it } from "vitest";
import { BUBBLE_SHAPE, defaultBubbleProps } from "../page/lettering.ts";
import { pageSchema } from "../page/schema.ts";
import { buildPageDocument } from "../page/templates.ts";
import { pageReadingOrder } from "./page-order.ts";
import { defaultReadingOrder, moveInOrder, readingOrderWithOverride } from "./reading-order.ts";

const panel = (id: string, x: number, y: number) => ({ id, x, y, w: 100, h: 100 });
const bubble = (id: string, x: number, y: number, panelShapeId: string | null = null) => ({
  id,
  x,
  y,
  w: 30,
  h: 20,
  panelShapeId,
});

describe("defaultReadingOrder", () => {
  const panels = [panel("B", 120, 0), panel("A", 0, 0), panel("C", 0, 120)];
  const bubbles = [
    bubble("a2", 60, 60),
    bubble("a1", 10, 10),
    bubble("c1", 10, 130),
    bubble("loose", 500, 500),
  ];

  it("reads panels by rows left to right, each followed by its bubbles, loose bubbles last", () => {
    expect(defaultReadingOrder(panels, bubbles).map((e) => e.id)).toEqual([
      "A",
      "a1",
      "a2",
      "B",
      "C",
      "c1",
      "loose",
    ]);
  });
  it("reads right to left for manga", () => {
    expect(defaultReadingOrder(panels, [], "rtl").map((e) => e.id)).toEqual(["B", "A", "C"]);
  });
  it("uses the bubble's own panel over its position", () => {
    const order = defaultReadingOrder(panels, [bubble("x", 10, 10, "C")]);
    expect(order.map((e) => e.id)).toEqual(["A", "B", "C", "x"]);
    expect(order.map((e) => e.number)).toEqual([1, 2, 3, 4]);
  });
});

describe("readingOrderWithOverride", () => {
  const panels = [panel("A", 0, 0), panel("B", 120, 0)];
  const bubbles = [bubble("a1", 10, 10), bubble("a2", 60, 60), bubble("b1", 130, 10)];

  it("follows the override, drops ids that are gone, slots in new items after their default predecessor", () => {
    const order = readingOrderWithOverride(panels, bubbles, ["B", "b1", "gone", "A", "a2"]);
    // a1 was added later: it follows A, as in the default order.
    expect(order.map((e) => e.id)).toEqual(["B", "b1", "A", "a1", "a2"]);
    expect(order.find((e) => e.id === "b1")?.kind).toBe("bubble");
  });
  it("moves an entry up and down", () => {
    const order = readingOrderWithOverride(panels, bubbles, null);
    expect(moveInOrder(order, "a2", -1)).toEqual(["A", "a2", "a1", "B", "b1"]);
    expect(moveInOrder(order, "b1", 1)).toEqual(["A", "a1", "a2", "B", "b1"]);
  });
});

describe("pageReadingOrder", () => {
  it("orders a page document's panels and bubbles and follows the stored override", () => {
    let n = 0;
    const records = buildPageDocument({
      template: "4-panel",
      trimWidthMm: 170,
      trimHeightMm: 260,
      newPanelId: () => `00000000-0000-4000-8000-00000000000${n++}`,
    });
    const panels = records.filter((r) => r.typeName === "shape" && r.type === "panel");
    const second = panels[1]!;
    const bubble = {
      ...(records[2] as object),
      id: createShapeId("b1"),
      type: BUBBLE_SHAPE,
      x: (second as { x: number }).x + 10,
      y: (second as { y: number }).y + 10,
      index: "a9",
      props: { ...defaultBubbleProps("speech"), text: "Hi!" },
    };
    const all = [...records, bubble];
    // The records pass the page schema (the bubble shape is registered).
    const store = pageSchema();
    for (const r of all)
      expect(() => store.validateRecord(null as never, r as never, "initialize", null)).not.toThrow();
    const order = pageReadingOrder(all as never);
    expect(order.entries.map((e) => e.id)).toEqual([
      panels[0]!.id,
      second.id,
      bubble.id,
      panels[2]!.id,
      panels[3]!.id,
    ]);
    // An override stored on the page record wins.
    const page = all.find((r) => (r as { typeName: string }).typeName === "page") as ReturnType<
      typeof PageRecordType.create
    >;
    const withOverride = all.map((r) =>
      r === page ? { ...page, meta: { readingOrder: [panels[3]!.id, panels[0]!.id] } } : r,
    );
    const overridden = pageReadingOrder(withOverride as never);
    expect(overridden.panels.map((p) => p.id)).toEqual([
      panels[3]!.id,
      panels[0]!.id,
      second.id,
      panels[2]!.id,
    ]);
    expect(overridden.bubbles.map((b) => b.id)).toEqual([bubble.id]);
  });
});
