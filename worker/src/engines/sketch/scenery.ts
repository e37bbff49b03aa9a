import { hexToRgb, mixRgb, shade } from "../../analysis/color.ts";
import type { SceneContext } from "./context.ts";
import { createRng, type Rng } from "./rng.ts";
import { ink, type Layer, roomBox } from "./scene.ts";
import { capsule, ellipse, fillHex, inkPath, n, polygon, shape } from "./svg.ts";

/** What stands in the scene: its kind (street, nature, water, hills, room) decides. */

const WINDOW_SKY: Record<string, [string, string]> = {
  day: ["#5aa5e6", "#d4ecf8"],
  dusk: ["#4a3470", "#f29b60"],
  night: ["#25305f", "#3d4f86"],
  interior: ["#5aa5e6", "#d4ecf8"],
};

export function sceneryLayer(ctx: SceneContext): Layer {
  const rng = createRng(ctx.seed, "scenery");
  const parts: string[] = [];
  if (ctx.kind !== "room") parts.push(celestial(ctx, rng));
  switch (ctx.kind) {
    case "street":
      parts.push(buildings(ctx, rng), road(ctx));
      break;
    case "nature":
      parts.push(hills(ctx, rng, 1), trees(ctx, rng));
      break;
    case "water":
      parts.push(water(ctx, rng));
      break;
    case "hills":
      parts.push(hills(ctx, rng, 3), trees(ctx, rng, 0.35));
      break;
    case "room":
      return room(ctx, rng);
    default: {
      const never: never = ctx.kind;
      throw new Error(`unknown scene kind ${String(never)}`);
    }
  }
  return { defs: "", body: parts.join("") };
}

function celestial(ctx: SceneContext, rng: Rng): string {
  const { width: w } = ctx;
  const side = ctx.lightSide;
  const x = side < 0 ? w * rng.range(0.08, 0.3) : w * rng.range(0.7, 0.92);
  const out: string[] = [];
  if (ctx.lighting === "night") {
    const r = ctx.longSide * 0.035;
    const y = Math.max(r * 1.5, ctx.horizonY * rng.range(0.2, 0.45));
    out.push(shape(ellipse(x, y, r, r), fillHex(hexToRgb("#f4f1d0")), ink(ctx, 0.6)));
  } else if (ctx.lighting === "dusk") {
    const r = ctx.longSide * 0.07;
    out.push(shape(ellipse(x, ctx.horizonY - r * 0.3, r, r), fillHex(hexToRgb("#ffb36b"))));
  } else {
    const r = ctx.longSide * 0.045;
    const y = Math.max(r * 1.4, ctx.horizonY * rng.range(0.15, 0.35));
    out.push(shape(ellipse(x, y, r, r), fillHex(hexToRgb("#fff3b0")), ink(ctx, 0.6)));
    const clouds = rng.int(1, 3);
    for (let i = 0; i < clouds; i++) {
      const cx = rng.range(0.1, 0.9) * w;
      const cy = Math.max(10, ctx.horizonY * rng.range(0.15, 0.6));
      const s = ctx.longSide * rng.range(0.04, 0.07);
      const cloud = ctx.tint(hexToRgb("#f7fbff"));
      for (const [ox, oy, k] of [
        [-1.1, 0.15, 0.75],
        [0, -0.2, 1],
        [1.1, 0.1, 0.8],
      ] as const) {
        out.push(
          shape(ellipse(cx + ox * s, cy + oy * s, s * k * 1.2, s * k * 0.8), fillHex(cloud), ink(ctx, 0.6)),
        );
      }
    }
  }
  return out.join("");
}

function buildings(ctx: SceneContext, rng: Rng): string {
  const { width: w, height: h, horizonY: hy } = ctx;
  const out: string[] = [];
  const roadHalf = w * 0.03;
  const sizeScale = Math.sqrt(ctx.shotScale);
  for (const side of [-1, 1] as const) {
    let x = side < 0 ? ctx.vpX - roadHalf : ctx.vpX + roadHalf;
    const limit = side < 0 ? -w * 0.05 : w * 1.05;
    let depth = 0;
    while (side < 0 ? x > limit : x < limit) {
      const bw = w * rng.range(0.07, 0.15) * sizeScale * (1 + depth * 0.25);
      const bh = h * rng.range(0.16, 0.42) * sizeScale * (1 + depth * 0.2);
      const base = hy + (h - hy) * 0.04 * depth;
      const top = Math.max(-h * 0.1, base - bh);
      const x0 = side < 0 ? x - bw : x;
      const x1 = x0 + bw;
      const colour = ctx.tint(rng.pick(ctx.palette));
      // The face turned toward the vanishing point, in one-point perspective.
      const edge = side < 0 ? x1 : x0;
      const k = 0.14;
      const sx = edge + (ctx.vpX - edge) * k;
      out.push(
        shape(
          polygon([
            [edge, top],
            [sx, top + (hy - top) * k],
            [sx, base - (base - hy) * k],
            [edge, base],
          ]),
          fillHex(shade(colour, -14)),
          ink(ctx),
        ),
      );
      out.push(
        shape(
          polygon([
            [x0, top],
            [x1, top],
            [x1, base],
            [x0, base],
          ]),
          fillHex(colour),
          ink(ctx),
        ),
      );
      out.push(windows(ctx, rng, x0, top, bw, base - top));
      x = side < 0 ? x0 - w * rng.range(0, 0.02) : x1 + w * rng.range(0, 0.02);
      depth++;
    }
  }
  return out.join("");
}

