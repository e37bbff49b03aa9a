// Tail geometry: a wedge from the bubble's edge to the tip the letterer dragged onto a
// character. The wedge's base sits on the outline, so outline and tail are one contour.

export interface Point {
  x: number;
  y: number;
}

export interface Tail {
  /** Base corners on the outline, in outline order (the contour runs base1 → tip → base2). */
  base1: Point;
  base2: Point;
  tip: Point;
}

/** Width of a tail where it leaves a bubble of this size, page pixels. */
export function tailBaseWidth(w: number, h: number): number {
  return Math.min(48, Math.max(8, Math.min(w, h) * 0.22));
}

/** True when a point lies inside (or on) the ellipse inscribed in the w × h box. */
export function insideEllipse(p: Point, w: number, h: number): boolean {
  const nx = (p.x - w / 2) / (w / 2);
  const ny = (p.y - h / 2) / (h / 2);
  return nx * nx + ny * ny <= 1;
}

/** A point of the ellipse inscribed in w × h (scaled by `scale` about its centre) at parameter t. */
export function ellipsePoint(w: number, h: number, t: number, scale = 1): Point {
  return { x: w / 2 + (w / 2) * scale * Math.cos(t), y: h / 2 + (h / 2) * scale * Math.sin(t) };
}

/** The ellipse parameter pointing at p (the ellipse seen as a stretched circle). */
export function ellipseParam(w: number, h: number, p: Point): number {
  return Math.atan2((p.y - h / 2) / (h / 2), (p.x - w / 2) / (w / 2));
}

/**
 * The tail of an elliptic bubble (w × h body): base corners on the ellipse either side of the
 * direction of the tip, `baseWidth` apart. Null when the tip lies inside the body.
 */
export function ellipseTail(w: number, h: number, tip: Point, baseWidth = tailBaseWidth(w, h)): Tail | null {
  if (insideEllipse(tip, w, h)) return null;
  const theta = ellipseParam(w, h, tip);
  // Speed of the parameterisation at theta turns the wanted chord into a parameter step.
  const speed = Math.hypot((w / 2) * Math.sin(theta), (h / 2) * Math.cos(theta));
  const delta = Math.min(Math.PI / 3, baseWidth / 2 / Math.max(speed, 1e-6));
  return {
    base1: ellipsePoint(w, h, theta - delta),
    base2: ellipsePoint(w, h, theta + delta),
    tip: { ...tip },
  };
}

/**
 * Joins a tail to a closed clockwise polygon (screen coordinates, y down): finds where the
 * ray from `center` to the tip leaves the polygon, puts the base corners `baseWidth / 2` either
 * side along the outline, drops the vertices between them and inserts the tip. Returns the
 * polygon unchanged and a null tail when the tip is inside the polygon.
 */
export function joinTail(
  polygon: Point[],
  center: Point,
  tip: Point,
  baseWidth: number,
): { polygon: Point[]; tail: Tail | null } {
  if (polygon.length < 3 || pointInPolygon(tip, polygon)) return { polygon, tail: null };
  const hit = rayExit(polygon, center, tip);
  if (!hit) return { polygon, tail: null };
  const perimeter = edges(polygon).reduce((sum, e) => sum + e.length, 0);
  const half = Math.min(baseWidth / 2, perimeter / 4);
  const mod = (d: number) => ((d % perimeter) + perimeter) % perimeter;
  const a = mod(hit.distance + half);
  const b = mod(hit.distance - half);
  const span = mod(b - a);
  // Outline from `after` (a) clockwise round to `before` (b), then the tip, closing back at a.
  const kept = edges(polygon)
    .map((e, i) => ({ vertex: polygon[i]!, along: mod(e.start - a) }))
    .filter((v) => v.along > 0 && v.along < span)
    .sort((x, y) => x.along - y.along)
    .map((v) => v.vertex);
  const after = pointAt(polygon, a);
  const before = pointAt(polygon, b);
  const result = [after, ...kept, before, { ...tip }];
  return { polygon: result, tail: { base1: before, base2: after, tip: { ...tip } } };
}

interface Edge {
  from: Point;
  to: Point;
  length: number;
  start: number;
}

function edges(polygon: Point[]): Edge[] {
  let start = 0;
  return polygon.map((from, i) => {
    const to = polygon[(i + 1) % polygon.length]!;
    const length = Math.hypot(to.x - from.x, to.y - from.y);
    const edge = { from, to, length, start };
    start += length;
    return edge;
  });
}

/** The point at a distance (0..perimeter) along the outline from vertex 0. */
function pointAt(polygon: Point[], distance: number): Point {
  const all = edges(polygon);
  for (const e of all) {
    if (distance <= e.start + e.length) {
      const f = e.length === 0 ? 0 : (distance - e.start) / e.length;
      return { x: e.from.x + (e.to.x - e.from.x) * f, y: e.from.y + (e.to.y - e.from.y) * f };
    }
  }
  return { ...polygon[0]! };
}

/** Where the ray from `center` towards `target` crosses the outline: distance along the outline. */
function rayExit(polygon: Point[], center: Point, target: Point): { distance: number } | null {
  const dx = target.x - center.x;
  const dy = target.y - center.y;
  let best: { t: number; distance: number } | null = null;
  for (const e of edges(polygon)) {
    const ex = e.to.x - e.from.x;
    const ey = e.to.y - e.from.y;
    const denom = dx * ey - dy * ex;
    if (Math.abs(denom) < 1e-12) continue;
    const t = ((e.from.x - center.x) * ey - (e.from.y - center.y) * ex) / denom;
    const u = ((e.from.x - center.x) * dy - (e.from.y - center.y) * dx) / denom;
    if (t > 0 && u >= 0 && u <= 1 && (!best || t < best.t)) best = { t, distance: e.start + u * e.length };
  }
  return best ? { distance: best.distance } : null;
}

export function pointInPolygon(p: Point, polygon: Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}
