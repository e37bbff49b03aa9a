import { luma, type Rgb, rgbToHex } from "../../analysis/color.ts";

/** Coordinates to one decimal: enough for anti-aliasing, and stable text for byte-identical output. */
export function n(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1);
}

/**
 * Every layer is rendered twice from the same SVG text: once as colour fills without ink, once as
 * an ink map (ink black, everything else white, so nearer fills still hide the ink behind them).
 * The tone pass posterises the fills alone and the ink is laid over afterwards, so posterising
 * never eats into or fattens a line. Ink strokes carry class `k`, ink-coloured fills (eyes) `kf`,
 * and glazes (cast shadows) `g`, which must not hide ink.
 */
export type RenderPass = "fills" | "ink";

const PASS_CSS: Record<RenderPass, string> = {
  fills: ".k{stroke:none}.kf{fill:none}",
  ink: '[fill]{fill:#fff}[fill="none"]{fill:none}[stroke]{stroke:#fff}.k{stroke:#000}.kf{fill:#000}.g{display:none}',
};

export function svgDocument(
  width: number,
  height: number,
  body: string,
  defs: string,
  pass: RenderPass,
): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><style>${
    PASS_CSS[pass]
  }</style>${defs ? `<defs>${defs}</defs>` : ""}${body}</svg>`;
}

/** Darkest luma a fill may have: anything darker is treated as ink by the tone pass. */
export const MIN_FILL_LUMA = 48;

/** Hex for a fill colour, lifted so that it never reads as ink. */
export function fillHex(rgb: Rgb): string {
  const y = luma(rgb[0], rgb[1], rgb[2]);
  if (y >= MIN_FILL_LUMA) return rgbToHex(rgb);
  const lift = MIN_FILL_LUMA - y;
  return rgbToHex([rgb[0] + lift, rgb[1] + lift, rgb[2] + lift]);
}

export function polygon(points: readonly (readonly [number, number])[]): string {
  return `M${points.map(([x, y]) => `${n(x)} ${n(y)}`).join("L")}Z`;
}

/** Closed outline of a thick segment from a to b with round ends (a limb, a trunk). */
export function capsule(ax: number, ay: number, bx: number, by: number, width: number): string {
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.hypot(dx, dy) || 1;
  const r = width / 2;
  const nx = (-dy / len) * r;
  const ny = (dx / len) * r;
  return `M${n(ax + nx)} ${n(ay + ny)}L${n(bx + nx)} ${n(by + ny)}A${n(r)} ${n(r)} 0 0 1 ${n(bx - nx)} ${n(
    by - ny,
  )}L${n(ax - nx)} ${n(ay - ny)}A${n(r)} ${n(r)} 0 0 1 ${n(ax + nx)} ${n(ay + ny)}Z`;
}

export function ellipse(cx: number, cy: number, rx: number, ry: number): string {
  return `M${n(cx - rx)} ${n(cy)}A${n(rx)} ${n(ry)} 0 1 0 ${n(cx + rx)} ${n(cy)}A${n(rx)} ${n(ry)} 0 1 0 ${n(
    cx - rx,
  )} ${n(cy)}Z`;
}

/** A filled shape, outlined in ink when `ink` is given (stroke width in px). */
export function shape(d: string, fill: string, ink?: { colour: string; width: number }): string {
  const stroke = ink
    ? ` class="k" stroke="${ink.colour}" stroke-width="${n(ink.width)}" stroke-linejoin="round" stroke-linecap="round"`
    : "";
  return `<path d="${d}" fill="${fill}"${stroke}/>`;
}

/** An open ink line. */
export function inkPath(d: string, colour: string, width: number): string {
  return `<path class="k" d="${d}" fill="none" stroke="${colour}" stroke-width="${n(
    width,
  )}" stroke-linecap="round" stroke-linejoin="round"/>`;
}

/** An open line in a fill colour (a road marking, a belt): part of the fills, not the ink. */
export function colourPath(d: string, colour: string, width: number): string {
  return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${n(
    width,
  )}" stroke-linecap="round" stroke-linejoin="round"/>`;
}

/** A solid ink shape (an eye, an open mouth). */
export function inkFill(d: string, colour: string): string {
  return `<path class="kf" d="${d}" fill="${colour}"/>`;
}
