import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import type { StyleParams } from "../engines/types.ts";

/**
 * An external catalogue of style models (community LoRAs on a ComfyUI server, a studio's house
 * styles), configured with STYLE_CATALOGUE_FILE: a JSON file
 *
 *   { "styles": [ { "id": "lora:inkwash-v2", "name": "Ink wash", "description": "...",
 *                   "params": { "lineWeight": 0.7, ... },          // optional style lock
 *                   "samples": ["inkwash/1.png", "inkwash/2.png"] } // paths relative to the file
 *   ] }
 *
 * Each model is matched by its sample pictures, analysed like any reference image, so its score
 * is on the same calibrated scale as the curated styles'.
 */

export const externalCatalogueEnvSchema = z.object({
  /** Path of a JSON catalogue of external style models; unset: the curated catalogue only. */
  STYLE_CATALOGUE_FILE: z.string().min(1).optional(),
  /**
   * Build the matcher's catalogue index at worker start (minutes of CPU once, then stored).
   * Default: on in production; elsewhere the first style match builds it.
   */
  STYLE_MATCHER_PREBUILD: z.enum(["true", "false"]).optional(),
});

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const fileSchema = z.object({
  styles: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        name: z.string().min(1).max(200),
        description: z.string().max(2_000).optional(),
        params: z
          .object({
            lineWeight: z.number().min(0).max(1),
            warmth: z.number().min(-1).max(1),
            detail: z.number().min(0).max(1),
            shadingLevels: z.number().int().min(2).max(8),
            palette: z.array(hex).max(16).optional(),
          })
          .optional(),
        samples: z.array(z.string().min(1)).min(1).max(20),
      }),
    )
    .max(5_000),
});

export interface ExternalStyleModel {
  id: string;
  name: string;
  description?: string;
  params?: StyleParams;
  /** Absolute paths of the sample pictures. */
  samples: string[];
}

export class StyleCatalogueError extends Error {
  readonly code = "STYLE_CATALOGUE_INVALID";
}

export async function loadExternalCatalogue(path: string): Promise<ExternalStyleModel[]> {
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(await readFile(path, "utf8")));
  } catch (error) {
    throw new StyleCatalogueError(
      `STYLE_CATALOGUE_FILE ${path} is not a valid style catalogue: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const base = dirname(path);
  return parsed.styles.map((s) => ({
    id: s.id,
    name: s.name,
    ...(s.description ? { description: s.description } : {}),
    ...(s.params ? { params: s.params } : {}),
    samples: s.samples.map((p) => (isAbsolute(p) ? p : resolve(base, p))),
  }));
}
