import { toByte, toLinear, type Vec3 } from "./color.ts";
import type { RgbaImage } from "./layer.ts";
import type { LightEstimate } from "./light.ts";

/**
 * How far a character's colour balance moves toward the scene's illuminant (0..1). Less than 1:
 * a figure keeps enough of its own colours to stay recognisable under coloured light.
 */
export const TEMPERATURE_MATCH_STRENGTH = 0.75;
/**
 * Mean linear luminance of a neutral daylight environment from the sketch engine (measured over
 * its day scenes); a scene at this level leaves a character's brightness as drawn.
 */
export const REFERENCE_AMBIENT = 0.42;
/** Bounds on the ambient gain: night dims a figure, it never turns it into a silhouette. */
export const MIN_AMBIENT_GAIN = 0.45;
export const MAX_AMBIENT_GAIN = 1.15;
/** Largest brightening/darkening across a figure from the light's side to the far side. */
export const DIRECTIONAL_SHADE = 0.14;

/** Per-channel gains (linear light) that move a neutrally-lit layer toward the scene's illuminant. */
export function temperatureGains(light: LightEstimate, strength = TEMPERATURE_MATCH_STRENGTH): Vec3 {
  const [r, g, b] = light.illuminant;
  return [1 + (r - 1) * strength, 1 + (g - 1) * strength, 1 + (b - 1) * strength];
}

/**
 * Brightness gain that matches a layer to the environment's ambient level. The square root
 * compresses the range: eyes adapt, and a figure in a dim room is darker, not as dark as the wall.
 */
export function ambientGain(light: LightEstimate): number {
  const gain = Math.sqrt(light.ambient / REFERENCE_AMBIENT);
  return Math.max(MIN_AMBIENT_GAIN, Math.min(MAX_AMBIENT_GAIN, gain));
}

export interface MatchSteps {
  temperature: boolean;
  ambient: boolean;
}

/**
 * Relights a character layer in place (a von Kries-style diagonal transform in linear light):
 * colour temperature toward the scene's illuminant, overall level toward its ambient, and a
 * gentle ramp across the figure, brighter on the side the light comes from.
 */
export function matchLighting(layer: RgbaImage, light: LightEstimate, steps: MatchSteps): void {
  if (!steps.temperature && !steps.ambient) return;
  const gains: Vec3 = steps.temperature ? temperatureGains(light) : [1, 1, 1];
  const gain = steps.ambient ? ambientGain(light) : 1;
  const { width: w, height: h, data } = layer;
  const ramp = steps.ambient ? DIRECTIONAL_SHADE * light.strength * light.direction[0] : 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      if (data[i + 3] === 0) continue;
      // -1 at the figure's left edge, 1 at its right.
      const side = w > 1 ? (x / (w - 1)) * 2 - 1 : 0;
      const k = gain * (1 + ramp * side);
      data[i] = toByte(toLinear(data[i]!) * gains[0] * k);
      data[i + 1] = toByte(toLinear(data[i + 1]!) * gains[1] * k);
      data[i + 2] = toByte(toLinear(data[i + 2]!) * gains[2] * k);
    }
  }
}
