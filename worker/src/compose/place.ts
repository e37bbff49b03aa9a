import type { DepthMap } from "./depth.ts";
import { groundDepthAt } from "./depth.ts";

/** Where a character layer goes, in panel pixels. */
export interface Placement {
  /** Horizontal centre of the feet, px. */
  footX: number;
  /** y of the feet (the ground contact), px. */
  footY: number;
  /** Scale applied to the layer as drawn. */
  scale: number;
  /** Depth the character stands at, 0 near .. 1 far (the ground plane's depth at the feet). */
  depth: number;
}

/** Feet at this share of the panel height keep the layer's drawn size; nearer grow, farther shrink. */
export const REFERENCE_FOOT_Y = 0.9;
/** Bounds on the depth scale, so a figure never vanishes or swamps the frame. */
export const MIN_DEPTH_SCALE = 0.25;
export const MAX_DEPTH_SCALE = 1.6;

/**
 * Depth at which a character whose feet are at (footX, footY) stands. Below the horizon that is
 * the ground plane's depth; above it the character stands on something (a roof, a table), whose
 * depth the map gives.
 */
export function standingDepth(depth: DepthMap, footX: number, footY: number): number {
  if (footY > depth.horizonY) return groundDepthAt(footY, depth.horizonY, depth.height);
  const x = Math.max(0, Math.min(depth.width - 1, Math.round(footX)));
  const y = Math.max(0, Math.min(depth.height - 1, Math.round(footY)));
  return depth.data[y * depth.width + x]!;
}

/**
 * Scale for a figure standing at `footY` so that it sits on the ground plane: for a pinhole camera
 * over flat ground, an upright figure's image height is proportional to its feet's distance below
 * the horizon, i.e. to (1 - depth) of the plane. The layer's drawn size is taken to be right at
 * REFERENCE_FOOT_Y. Feet outside the frame (close shots) keep the drawn size: a close-up is not
 * framed on the ground.
 */
export function depthScale(depth: DepthMap, footX: number, footY: number): number {
  if (footY >= depth.height || footY < 0) return 1;
  const reference = 1 - groundDepthAt(depth.height * REFERENCE_FOOT_Y, depth.horizonY, depth.height);
  const here = 1 - standingDepth(depth, footX, footY);
  if (reference <= 1e-3) return 1;
  return Math.max(MIN_DEPTH_SCALE, Math.min(MAX_DEPTH_SCALE, here / reference));
}

export function place(depth: DepthMap, footX: number, footY: number, scaleByDepth: boolean): Placement {
  return {
    footX,
    footY,
    scale: scaleByDepth ? depthScale(depth, footX, footY) : 1,
    depth: standingDepth(depth, footX, footY),
  };
}
