import type { BubbleKind } from "../page/lettering.ts";
import {
  ellipsePoint,
  ellipseTail,
  insideEllipse,
  joinTail,
  type Point,
  type Tail,
  tailBaseWidth,
} from "./tail.ts";
import type { TextArea } from "./text-fit.ts";

// Bubble outlines as SVG path data in the shape's coordinates (the body is the w × h box at
// the origin). The same data is drawn by the canvas (<path d>) and by the exports (SVG, or
// PDF through a path parser), and the polygons serve hit testing and clipping.

export interface BubbleOutlineInput {
  kind: BubbleKind;
  w: number;
  h: number;
  tail: Point | null;
}

export interface BubbleOutline {
  /** Fill and stroke this path (even-odd is not needed: sub-paths never overlap holes). */
  path: string;
  /** Closed polygons covering the outline and its tail, for hit testing. */
  polygons: Point[][];
  /** The joined tail, or null (no tail, or the tip inside the body). */
  tail: Tail | null;
}

/** Thought and shout bodies are drawn inside this fraction of the box, leaving room for bumps. */
const SHOUT_INNER = 0.8;
const THOUGHT_BUMP_SCALE = 0.9;
const ELLIPSE_SEGMENTS = 72;

const fmt = (n: number) => (Math.round(n * 100) / 100).toString();
const pt = (p: Point) => `${fmt(p.x)} ${fmt(p.y)}`;

function polygonPath(points: Point[]): string {
  return `M${points.map(pt).join("L")}Z`;
}

function ellipsePolygon(w: number, h: number, scale = 1, segments = ELLIPSE_SEGMENTS): Point[] {
  return Array.from({ length: segments }, (_, i) => ellipsePoint(w, h, (2 * Math.PI * i) / segments, scale));
}

function circlePath(c: Point, r: number): string {
  return `M${fmt(c.x - r)} ${fmt(c.y)}A${fmt(r)} ${fmt(r)} 0 1 1 ${fmt(c.x + r)} ${fmt(c.y)}A${fmt(r)} ${fmt(r)} 0 1 1 ${fmt(c.x - r)} ${fmt(c.y)}Z`;
}

/** A small deterministic jitter in [0, 1) per vertex, so bursts look hand drawn yet identical everywhere. */
function jitter(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return x - Math.floor(x);
}

function speech(w: number, h: number, tip: Point | null): BubbleOutline {
  const rx = fmt(w / 2);
  const ry = fmt(h / 2);
  const tail = tip ? ellipseTail(w, h, tip) : null;
  if (!tail) {
    return {
      path: `M0 ${fmt(h / 2)}A${rx} ${ry} 0 1 1 ${fmt(w)} ${fmt(h / 2)}A${rx} ${ry} 0 1 1 0 ${fmt(h / 2)}Z`,
      polygons: [ellipsePolygon(w, h)],
      tail: null,
    };
  }
  // Clockwise the long way round from base2 to base1, then out to the tip and back.
  const path = `M${pt(tail.base2)}A${rx} ${ry} 0 1 1 ${pt(tail.base1)}L${pt(tail.tip)}Z`;
  return { path, polygons: [ellipsePolygon(w, h), [tail.base1, tail.tip, tail.base2]], tail };
}

