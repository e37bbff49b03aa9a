import { hexToRgb, type Rgb, rgbToHex, shade } from "../../analysis/color.ts";
import type { CharacterSpec } from "../types.ts";
import type { SceneContext } from "./context.ts";
import { face, hair, parseExpression } from "./face.ts";
import { createRng, hash32 } from "./rng.ts";
import type { Layer } from "./scene.ts";
import { capsule, colourPath, ellipse, fillHex, n, polygon, shape } from "./svg.ts";

/**
 * A character as a simple figure: its own palette (outfit, bottoms, hair, skin, accent), its place
 * and size in the panel, its pose and its expression. What makes the character recognisable
 * (hair style, build) is seeded from the character's id, so it stays the same in every panel;
 * only small pose variations come from the variation seed.
 */

export type Pose = "standing" | "sitting" | "action" | "waving" | "pointing";

export function parsePose(text: string | undefined): Pose {
  const t = (text ?? "").toLowerCase();
  if (/\b(sit|sitting|seated)\b/.test(t)) return "sitting";
  if (/\b(run|running|action|fight|fighting|jump|jumping|kick|dash)\w*/.test(t)) return "action";
  if (/\b(wave|waving|hello|greet)\w*/.test(t)) return "waving";
  if (/\b(point|pointing)\w*/.test(t)) return "pointing";
  return "standing";
}

/** How a figure is turned: 0 facing the viewer .. 1 in profile; `facing` +1 right, -1 left. */
export interface View {
  turn: number;
  back: boolean;
  facing: -1 | 1 | null;
}

/** The anchor library's angles (front, three-quarter-left/right, side-left/right, back). */
export function parseView(text: string | undefined): View {
  const t = (text ?? "").toLowerCase();
  const facing = /left/.test(t) ? -1 : /right/.test(t) ? 1 : null;
  if (/back|behind/.test(t)) return { turn: 0, back: true, facing };
  if (/side|profile/.test(t)) return { turn: 1, back: false, facing: facing ?? 1 };
  if (/three|3\/4|quarter/.test(t)) return { turn: 0.5, back: false, facing: facing ?? 1 };
  return { turn: 0, back: false, facing };
}

/** The five colour roles, filled in from defaults where the palette is short. */
export interface FigureColours {
  outfit: Rgb;
  bottoms: Rgb;
  hair: Rgb;
  skin: Rgb;
  accent: Rgb;
}

/** Missing entries (null or absent) take the role's default. */
export function figureColours(palette: readonly (string | null | undefined)[]): FigureColours {
  const outfit = hexToRgb(palette[0] ?? "#c0504d");
  return {
    outfit,
    bottoms: palette[1] ? hexToRgb(palette[1]) : shade(outfit, -25),
    hair: hexToRgb(palette[2] ?? "#3a2a22"),
    skin: hexToRgb(palette[3] ?? "#f1c7a5"),
    accent: palette[4] ? hexToRgb(palette[4]) : shade(outfit, 18),
  };
}

/**
 * A full five-role palette (outfit, bottoms, hair, skin, accent) from roles that may be missing,
 * each missing one filled as the engine would draw it. A short palette must never shift roles:
 * without hair, the skin colour would land in the hair slot and the face be drawn in the accent.
 */
export function rolePalette(roles: readonly (string | null | undefined)[]): string[] {
  const c = figureColours(roles);
  return [c.outfit, c.bottoms, c.hair, c.skin, c.accent].map(rgbToHex);
}

/** Where a character is drawn: its box in pixels (used for character-consistency crops too). */
export interface FigureBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Figure height in px for a character in a panel of this height and shot. */
export function figureHeight(
  character: Pick<CharacterSpec, "scale">,
  panelHeight: number,
  shotScale: number,
): number {
  return character.scale * panelHeight * shotScale;
}

/**
 * y of the figure's feet, px. Close shots keep the head where a medium shot puts it and let the
 * body run out of the frame, as a close-up does; wider shots keep the feet on the ground.
 */
export function figureFootY(
  character: Pick<CharacterSpec, "y" | "scale">,
  panelHeight: number,
  shotScale: number,
): number {
  const medium = character.scale * panelHeight;
  const grow = shotScale > 1 ? medium * shotScale - medium : 0;
  return character.y * panelHeight + grow;
}

/** The box a character occupies (before pose jitter), clipped to the panel. */
export function figureBox(
  character: Pick<CharacterSpec, "x" | "y" | "scale">,
  panelWidth: number,
  panelHeight: number,
  shotScale: number,
): FigureBox {
  const u = figureHeight(character, panelHeight, shotScale);
  const cx = character.x * panelWidth;
  const foot = figureFootY(character, panelHeight, shotScale);
  const x0 = Math.max(0, cx - u * 0.36);
  const x1 = Math.min(panelWidth, cx + u * 0.36);
  const y0 = Math.max(0, foot - u * 1.02);
  const y1 = Math.min(panelHeight, foot + u * 0.03);
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}

