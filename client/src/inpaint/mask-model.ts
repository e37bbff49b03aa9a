/**
 * The painted mask as a list of operations in picture pixels, with undo and redo. Pure: the
 * painter draws the operations on a canvas; the same list renders the exported mask.
 */

export type Point = readonly [number, number];

export type MaskOp =
  /** A freehand stroke of round brush `size` px wide; `erase` takes paint away. */
  | { kind: "brush"; points: Point[]; size: number; erase: boolean }
  /** A filled freehand outline. */
  | { kind: "lasso"; points: Point[]; erase: boolean }
  /** Everything cleared (undoable like any other operation). */
  | { kind: "clear" };

export interface MaskHistory {
  ops: MaskOp[];
  /** Operations undone, most recent last; a new operation drops them. */
  undone: MaskOp[];
}

export const EMPTY_HISTORY: MaskHistory = { ops: [], undone: [] };

export function push(history: MaskHistory, op: MaskOp): MaskHistory {
  return { ops: [...history.ops, op], undone: [] };
}

export function undo(history: MaskHistory): MaskHistory {
  const last = history.ops.at(-1);
  if (!last) return history;
  return { ops: history.ops.slice(0, -1), undone: [...history.undone, last] };
}

export function redo(history: MaskHistory): MaskHistory {
  const next = history.undone.at(-1);
  if (!next) return history;
  return { ops: [...history.ops, next], undone: history.undone.slice(0, -1) };
}

/** Whether anything is painted: the ops after the last clear include a painting one. */
export function hasPaint(history: MaskHistory): boolean {
  for (let i = history.ops.length - 1; i >= 0; i--) {
    const op = history.ops[i]!;
    if (op.kind === "clear") return false;
    if (!op.erase) return true;
  }
  return false;
}

/**
 * Draws operations on a 2D context. Paint uses `paint`; erasing cuts paint away (transparent) or,
 * when `background` is given (the exported black-and-white mask), paints the background.
 */
export function renderOps(
  ctx: CanvasRenderingContext2D,
  ops: readonly MaskOp[],
  paint: string,
  background?: string,
): void {
  const { width, height } = ctx.canvas;
  const reset = () => {
    // The whole canvas, whatever scale the caller drew at.
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = "source-over";
    if (background) {
      ctx.fillStyle = background;
      ctx.fillRect(0, 0, width, height);
    } else ctx.clearRect(0, 0, width, height);
    ctx.restore();
  };
  reset();
  for (const op of ops) {
    if (op.kind === "clear") {
      reset();
      continue;
    }
    const erasing = op.erase;
    ctx.globalCompositeOperation = erasing && !background ? "destination-out" : "source-over";
    const colour = erasing ? (background ?? "#000") : paint;
    ctx.fillStyle = colour;
    ctx.strokeStyle = colour;
    if (op.kind === "brush") {
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.lineWidth = op.size;
      const [first, ...rest] = op.points;
      if (!first) continue;
      ctx.beginPath();
      ctx.moveTo(first[0], first[1]);
      // A single click paints a dot.
      if (rest.length === 0) ctx.lineTo(first[0] + 0.01, first[1]);
      for (const p of rest) ctx.lineTo(p[0], p[1]);
      ctx.stroke();
    } else {
      if (op.points.length < 3) continue;
      ctx.beginPath();
      ctx.moveTo(op.points[0]![0], op.points[0]![1]);
      for (const p of op.points.slice(1)) ctx.lineTo(p[0], p[1]);
      ctx.closePath();
      ctx.fill();
    }
  }
  ctx.globalCompositeOperation = "source-over";
}

/** Size of the mask canvas for a picture: its own size, long side at most `maxSide`. */
export function maskSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const k = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}
