import { type BubbleLayout, type BubbleShape, layoutBubble, type PanelShape } from "@comic-studio/shared";
import { linePathData, measureWithFont } from "./fonts.ts";
import type { Span } from "./slicing.ts";

// Lettering as the exports draw it: each bubble laid out by the shared `layoutBubble` (the
// canvas calls the same function with the browser's measureText), its outline path filled
// and stroked, its text as glyph outlines of the same font files (PNG and strip) or as real
// text (PDF, see pdf.ts).

/** A bubble laid out for drawing, with the panel it is clipped to when its clip is "panel". */
export interface LaidBubble {
  shape: BubbleShape;
  layout: BubbleLayout;
  /** The panel's rectangle (frame coordinates) to clip to, or null to draw it whole. */
  clip: { x: number; y: number; w: number; h: number } | null;
}

/** Lays out every bubble of a page once (text fitting is the costly part). */
export function layBubbles(
  bubbles: BubbleShape[],
  panelIds: Map<string, string | null>,
  panels: PanelShape[],
): LaidBubble[] {
  const panelById = new Map(panels.map((p) => [p.id as string, p]));
  return bubbles.map((shape) => {
    const panel = panelById.get(panelIds.get(shape.id) ?? "");
    return {
      shape,
      layout: layoutBubble(shape.props, measureWithFont),
      clip:
        shape.props.clip === "panel" && panel
          ? { x: panel.x, y: panel.y, w: panel.props.w, h: panel.props.h }
          : null,
    };
  });
}

const attr = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const deg = (radians: number) => (radians * 180) / Math.PI;

/** The SVG of one bubble in frame coordinates (its clip and rotation applied). */
export function bubbleSvg(bubble: LaidBubble, clipId: string): string {
  const { shape, layout, clip } = bubble;
  const p = shape.props;
  const parts: string[] = [];
  if (layout.outline.path) {
    parts.push(
      `<path d="${attr(layout.outline.path)}" fill="${p.fill}"${
        p.strokeWidth > 0
          ? ` stroke="${p.stroke}" stroke-width="${p.strokeWidth}" stroke-linejoin="round"`
          : ""
      }/>`,
    );
  }
  const d = layout.text.lines
    .map((line) => linePathData(line.text, p.font, layout.weight, layout.text.sizePx, line.x, line.baseline))
    .join("");
  if (d) {
    if (p.kind === "sfx") {
      // Outlined letters: the stroke under the fill (paint-order: stroke), as the canvas draws them.
      if (p.strokeWidth > 0)
        parts.push(
          `<path d="${d}" fill="none" stroke="${p.stroke}" stroke-width="${p.strokeWidth * 2}" stroke-linejoin="round"/>`,
        );
      parts.push(`<path d="${d}" fill="${p.fill}"/>`);
    } else {
      parts.push(`<path d="${d}" fill="${p.textColor}"/>`);
    }
  }
  const body = `<g transform="translate(${shape.x} ${shape.y}) rotate(${deg(shape.rotation)})"${
    shape.opacity < 1 ? ` opacity="${shape.opacity}"` : ""
  }>${parts.join("")}</g>`;
  if (!clip) return body;
  return `<clipPath id="${clipId}"><rect x="${clip.x}" y="${clip.y}" width="${clip.w}" height="${clip.h}"/></clipPath><g clip-path="url(#${clipId})">${body}</g>`;
}

/**
 * An SVG of `widthPx` x `heightPx` showing the bubbles, drawn through `transform` (from frame
 * coordinates to the output's pixels), transparent elsewhere: composited over the panels.
 */
export function letteringSvg(
  bubbles: Array<{ bubble: LaidBubble; transform: string }>,
  widthPx: number,
  heightPx: number,
): Buffer {
  const groups = bubbles.map(
    ({ bubble, transform }, i) => `<g transform="${transform}">${bubbleSvg(bubble, `clip${i}`)}</g>`,
  );
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 ${widthPx} ${heightPx}">${groups.join("")}</svg>`,
  );
}

/** The vertical extent of a bubble (outline and tail) in frame coordinates, rotation ignored. */
export function bubbleExtent(bubble: LaidBubble): Span {
  const { shape } = bubble;
  let top = 0;
  let bottom = shape.props.h;
  for (const polygon of bubble.layout.outline.polygons) {
    for (const point of polygon) {
      top = Math.min(top, point.y);
      bottom = Math.max(bottom, point.y);
    }
  }
  const pad = shape.props.strokeWidth;
  return { top: shape.y + top - pad, bottom: shape.y + bottom + pad };
}

/**
 * A bubble's text block (first line's top to last line's bottom) as a vertical span in frame
 * coordinates: a slice may not cut it, not even between its lines. Null when it has no text.
 */
export function textBlockSpan(bubble: LaidBubble): Span | null {
  const { shape, layout } = bubble;
  const lines = layout.text.lines;
  if (lines.length === 0) return null;
  return {
    top: shape.y + lines[0]!.top,
    bottom: shape.y + lines.at(-1)!.top + layout.text.lineHeightPx,
  };
}
