import { z } from "zod";

/**
 * Inpainting: a creator paints a mask over a panel's picture and describes the fix; the masked
 * region is regenerated and the result becomes the panel's next version.
 */

/** Longest data URL accepted for the mask (it travels in a JSON body, under the api's 100 kB limit). */
export const INPAINT_MASK_MAX_CHARS = 90_000;
/** The client scales its mask down to this long side before sending; the worker scales it back. */
export const INPAINT_MASK_MAX_SIDE_PX = 1024;
/** Longest fix description. */
export const INPAINT_PROMPT_MAX_CHARS = 1_000;

/** What an inpainting job carries. The mask is white (or opaque) where the picture is regenerated. */
export const inpaintPayloadSchema = z.object({
  generationId: z.uuid(),
  projectId: z.uuid(),
  pageId: z.uuid(),
  panelId: z.uuid(),
  shapeId: z.string().min(1),
  userId: z.uuid(),
  reservationId: z.uuid().nullable(),
  /** The fix, as the creator described it. */
  prompt: z.string().min(1).max(INPAINT_PROMPT_MAX_CHARS),
  /** Storage key of the panel picture the mask was painted on. */
  imageKey: z.string().min(1),
  /** Storage key of the mask PNG. */
  maskKey: z.string().min(1),
  seed: z.number().int().nonnegative(),
  /**
   * The panel's last generation request (a PanelGenerationPayload), when there is one: engines
   * that draw from descriptions re-render it for the masked region.
   */
  panelRequest: z.record(z.string(), z.unknown()).nullable().default(null),
  /** When the creator asked (ms since epoch): orders generation state on the panel. */
  requestedAtMs: z.number().int().nonnegative(),
  /** Always false: an inpainting job is never an automatic regeneration (the page patch needs it). */
  autoRegeneration: z.literal(false).default(false),
});
export type InpaintPayload = z.infer<typeof inpaintPayloadSchema>;

/** `data:image/png;base64,...` -> bytes, or null when it is not a PNG data URL. */
export function decodePngDataUrl(url: string): Uint8Array | null {
  const match = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/.exec(url);
  if (!match) return null;
  const text = atob(match[1]!);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  // The PNG signature: \x89PNG\r\n\x1a\n.
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return signature.every((b, i) => bytes[i] === b) ? bytes : null;
}
