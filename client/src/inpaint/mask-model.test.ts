import { describe, expect, it } from "vitest";
import { EMPTY_HISTORY, hasPaint, type MaskOp, maskSize, push, redo, undo } from "./mask-model.ts";

const stroke = (erase = false): MaskOp => ({ kind: "brush", points: [[1, 1]], size: 8, erase });

describe("mask history", () => {
  it("undoes and redoes operations in order, and a new operation drops the redo stack", () => {
    let h = push(push(EMPTY_HISTORY, stroke()), {
      kind: "lasso",
      points: [
        [0, 0],
        [5, 0],
        [0, 5],
      ],
      erase: false,
    });
    expect(h.ops).toHaveLength(2);
    h = undo(h);
    expect(h.ops).toHaveLength(1);
    expect(h.undone).toHaveLength(1);
    h = redo(h);
    expect(h.ops.map((o) => o.kind)).toEqual(["brush", "lasso"]);
    h = push(undo(h), stroke());
    expect(h.undone).toEqual([]);
    expect(undo(EMPTY_HISTORY)).toBe(EMPTY_HISTORY);
    expect(redo(EMPTY_HISTORY)).toBe(EMPTY_HISTORY);
  });

  it("knows whether anything is painted after clears and erasing", () => {
    expect(hasPaint(EMPTY_HISTORY)).toBe(false);
    const painted = push(EMPTY_HISTORY, stroke());
    expect(hasPaint(painted)).toBe(true);
    const cleared = push(painted, { kind: "clear" });
    expect(hasPaint(cleared)).toBe(false);
    expect(hasPaint(undo(cleared))).toBe(true);
    expect(hasPaint(push(cleared, stroke(true)))).toBe(false);
  });

  it("sizes the mask to the picture, long side capped", () => {
    expect(maskSize(768, 512, 1024)).toEqual({ width: 768, height: 512 });
    expect(maskSize(2048, 1024, 1024)).toEqual({ width: 1024, height: 512 });
  });
});