interface Limb {
  root: [number, number];
  /** Angles from straight down, degrees; positive turns away from the body's centre line. */
  upper: number;
  lower: number;
  upperLength: number;
  lowerLength: number;
  width: number;
  side: -1 | 1;
}

function limbPoints(limb: Limb): [[number, number], [number, number], [number, number]] {
  const toRad = Math.PI / 180;
  const a1 = limb.upper * toRad;
  const a2 = limb.lower * toRad;
  const joint: [number, number] = [
    limb.root[0] + limb.side * Math.sin(a1) * limb.upperLength,
    limb.root[1] + Math.cos(a1) * limb.upperLength,
  ];
  const end: [number, number] = [
    joint[0] + limb.side * Math.sin(a2) * limb.lowerLength,
    joint[1] + Math.cos(a2) * limb.lowerLength,
  ];
  return [limb.root, joint, end];
}

interface PoseAngles {
  /** Degrees from straight down, (upper, lower) for the left limb then the right one. */
  arms: readonly [number, number, number, number];
  legs: readonly [number, number, number, number];
  /** Torso lean and jump height, as fractions of the figure's height. */
  lean: number;
  lift: number;
}

const POSES: Record<Exclude<Pose, "pointing">, PoseAngles> = {
  standing: { arms: [12, 6, 12, 6], legs: [4, 0, 4, 0], lean: 0, lift: 0 },
  waving: { arms: [12, 6, 150, 175], legs: [4, 0, 4, 0], lean: 0, lift: 0 },
  action: { arms: [70, 120, 35, -20], legs: [30, -5, -12, 35], lean: 0.05, lift: 0.04 },
  sitting: { arms: [20, -30, 20, -30], legs: [10, 0, 10, 0], lean: 0, lift: 0 },
};

/** Pointing uses the arm on the side of the panel's centre. */
function poseAngles(pose: Pose, pointRight: boolean): PoseAngles {
  if (pose !== "pointing") return POSES[pose];
  return { arms: pointRight ? [12, 6, 88, 92] : [88, 92, 12, 6], legs: [4, 0, 4, 0], lean: 0, lift: 0 };
}

