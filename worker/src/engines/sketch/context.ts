import { hexToRgb, mixRgb, type Rgb } from "../../analysis/color.ts";
import { strokeWidthForLineWeight } from "../../analysis/style-scale.ts";
import type { Camera, Lighting, PanelDescription, Shot } from "../types.ts";
import { createRng } from "./rng.ts";

export type SceneKind = "street" | "nature" | "water" | "hills" | "room";

/** Everything the layers share for one variation: geometry, light, colours, ink. */
export interface SceneContext {
  width: number;
  height: number;
  longSide: number;
  seed: number;
  kind: SceneKind;
  lighting: Lighting;
  camera: Camera;
  shot: Shot;
  /** y of the horizon (outdoors) or of the back wall's floor line (rooms), px. */
  horizonY: number;
  /** x of the vanishing point, px. */
  vpX: number;
  /** Figures' size multiplier from the shot. */
  shotScale: number;
  /** -1: light from the left, 1: from the right. */
  lightSide: -1 | 1;
  inkColour: string;
  inkWidth: number;
  detail: number;
  /** Scenery colours: the project palette when it has one, else the defaults for the scene. */
  palette: Rgb[];
  sky: { top: Rgb; horizon: Rgb };
  ground: { far: Rgb; near: Rgb };
  /** Pulls a colour toward the light of the scene (dusk orange, night blue). */
  tint(rgb: Rgb, strength?: number): Rgb;
}

const HORIZON_BY_CAMERA: Record<Camera, number> = { eye: 0.56, low: 0.8, high: 0.27 };
/** Figures' size multiplier per shot: a close-up draws them bigger, a wide shot smaller. */
export const SHOT_SCALE: Record<Shot, number> = { wide: 0.62, medium: 1, close: 1.85 };

const SKIES: Record<
  Lighting,
  { top: string; horizon: string; far: string; near: string; tint: string; tintAmount: number }
> = {
  day: {
    top: "#4f9be0",
    horizon: "#cfe6f5",
    far: "#a9c98a",
    near: "#6f9a4c",
    tint: "#fff6dc",
    tintAmount: 0.05,
  },
  dusk: {
    top: "#3a2c66",
    horizon: "#f0955a",
    far: "#9a6a62",
    near: "#5a4250",
    tint: "#f08a5d",
    tintAmount: 0.25,
  },
  night: {
    top: "#263366",
    horizon: "#42558c",
    far: "#3d4763",
    near: "#2f3650",
    tint: "#24305e",
    tintAmount: 0.45,
  },
  interior: {
    top: "#f2e8d8",
    horizon: "#e6d5b8",
    far: "#b08860",
    near: "#8c6644",
    tint: "#ffd9a0",
    tintAmount: 0.1,
  },
};

const DEFAULT_SCENERY: Record<SceneKind, string[]> = {
  street: ["#c9a27e", "#9fb4c7", "#d9c9a3", "#b07a6a", "#8f9aa6"],
  nature: ["#4f8a3c", "#6fa34d", "#7b5a3a", "#3e6e35", "#93b86a"],
  water: ["#3f86b8", "#e8d49a", "#6fb0d4", "#f2e2b8", "#5a9a6a"],
  hills: ["#7a9a6a", "#9ab07a", "#6a7f8f", "#b8c49a", "#58704a"],
  room: ["#b0744c", "#7f9cb0", "#d8b48a", "#a85f5f", "#6f8f6f"],
};

const KIND_WORDS: [SceneKind, RegExp][] = [
  [
    "room",
    /\b(room|kitchen|office|caf[eé]|classroom|bedroom|apartment|flat|shop|store|inside|interior|hall|library|bar|restaurant|studio|corridor)\b/,
  ],
  ["water", /\b(beach|sea|ocean|lake|river|harbou?r|coast|shore|pier|bay)\b/],
  ["nature", /\b(forest|park|trees?|garden|woods?|jungle|grove)\b/],
  ["hills", /\b(mountains?|hills?|valley|field|meadow|country(side)?|farm|plains?)\b/],
  ["street", /\b(city|street|town|road|alley|market|school|station|downtown|avenue|rooftop)\b/],
];

export function sceneKind(description: PanelDescription): SceneKind {
  if (description.location?.lighting === "interior") return "room";
  const text = `${description.location?.name ?? ""} ${description.prompt}`.toLowerCase();
  for (const [kind, words] of KIND_WORDS) if (words.test(text)) return kind;
  return "street";
}

export function createSceneContext(description: PanelDescription, seed: number): SceneContext {
  const { width, height, style } = description;
  const longSide = Math.max(width, height);
  const lighting = description.location?.lighting ?? "day";
  const camera = description.location?.camera ?? "eye";
  const shot = description.location?.shot ?? "medium";
  const kind = sceneKind(description);
  const rng = createRng(seed, "context");
  const sky = SKIES[kind === "room" && lighting !== "interior" ? "interior" : lighting];
  const tintRgb = hexToRgb(sky.tint);
  const palette = (style.palette && style.palette.length > 0 ? style.palette : DEFAULT_SCENERY[kind]).map(
    hexToRgb,
  );
  const horizonJitter = rng.range(-0.03, 0.03);
  return {
    width,
    height,
    longSide,
    seed,
    kind,
    lighting,
    camera,
    shot,
    horizonY: height * (HORIZON_BY_CAMERA[camera] + horizonJitter),
    vpX: width * rng.range(0.36, 0.64),
    shotScale: SHOT_SCALE[shot],
    lightSide: rng.chance(0.5) ? -1 : 1,
    inkColour: "#161513",
    inkWidth: strokeWidthForLineWeight(style.lineWeight, longSide),
    detail: style.detail,
    palette,
    sky: { top: hexToRgb(sky.top), horizon: hexToRgb(sky.horizon) },
    ground: { far: hexToRgb(sky.far), near: hexToRgb(sky.near) },
    tint: (rgb, strength = 1) => mixRgb(rgb, tintRgb, Math.min(1, sky.tintAmount * strength)),
  };
}
