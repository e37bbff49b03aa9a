import { mixRgb, type Rgb, shade } from "../../analysis/color.ts";
import type { SceneContext } from "./context.ts";
import { fillHex, inkPath, n, polygon, shape } from "./svg.ts";

/**
 * The background, drawn in painter's order in three layers: the base (sky and ground, or the
 * room's box; here), the scenery (buildings, trees, hills, water, furniture, sun or moon;
 * scenery.ts) and the decorative detail strokes whose number follows the style's detail level
 * (details.ts).
 */

export function ink(ctx: SceneContext, scale = 1) {
  return { colour: ctx.inkColour, width: ctx.inkWidth * scale };
}

export function gradient(id: string, top: Rgb, bottom: Rgb): string {
  return `<linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${fillHex(
    top,
  )}"/><stop offset="1" stop-color="${fillHex(bottom)}"/></linearGradient>`;
}

export interface Layer {
  defs: string;
  body: string;
}

/** Where a room's back wall is; rooms and their details need the same box. */
export function roomBox(ctx: SceneContext) {
  const widthFraction = ctx.shot === "wide" ? 0.42 : ctx.shot === "medium" ? 0.58 : 0.78;
  const bw = ctx.width * widthFraction;
  const bh = Math.min(ctx.height * 0.9, bw * 0.62);
  const floorY = ctx.horizonY + bh * 0.3;
  const left = ctx.vpX - bw / 2;
  return { left, right: left + bw, top: floorY - bh, floor: floorY, bw, bh };
}

/** Point where the line from the vanishing point through (x, y) leaves the frame. */
function toFrameEdge(ctx: SceneContext, x: number, y: number): [number, number] {
  const dx = x - ctx.vpX;
  const dy = y - ctx.horizonY;
  let t = Number.POSITIVE_INFINITY;
  if (dx > 0) t = Math.min(t, (ctx.width - ctx.vpX) / dx);
  if (dx < 0) t = Math.min(t, -ctx.vpX / dx);
  if (dy > 0) t = Math.min(t, (ctx.height - ctx.horizonY) / dy);
  if (dy < 0) t = Math.min(t, -ctx.horizonY / dy);
  if (!Number.isFinite(t)) t = 1;
  return [ctx.vpX + dx * t, ctx.horizonY + dy * t];
}

export function baseLayer(ctx: SceneContext): Layer {
  const { width: w, height: h } = ctx;
  if (ctx.kind === "room") {
    const wall = ctx.tint(mixRgb(ctx.sky.horizon, ctx.palette[0]!, 0.25));
    const sideWall = shade(wall, -9);
    const ceiling = ctx.tint(ctx.sky.top);
    const floor = ctx.tint(mixRgb(ctx.ground.near, ctx.palette[2] ?? ctx.ground.near, 0.2));
    const box = roomBox(ctx);
    const tl = toFrameEdge(ctx, box.left, box.top);
    const tr = toFrameEdge(ctx, box.right, box.top);
    const bl = toFrameEdge(ctx, box.left, box.floor);
    const br = toFrameEdge(ctx, box.right, box.floor);
    // Light falls off across every surface: the gradients give the tone pass bands to cut.
    const body = [
      `<rect width="${w}" height="${h}" fill="url(#side)"/>`,
      shape(
        polygon([[0, 0], [w, 0], tr, [box.right, box.top], [box.left, box.top], tl]),
        "url(#ceiling)",
        ink(ctx),
      ),
      shape(
        polygon([bl, [box.left, box.floor], [box.right, box.floor], br, [w, h], [0, h]]),
        "url(#floor)",
        ink(ctx),
      ),
      shape(
        polygon([
          [box.left, box.top],
          [box.right, box.top],
          [box.right, box.floor],
          [box.left, box.floor],
        ]),
        "url(#wall)",
        ink(ctx),
      ),
    ].join("");
    const defs =
      gradient("floor", shade(floor, 8), shade(floor, -14)) +
      gradient("wall", shade(wall, 8), shade(wall, -12)) +
      gradient("ceiling", shade(ceiling, -10), shade(ceiling, 4)) +
      gradient("side", shade(sideWall, 4), shade(sideWall, -16));
    return { defs, body };
  }
  const body = [
    `<rect width="${w}" height="${n(ctx.horizonY + 1)}" fill="url(#sky)"/>`,
    `<rect y="${n(ctx.horizonY)}" width="${w}" height="${n(h - ctx.horizonY)}" fill="url(#ground)"/>`,
    inkPath(`M0 ${n(ctx.horizonY)}L${w} ${n(ctx.horizonY)}`, ctx.inkColour, ctx.inkWidth),
  ].join("");
  const defs =
    gradient("sky", ctx.sky.top, ctx.sky.horizon) +
    gradient("ground", ctx.tint(ctx.ground.far), ctx.tint(ctx.ground.near));
  return { defs, body };
}