function windows(ctx: SceneContext, rng: Rng, x: number, y: number, bw: number, bh: number): string {
  const cols = 1 + Math.round(ctx.detail * 3);
  const rows = Math.max(1, Math.round((bh / bw) * cols * 0.8));
  const gx = bw / (cols * 2 + 1);
  const gy = bh / (rows * 2 + 1);
  const [lit, dark] =
    ctx.lighting === "night"
      ? ["#ffd66b", "#3a4468"]
      : ctx.lighting === "dusk"
        ? ["#ffb36b", "#5c4a66"]
        : ["#d4ecf8", "#7fa6c4"];
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const colour = hexToRgb(rng.chance(ctx.lighting === "night" ? 0.55 : 0.3) ? lit : dark);
      out.push(
        `<rect x="${n(x + gx * (1 + 2 * c))}" y="${n(y + gy * (1 + 2 * r))}" width="${n(gx)}" height="${n(gy)}" fill="${fillHex(colour)}"/>`,
      );
    }
  }
  return out.join("");
}

function road(ctx: SceneContext): string {
  const { width: w, height: h, horizonY: hy } = ctx;
  const colour = ctx.tint(hexToRgb("#8d8a86"));
  return shape(
    polygon([
      [ctx.vpX - w * 0.01, hy],
      [ctx.vpX + w * 0.01, hy],
      [ctx.vpX + w * 0.42, h],
      [ctx.vpX - w * 0.42, h],
    ]),
    fillHex(colour),
    ink(ctx),
  );
}

function hills(ctx: SceneContext, rng: Rng, ranges: number): string {
  const { width: w, horizonY: hy } = ctx;
  const out: string[] = [];
  for (let r = 0; r < ranges; r++) {
    const far = ranges - r;
    const amplitude = ctx.height * 0.08 * far * Math.sqrt(ctx.shotScale);
    const points: [number, number][] = [[0, hy]];
    const peaks = rng.int(3, 6);
    for (let i = 0; i <= peaks; i++) {
      points.push([(w * i) / peaks, hy - amplitude * rng.range(0.3, 1)]);
    }
    points.push([w, hy]);
    const colour = ctx.tint(mixRgb(ctx.palette[r % ctx.palette.length]!, ctx.sky.horizon, 0.12 * far));
    out.push(shape(polygon(points), fillHex(colour), ink(ctx)));
  }
  return out.join("");
}

function trees(ctx: SceneContext, rng: Rng, density = 1): string {
  const { width: w, height: h, horizonY: hy } = ctx;
  const out: string[] = [];
  const count = Math.max(2, Math.round(rng.int(4, 8) * density));
  const trunk = ctx.tint(hexToRgb("#7b5a3a"));
  const placed = Array.from({ length: count }, () => {
    const nearness = rng.next();
    return { x: rng.range(-0.05, 1.05) * w, nearness };
  }).sort((a, b) => a.nearness - b.nearness);
  for (const { x, nearness } of placed) {
    const base = hy + (h - hy) * nearness * 0.6;
    const size = h * (0.12 + nearness * 0.35) * Math.sqrt(ctx.shotScale);
    out.push(shape(capsule(x, base, x, base - size * 0.6, size * 0.12), fillHex(trunk), ink(ctx)));
    const leaves = ctx.tint(rng.pick(ctx.palette));
    const cy = base - size * 0.8;
    for (const [ox, oy, k] of [
      [-0.28, 0.1, 0.32],
      [0.28, 0.1, 0.32],
      [0, -0.12, 0.4],
    ] as const) {
      out.push(
        shape(
          ellipse(x + ox * size, cy + oy * size, size * k, size * k * 0.9),
          fillHex(shade(leaves, ox * 20)),
          ink(ctx),
        ),
      );
    }
  }
  return out.join("");
}