function thought(w: number, h: number, tip: Point | null): BubbleOutline {
  const perimeter = Math.PI * (w + h) * 0.5 * THOUGHT_BUMP_SCALE;
  const bumps = Math.max(8, Math.round(perimeter / 42));
  const points = ellipsePolygon(w, h, THOUGHT_BUMP_SCALE, bumps);
  let path = `M${pt(points[0]!)}`;
  for (let i = 0; i < bumps; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % bumps]!;
    const r = Math.hypot(b.x - a.x, b.y - a.y) * 0.62;
    path += `A${fmt(r)} ${fmt(r)} 0 0 1 ${pt(b)}`;
  }
  path += "Z";
  const polygons = [ellipsePolygon(w, h)];
  let tail: Tail | null = null;
  if (tip && !insideEllipse(tip, w, h)) {
    // A trail of shrinking circles from the edge towards the tip, the last one at the tip.
    const edge = ellipseTail(w, h, tip);
    if (edge) {
      tail = edge;
      const from = { x: (edge.base1.x + edge.base2.x) / 2, y: (edge.base1.y + edge.base2.y) / 2 };
      const unit = Math.min(w, h);
      const circles = [
        { f: 0.22, r: unit * 0.085 },
        { f: 0.58, r: unit * 0.06 },
        { f: 0.9, r: unit * 0.04 },
      ];
      for (const c of circles) {
        const center = { x: from.x + (tip.x - from.x) * c.f, y: from.y + (tip.y - from.y) * c.f };
        path += circlePath(center, c.r);
        polygons.push(
          Array.from({ length: 16 }, (_, i) => ({
            x: center.x + c.r * Math.cos((i * Math.PI) / 8),
            y: center.y + c.r * Math.sin((i * Math.PI) / 8),
          })),
        );
      }
    }
  }
  return { path, polygons, tail };
}

function shout(w: number, h: number, tip: Point | null): BubbleOutline {
  const perimeter = Math.PI * (w + h) * 0.5;
  const spikes = Math.max(10, Math.round(perimeter / 30));
  const points: Point[] = [];
  for (let i = 0; i < spikes * 2; i++) {
    const outer = i % 2 === 0;
    const scale = outer ? 1 - 0.07 * jitter(i) : SHOUT_INNER + 0.04 * jitter(i);
    points.push(ellipsePoint(w, h, (Math.PI * i) / spikes, scale));
  }
  const joined = tip ? joinTail(points, { x: w / 2, y: h / 2 }, tip, tailBaseWidth(w, h) * 1.2) : null;
  const polygon = joined?.polygon ?? points;
  return { path: polygonPath(polygon), polygons: [polygon], tail: joined?.tail ?? null };
}

function caption(w: number, h: number, tip: Point | null): BubbleOutline {
  const rect = [
    { x: 0, y: 0 },
    { x: w, y: 0 },
    { x: w, y: h },
    { x: 0, y: h },
  ];
  const joined = tip ? joinTail(rect, { x: w / 2, y: h / 2 }, tip, tailBaseWidth(w, h)) : null;
  const polygon = joined?.polygon ?? rect;
  return { path: polygonPath(polygon), polygons: [polygon], tail: joined?.tail ?? null };
}

/** The outline of a bubble with its tail joined. Sound effects have none (an empty path). */
export function bubbleOutline(input: BubbleOutlineInput): BubbleOutline {
  const { kind, w, h, tail } = input;
  switch (kind) {
    case "speech":
      return speech(w, h, tail);
    case "thought":
      return thought(w, h, tail);
    case "shout":
      return shout(w, h, tail);
    case "caption":
      return caption(w, h, tail);
    case "sfx":
      return {
        path: "",
        polygons: [
          [
            { x: 0, y: 0 },
            { x: w, y: 0 },
            { x: w, y: h },
            { x: 0, y: h },
          ],
        ],
        tail: null,
      };
  }
}

/** Where a bubble's text goes: inside the outline, clear of its stroke, bumps and spikes. */
export function bubbleTextArea(kind: BubbleKind, w: number, h: number, strokeWidth: number): TextArea {
  const inset = (fx: number, fy: number, shape: TextArea["shape"], pad = strokeWidth + 4): TextArea => {
    const dx = (w * (1 - fx)) / 2 + pad;
    const dy = (h * (1 - fy)) / 2 + pad;
    return { x: dx, y: dy, w: Math.max(1, w - 2 * dx), h: Math.max(1, h - 2 * dy), shape };
  };
  switch (kind) {
    case "speech":
      return inset(0.94, 0.9, "ellipse");
    case "thought":
      return inset(0.8, 0.76, "ellipse");
    case "shout":
      return inset(SHOUT_INNER * 0.94, SHOUT_INNER * 0.9, "ellipse");
    case "caption":
      return inset(1, 1, "rect", strokeWidth + 8);
    case "sfx":
      return inset(1, 1, "rect", strokeWidth);
  }
}