/** One character's figure: fills, shading and ink in painter's order. */
export function figure(ctx: SceneContext, character: CharacterSpec, index: number, seed: number): Layer {
  const identity = createRng(hash32(character.id), "identity");
  const jitter = createRng(seed, `figure:${index}`);
  const colours = figureColours(character.palette);
  const tint = (rgb: Rgb) => ctx.tint(rgb, 0.6);
  const pose = parsePose(character.pose);
  const expression = parseExpression(character.expression);
  const u = figureHeight(character, ctx.height, ctx.shotScale);
  const build = identity.range(0.9, 1.12);
  const angles = poseAngles(pose, character.x < 0.5);
  const cx = character.x * ctx.width + jitter.range(-0.015, 0.015) * ctx.width;
  const ground = figureFootY(character, ctx.height, ctx.shotScale);
  const foot = ground - angles.lift * u;
  const ink = { colour: ctx.inkColour, width: Math.min(ctx.inkWidth, u * 0.02 + 1) };
  const sitting = pose === "sitting";
  const hipY = foot - u * (sitting ? 0.3 : 0.47);
  const r = u * 0.105;
  const shoulderY = hipY - u * 0.3;
  const headY = shoulderY - r * 1.25;
  const lean = angles.lean * u * (character.x < 0.5 ? 1 : -1);
  const view = parseView(character.angle);
  // A turned body shows less of its width: a profile about half of the front view's.
  const narrowing = 1 - 0.45 * view.turn;
  const shoulderHalf = u * 0.14 * build * narrowing;
  const hipHalf = u * 0.09 * build * narrowing;
  const facing = view.facing ?? (character.x < 0.5 ? 1 : -1);
  const j = () => jitter.range(-7, 7);

  const defs: string[] = [];
  const body: string[] = [];
  let clips = 0;
  const clipped = (d: string, base: Rgb, shadowSide: number) => {
    const id = `c${index}_${clips++}`;
    defs.push(`<clipPath id="${id}"><path d="${d}"/></clipPath>`);
    const sx = shadowSide < 0 ? cx - u : cx + lean;
    body.push(shape(d, fillHex(tint(base))));
    body.push(
      `<rect x="${n(sx)}" y="${n(foot - u * 1.2)}" width="${n(u)}" height="${n(u * 1.3)}" fill="${fillHex(tint(shade(base, -16)))}" clip-path="url(#${id})"/>`,
    );
    body.push(shape(d, "none", ink));
  };

  // Cast shadow on the ground.
  body.push(
    `<path class="g" d="${ellipse(cx, ground, u * 0.22, u * 0.035)}" fill="#000" fill-opacity="0.2"/>`,
  );
  if (sitting) {
    const seat = shade(tint(hexToRgb("#8a7a6a")), 0);
    body.push(
      shape(
        polygon([
          [cx - u * 0.22, hipY],
          [cx + u * 0.22, hipY],
          [cx + u * 0.22, foot],
          [cx - u * 0.22, foot],
        ]),
        fillHex(seat),
        ink,
      ),
    );
  }

  const legWidth = u * 0.085 * build;
  const armWidth = u * 0.068 * build;
  const legs: Limb[] = ([-1, 1] as const).map((side, i) => ({
    root: [cx + side * hipHalf * 0.55, hipY],
    upper: angles.legs[2 * i]! + j() * 0.4,
    lower: angles.legs[2 * i + 1]! + j() * 0.4,
    upperLength: u * (sitting ? 0.07 : 0.24),
    lowerLength: u * (sitting ? 0.24 : 0.24),
    width: legWidth,
    side,
  }));
  const arms: Limb[] = ([-1, 1] as const).map((side, i) => ({
    root: [cx + lean + side * shoulderHalf * 0.85, shoulderY + armWidth * 0.3],
    upper: angles.arms[2 * i]! + j(),
    lower: angles.arms[2 * i + 1]! + j(),
    upperLength: u * 0.17,
    lowerLength: u * 0.16,
    width: armWidth,
    side,
  }));

  const drawLimb = (limb: Limb, colour: Rgb, endColour: Rgb) => {
    const [a, b, c] = limbPoints(limb);
    const base = limb.side === ctx.lightSide ? colour : shade(colour, -16);
    body.push(shape(capsule(a[0], a[1], b[0], b[1], limb.width), fillHex(tint(base)), ink));
    body.push(shape(capsule(b[0], b[1], c[0], c[1], limb.width * 0.92), fillHex(tint(base)), ink));
    body.push(shape(ellipse(c[0], c[1], limb.width * 0.62, limb.width * 0.5), fillHex(tint(endColour)), ink));
  };

  for (const leg of legs) drawLimb(leg, colours.bottoms, colours.accent);

  const torso = polygon([
    [cx + lean - shoulderHalf, shoulderY],
    [cx + lean + shoulderHalf, shoulderY],
    [cx + hipHalf * 1.15, hipY + u * 0.02],
    [cx - hipHalf * 1.15, hipY + u * 0.02],
  ]);
  clipped(torso, colours.outfit, -ctx.lightSide);
  body.push(
    colourPath(
      `M${n(cx - hipHalf * 1.1)} ${n(hipY - u * 0.03)}L${n(cx + hipHalf * 1.1)} ${n(hipY - u * 0.03)}`,
      fillHex(tint(colours.accent)),
      Math.max(1, u * 0.02),
    ),
  );

  for (const arm of arms) drawLimb(arm, colours.outfit, colours.skin);

  // Neck and head.
  body.push(
    shape(
      capsule(cx + lean, shoulderY, cx + lean, headY + r * 0.6, r * 0.5),
      fillHex(tint(colours.skin)),
      ink,
    ),
  );
  const hx = cx + lean;
  clipped(ellipse(hx, headY, r, r * 1.08), colours.skin, -ctx.lightSide);
  // Turned heads: the hair mass sits toward the back of the head and the nose shows in profile.
  body.push(hair(identity, hx - facing * r * 0.22 * view.turn, headY, r, colours.hair, tint, ink));
  if (view.turn > 0 && !view.back) {
    body.push(
      shape(
        polygon([
          [hx + facing * r * 0.9, headY - r * 0.1],
          [hx + facing * r * (1 + 0.22 * view.turn), headY + r * 0.2],
          [hx + facing * r * 0.88, headY + r * 0.3],
        ]),
        fillHex(tint(colours.skin)),
        ink,
      ),
    );
  }
  if (view.back) {
    // Seen from behind: the back of the head is hair, and there is no face.
    body.push(shape(ellipse(hx, headY, r * 1.06, r * 1.12), fillHex(tint(colours.hair)), ink));
    return { defs: defs.join(""), body: body.join("") };
  }
  body.push(
    face(
      expression,
      hx + facing * r * (0.16 + 0.4 * view.turn),
      headY,
      r,
      ctx.inkColour,
      Math.max(1, Math.min(ink.width, r * 0.14)),
    ),
  );
  return { defs: defs.join(""), body: body.join("") };
}

/** All characters, farthest (highest on screen) first so nearer ones overlap them. */
export function figuresLayer(ctx: SceneContext, characters: readonly CharacterSpec[], seed: number): Layer {
  const order = characters.map((c, i) => ({ c, i })).sort((a, b) => a.c.y - b.c.y || a.i - b.i);
  const layers = order.map(({ c, i }) => figure(ctx, c, i, seed));
  return { defs: layers.map((l) => l.defs).join(""), body: layers.map((l) => l.body).join("") };
}
