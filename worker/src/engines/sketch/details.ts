import { hexToRgb } from "../../analysis/color.ts";
import type { SceneContext } from "./context.ts";
import { createRng } from "./rng.ts";
import { type Layer, roomBox } from "./scene.ts";
import { colourPath, ellipse, fillHex, inkPath, n, shape } from "./svg.ts";

/** Decorative ink strokes; how many follows the detail level (0 -> none, 1 -> dense). */
export function detailLayer(ctx: SceneContext): Layer {
  const rng = createRng(ctx.seed, "detail");
  const count = Math.round(ctx.detail * 72);
  const { width: w, height: h, horizonY: hy } = ctx;
  const out: string[] = [];
  const unit = ctx.longSide * 0.018;
  if (ctx.lighting === "night" && ctx.kind !== "room") {
    for (let i = 0; i < Math.round(count * 0.5); i++) {
      const r = unit * rng.range(0.12, 0.25);
      out.push(shape(ellipse(rng.range(0, w), rng.range(0, hy * 0.85), r, r), fillHex(hexToRgb("#fffbe0"))));
    }
  }
  for (let i = 0; i < count; i++) {
    const x = rng.range(0.02, 0.98) * w;
    switch (ctx.kind) {
      case "room": {
        // Floor boards running to the vanishing point, then hatching on the walls.
        if (i % 2 === 0) {
          const bx = rng.range(-0.2, 1.2) * w;
          const by = h;
          const t = rng.range(0.35, 0.7);
          const ex = bx + (ctx.vpX - bx) * t;
          const ey = by + (hy + roomFloorOffset(ctx) - by) * t;
          out.push(inkPath(`M${n(bx)} ${n(by)}L${n(ex)} ${n(ey)}`, ctx.inkColour, ctx.inkWidth));
        } else {
          const y = rng.range(0.05, 0.5) * h;
          out.push(inkPath(`M${n(x)} ${n(y)}l${n(unit)} ${n(unit * 0.6)}`, ctx.inkColour, ctx.inkWidth));
        }
        break;
      }
      case "water": {
        const y = rng.range(hy + unit, hy + (h - hy) * 0.45);
        out.push(
          inkPath(
            `M${n(x)} ${n(y)}q${n(unit * 0.5)} ${n(-unit * 0.5)} ${n(unit)} 0`,
            ctx.inkColour,
            ctx.inkWidth,
          ),
        );
        break;
      }
      default: {
        // Grass tufts on the ground, texture marks above it.
        const onGround = rng.chance(0.7);
        const y = onGround ? rng.range(hy + unit, h - unit) : rng.range(hy * 0.5, hy - unit);
        const d = onGround
          ? `M${n(x)} ${n(y)}l${n(-unit * 0.3)} ${n(-unit)}M${n(x)} ${n(y)}l${n(unit * 0.3)} ${n(-unit)}`
          : `M${n(x)} ${n(y)}l${n(unit)} 0`;
        out.push(inkPath(d, ctx.inkColour, ctx.inkWidth));
      }
    }
  }
  if (ctx.kind === "street" && ctx.detail > 0) {
    // Dashes down the middle of the road.
    const dashes = 2 + Math.round(ctx.detail * 5);
    for (let i = 1; i <= dashes; i++) {
      const t0 = (i - 0.15) / (dashes + 1);
      const t1 = (i + 0.25) / (dashes + 1);
      const y0 = hy + (h - hy) * t0 * t0;
      const y1 = hy + (h - hy) * t1 * t1;
      out.push(
        colourPath(`M${n(ctx.vpX)} ${n(y0)}L${n(ctx.vpX)} ${n(y1)}`, "#f2efe6", ctx.inkWidth * 0.8 + 1),
      );
    }
  }
  return { defs: "", body: out.join("") };
}

function roomFloorOffset(ctx: SceneContext): number {
  return roomBox(ctx).floor - ctx.horizonY;
}
