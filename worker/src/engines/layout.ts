import { SHOT_SCALE } from "./sketch/context.ts";
import { type FigureBox, figureBox } from "./sketch/figure.ts";
import type { CharacterSpec, PanelDescription } from "./types.ts";

export type { FigureBox } from "./sketch/figure.ts";

/**
 * Where a character of the description is expected in the panel, px: the box the sketch engine
 * draws it in (before its small per-seed jitter). Diffusion engines are asked for the same place
 * in words, so the same box is the best guess for their pictures too. Used to crop the character
 * for the character-consistency score.
 */
export function characterBox(
  description: Pick<PanelDescription, "width" | "height" | "location">,
  character: Pick<CharacterSpec, "x" | "y" | "scale">,
): FigureBox {
  const shot = SHOT_SCALE[description.location?.shot ?? "medium"];
  return figureBox(character, description.width, description.height, shot);
}
