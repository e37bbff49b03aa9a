import { z } from "zod";
import { EngineInputError } from "./errors.ts";
import type { PanelDescription } from "./types.ts";

/** Largest side an engine is asked to draw, in pixels (the job payload allows the same). */
export const MAX_SIDE_PX = 2048;
export const MIN_SIDE_PX = 64;
export const MAX_VARIATIONS = 8;
export const MAX_CHARACTERS = 8;

const hexColour = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, "expected a #rgb or #rrggbb colour")
  .transform((value) => normaliseHex(value));

const imageBuffer = z.instanceof(Buffer).refine((b) => b.length > 0, "empty image buffer");

const characterSchema = z.object({
  id: z.string().min(1),
  name: z.string().max(200),
  palette: z.array(hexColour).max(16),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  scale: z.number().min(0.05).max(3),
  pose: z.string().max(200).optional(),
  expression: z.string().max(200).optional(),
  references: z.array(imageBuffer).max(20).optional(),
  anchor: imageBuffer.optional(),
  angle: z.string().max(40).optional(),
});

const styleSchema = z.object({
  lineWeight: z.number().min(0).max(1),
  warmth: z.number().min(-1).max(1),
  detail: z.number().min(0).max(1),
  shadingLevels: z.number().int().min(2).max(8),
  palette: z.array(hexColour).max(16).optional(),
  saturation: z.number().min(0).max(1.5).optional(),
});

export const panelDescriptionSchema = z.object({
  prompt: z.string().max(4_000),
  negativePrompt: z.string().max(4_000).optional(),
  width: z.number().int().min(MIN_SIDE_PX).max(MAX_SIDE_PX),
  height: z.number().int().min(MIN_SIDE_PX).max(MAX_SIDE_PX),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  variations: z.number().int().min(1).max(MAX_VARIATIONS),
  location: z
    .object({
      name: z.string().max(200),
      lighting: z.enum(["day", "dusk", "night", "interior"]),
      camera: z.enum(["eye", "low", "high"]),
      shot: z.enum(["wide", "medium", "close"]),
      background: imageBuffer.optional(),
      depth: imageBuffer.optional(),
    })
    .optional(),
  characters: z.array(characterSchema).max(MAX_CHARACTERS).default([]),
  style: styleSchema,
});

/** Style used when a project has no style lock yet. */
export const DEFAULT_STYLE = {
  lineWeight: 0.4,
  warmth: 0,
  detail: 0.5,
  shadingLevels: 4,
} as const;

/**
 * Validates and normalises a description (colours to lower-case `#rrggbb`).
 * Throws EngineInputError (not retryable) naming every field at fault.
 */
export function parsePanelDescription(input: unknown): PanelDescription {
  const result = panelDescriptionSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      problem: issue.message,
    }));
    throw new EngineInputError(
      `Invalid panel description: ${issues.map((i) => `${i.path || "(root)"}: ${i.problem}`).join("; ")}`,
      { issues },
    );
  }
  return result.data as PanelDescription;
}

export function normaliseHex(value: string): string {
  const hex = value.slice(1).toLowerCase();
  if (hex.length === 3) return `#${hex[0]}${hex[0]}${hex[1]}${hex[1]}${hex[2]}${hex[2]}`;
  return `#${hex}`;
}