function water(ctx: SceneContext, rng: Rng): string {
  const { width: w, height: h, horizonY: hy } = ctx;
  const shoreY = hy + (h - hy) * rng.range(0.35, 0.55);
  const sea = ctx.tint(ctx.palette[0]!);
  const sand = ctx.tint(ctx.palette[1] ?? hexToRgb("#e8d49a"));
  const wobble = (y: number) =>
    Array.from(
      { length: 9 },
      (_, i) => [(w * i) / 8, y + ctx.height * 0.015 * Math.sin(i * 1.7 + rng.next())] as [number, number],
    );
  const shore = wobble(shoreY);
  return [
    shape(polygon([[0, hy], [w, hy], [w, shoreY], ...shore.reverse()]), fillHex(sea), ink(ctx)),
    shape(polygon([...wobble(shoreY), [w, h], [0, h]]), fillHex(sand), ink(ctx)),
  ].join("");
}

function room(ctx: SceneContext, rng: Rng): Layer {
  const box = roomBox(ctx);
  const out: string[] = [];
  // A window on the back wall showing the time of day.
  const [skyTop, skyLow] = WINDOW_SKY[ctx.lighting] ?? WINDOW_SKY.day!;
  const ww = box.bw * rng.range(0.22, 0.32);
  const wh = box.bh * rng.range(0.3, 0.42);
  const wx = ctx.lightSide < 0 ? box.left + box.bw * 0.12 : box.right - box.bw * 0.12 - ww;
  const wy = box.top + box.bh * 0.18;
  const defs = `<linearGradient id="win" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${fillHex(hexToRgb(skyTop))}"/><stop offset="1" stop-color="${fillHex(hexToRgb(skyLow))}"/></linearGradient>`;
  out.push(
    shape(
      polygon([
        [wx, wy],
        [wx + ww, wy],
        [wx + ww, wy + wh],
        [wx, wy + wh],
      ]),
      "url(#win)",
      ink(ctx),
    ),
  );
  out.push(
    inkPath(
      `M${n(wx + ww / 2)} ${n(wy)}L${n(wx + ww / 2)} ${n(wy + wh)}M${n(wx)} ${n(wy + wh / 2)}L${n(wx + ww)} ${n(wy + wh / 2)}`,
      ctx.inkColour,
      ctx.inkWidth,
    ),
  );
  // A door on the other side.
  const dw = box.bw * 0.16;
  const dx = ctx.lightSide < 0 ? box.right - box.bw * 0.1 - dw : box.left + box.bw * 0.1;
  out.push(
    shape(
      polygon([
        [dx, box.floor - box.bh * 0.62],
        [dx + dw, box.floor - box.bh * 0.62],
        [dx + dw, box.floor],
        [dx, box.floor],
      ]),
      fillHex(ctx.tint(ctx.palette[0]!)),
      ink(ctx),
    ),
  );
  // A table in perspective.
  const tx = ctx.vpX + box.bw * rng.range(-0.25, 0.25);
  const ty = box.floor + (ctx.height - box.floor) * rng.range(0.15, 0.35);
  const tw = box.bw * 0.35;
  const top = ctx.tint(ctx.palette[2] ?? ctx.palette[0]!);
  const legs = shade(top, -20);
  for (const lx of [tx - tw / 2 + tw * 0.08, tx + tw / 2 - tw * 0.08]) {
    out.push(shape(capsule(lx, ty, lx, ty + box.bh * 0.28, tw * 0.05), fillHex(legs), ink(ctx)));
  }
  out.push(
    shape(
      polygon([
        [tx - tw / 2, ty],
        [tx + tw / 2, ty],
        [tx + tw * 0.42, ty - box.bh * 0.08],
        [tx - tw * 0.42, ty - box.bh * 0.08],
      ]),
      fillHex(top),
      ink(ctx),
    ),
  );
  // A lamp hanging from the ceiling.
  const lampX = ctx.vpX + box.bw * rng.range(-0.2, 0.2);
  out.push(inkPath(`M${n(lampX)} 0L${n(lampX)} ${n(box.top + box.bh * 0.05)}`, ctx.inkColour, ctx.inkWidth));
  out.push(
    shape(
      polygon([
        [lampX - box.bw * 0.05, box.top + box.bh * 0.12],
        [lampX + box.bw * 0.05, box.top + box.bh * 0.12],
        [lampX + box.bw * 0.025, box.top + box.bh * 0.05],
        [lampX - box.bw * 0.025, box.top + box.bh * 0.05],
      ]),
      fillHex(hexToRgb("#ffe19a")),
      ink(ctx),
    ),
  );
  return { defs, body: out.join("") };
}
