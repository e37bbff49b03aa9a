import { cssFont, type MeasureText } from "@comic-studio/shared";

// Text widths from the browser's canvas, measured at a reference size and scaled (advance
// widths scale linearly), so one cached measurement serves every size the fitter tries.

const REFERENCE_PX = 100;
const MAX_CACHE_ENTRIES = 20_000;

let context: CanvasRenderingContext2D | null = null;
const cache = new Map<string, number>();

function canvasContext(): CanvasRenderingContext2D {
  context ??= document.createElement("canvas").getContext("2d");
  if (!context) throw new Error("Canvas 2D is not available to measure text");
  return context;
}

/** Drop cached widths (after fonts finish loading, widths measured with a fallback are wrong). */
export function clearMeasureCache(): void {
  cache.clear();
}

export const measureText: MeasureText = (text, fontId, sizePx, weight) => {
  if (text === "") return 0;
  const key = `${fontId}\u0000${weight}\u0000${text}`;
  let width = cache.get(key);
  if (width === undefined) {
    const ctx = canvasContext();
    ctx.font = cssFont(fontId, weight, REFERENCE_PX);
    ctx.fontKerning = "normal";
    width = ctx.measureText(text).width;
    if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
    cache.set(key, width);
  }
  return (width * sizePx) / REFERENCE_PX;
};
