import type { Rgb } from "../../analysis/color.ts";
import type { Rng } from "./rng.ts";
import { ellipse, fillHex, inkFill, inkPath, n, shape } from "./svg.ts";

/** Heads: a hair style seeded from the character (so it is theirs in every panel) and a face. */

export type Expression = "neutral" | "happy" | "sad" | "angry" | "surprised";

export function parseExpression(text: string | undefined): Expression {
  const t = (text ?? "").toLowerCase();
  if (/\b(happy|smil|laugh|joy|glad)\w*/.test(t)) return "happy";
  if (/\b(sad|cry|crying|upset|tear)\w*/.test(t)) return "sad";
  if (/\b(angry|mad|furious|rage|annoyed)\w*/.test(t)) return "angry";
  if (/\b(surpris|shock|astonish|amazed)\w*/.test(t)) return "surprised";
  return "neutral";
}

export function hair(
  identity: Rng,
  x: number,
  y: number,
  r: number,
  colour: Rgb,
  tint: (rgb: Rgb) => Rgb,
  ink: { colour: string; width: number },
): string {
  const style = identity.int(0, 2);
  const R = r * 1.1;
  const fringe = [
    [0.75, -0.25],
    [0.4, -0.05],
    [0, -0.35],
    [-0.4, -0.05],
    [-0.75, -0.25],
  ]
    .map(([fx, fy]) => `L${n(x + fx! * r)} ${n(y + fy! * r)}`)
    .join("");
  let d: string;
  if (style === 0) {
    // Short crop.
    d = `M${n(x - R)} ${n(y + 0.05 * r)}A${n(R)} ${n(R * 1.05)} 0 0 1 ${n(x + R)} ${n(y + 0.05 * r)}${fringe}Z`;
  } else if (style === 1) {
    // Long, falling to the shoulders.
    d = `M${n(x - R)} ${n(y + 1.3 * r)}L${n(x - R)} ${n(y)}A${n(R)} ${n(R * 1.05)} 0 0 1 ${n(x + R)} ${n(y)}L${n(x + R)} ${n(
      y + 1.3 * r,
    )}L${n(x + 0.7 * r)} ${n(y + 1.3 * r)}L${n(x + 0.8 * r)} ${n(y - 0.1 * r)}${fringe}L${n(x - 0.8 * r)} ${n(y - 0.1 * r)}L${n(
      x - 0.7 * r,
    )} ${n(y + 1.3 * r)}Z`;
  } else {
    // Spiky.
    const spikes = [-1, -0.5, 0, 0.5, 1]
      .map(
        (s) =>
          `L${n(x + s * R * 0.9)} ${n(y - R * 1.45 + Math.abs(s) * R * 0.4)}L${n(x + (s + 0.25) * R * 0.9)} ${n(y - R * 0.85)}`,
      )
      .join("");
    d = `M${n(x - R)} ${n(y + 0.05 * r)}L${n(x - R)} ${n(y - 0.6 * R)}${spikes}L${n(x + R)} ${n(y + 0.05 * r)}${fringe}Z`;
  }
  return shape(d, fillHex(tint(colour)), ink);
}

export function face(
  expression: Expression,
  x: number,
  y: number,
  r: number,
  inkColour: string,
  width: number,
): string {
  const out: string[] = [];
  const eyeRy = expression === "surprised" ? r * 0.2 : r * 0.15;
  for (const side of [-1, 1]) {
    out.push(inkFill(ellipse(x + side * r * 0.36, y - r * 0.02, r * 0.1, eyeRy), inkColour));
  }
  const brow = (inner: number, outer: number) =>
    [-1, 1]
      .map(
        (side) =>
          `M${n(x + side * r * 0.18)} ${n(y - r * (0.3 + inner))}L${n(x + side * r * 0.52)} ${n(y - r * (0.3 + outer))}`,
      )
      .join("");
  let mouth: string;
  switch (expression) {
    case "happy":
      mouth = `M${n(x - r * 0.3)} ${n(y + r * 0.38)}Q${n(x)} ${n(y + r * 0.7)} ${n(x + r * 0.3)} ${n(y + r * 0.38)}`;
      break;
    case "sad":
      mouth = `M${n(x - r * 0.26)} ${n(y + r * 0.58)}Q${n(x)} ${n(y + r * 0.36)} ${n(x + r * 0.26)} ${n(y + r * 0.58)}`;
      out.push(inkPath(brow(0.08, -0.04), inkColour, width));
      break;
    case "angry":
      mouth = `M${n(x - r * 0.24)} ${n(y + r * 0.5)}L${n(x + r * 0.24)} ${n(y + r * 0.5)}`;
      out.push(inkPath(brow(-0.06, 0.1), inkColour, width));
      break;
    case "surprised":
      out.push(inkFill(ellipse(x, y + r * 0.5, r * 0.12, r * 0.16), inkColour));
      out.push(inkPath(brow(0.14, 0.14), inkColour, width));
      return out.join("");
    case "neutral":
      mouth = `M${n(x - r * 0.18)} ${n(y + r * 0.5)}L${n(x + r * 0.18)} ${n(y + r * 0.5)}`;
      break;
    default: {
      const never: never = expression;
      throw new Error(`unknown expression ${String(never)}`);
    }
  }
  out.push(inkPath(mouth, inkColour, width));
  return out.join("");
}
