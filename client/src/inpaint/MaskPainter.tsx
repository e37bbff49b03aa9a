import { type PointerEvent, useEffect, useRef } from "react";
import { type MaskHistory, type MaskOp, type Point, push, renderOps } from "./mask-model.ts";

export type MaskTool = "brush" | "lasso" | "eraser";

/** Paint colour of the mask over the picture (the canvas itself is shown half transparent). */
const PAINT = "rgb(230 57 70)";

/**
 * The panel picture with the mask canvas over it. Pointer strokes become operations in mask
 * pixels; the history (undo/redo) lives with the caller.
 */
export function MaskPainter({
  imageUrl,
  size,
  tool,
  brushPx,
  history,
  onHistory,
}: {
  imageUrl: string;
  /** Mask canvas size in px (the picture's aspect). */
  size: { width: number; height: number };
  tool: MaskTool;
  /** Brush diameter in mask px. */
  brushPx: number;
  history: MaskHistory;
  onHistory: (next: MaskHistory) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const current = useRef<MaskOp | null>(null);

  const draw = (extra: MaskOp | null) => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    renderOps(ctx, extra ? [...history.ops, extra] : history.ops, PAINT);
    if (extra?.kind === "lasso" && extra.points.length > 1) {
      // The outline being drawn, before it is closed and filled.
      ctx.save();
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = Math.max(1.5, size.width / 400);
      ctx.strokeStyle = "#1d1b2e";
      ctx.beginPath();
      ctx.moveTo(extra.points[0]![0], extra.points[0]![1]);
      for (const p of extra.points.slice(1)) ctx.lineTo(p[0], p[1]);
      ctx.stroke();
      ctx.restore();
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw when the history or the canvas size changes
  useEffect(() => draw(current.current), [history, size.width, size.height]);

  const toMask = (event: PointerEvent<HTMLCanvasElement>): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) / rect.width) * size.width,
      ((event.clientY - rect.top) / rect.height) * size.height,
    ];
  };

  const onDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const p = toMask(event);
    current.current =
      tool === "lasso"
        ? { kind: "lasso", points: [p], erase: false }
        : { kind: "brush", points: [p], size: brushPx, erase: tool === "eraser" };
    draw(current.current);
  };
  const onMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const op = current.current;
    if (!op || op.kind === "clear") return;
    op.points.push(toMask(event));
    draw(op);
  };
  const onUp = () => {
    const op = current.current;
    current.current = null;
    if (!op) return;
    if (op.kind === "lasso" && op.points.length < 3) {
      draw(null);
      return;
    }
    onHistory(push(history, op));
  };

  return (
    <div
      className="inp-stage"
      // At most 60% of the viewport's height, keeping the picture's aspect.
      style={{
        aspectRatio: `${size.width} / ${size.height}`,
        width: `min(100%, calc(60vh * ${(size.width / size.height).toFixed(4)}))`,
      }}
    >
      <img src={imageUrl} alt="The panel as it is now" draggable={false} />
      <canvas
        ref={canvas}
        width={size.width}
        height={size.height}
        data-testid="inpaint-mask"
        // Focusable, so the keyboard shortcuts (undo, tools) work with the mask in focus.
        tabIndex={0}
        data-tool={tool}
        aria-label="Mask: paint over the part to regenerate"
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
      />
    </div>
  );
}

/** The mask as a PNG data URL: white where painted, black elsewhere, at `size`. */
export function exportMask(history: MaskHistory, size: { width: number; height: number }, scale = 1): string {
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(size.width * scale));
  canvas.height = Math.max(1, Math.round(size.height * scale));
  const ctx = canvas.getContext("2d")!;
  ctx.scale(scale, scale);
  renderOps(ctx, history.ops, "#fff", "#000");
  return canvas.toDataURL("image/png");
}
