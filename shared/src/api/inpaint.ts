import { z } from "zod";
import { INPAINT_MASK_MAX_CHARS, INPAINT_PROMPT_MAX_CHARS } from "../inpaint.ts";
import { pageParams } from "./common.ts";
import { defineEndpoint } from "./endpoint.ts";
import { generationSchema } from "./generations.ts";

export const inpaintPanelBody = z.object({
  /** The fix, e.g. "give her a red umbrella". */
  prompt: z.string().trim().min(1, "Describe the fix").max(INPAINT_PROMPT_MAX_CHARS),
  /**
   * The mask as a PNG data URL, the panel picture's aspect: white (or opaque) where the picture is
   * regenerated, black (or transparent) where it is kept.
   */
  mask: z
    .string()
    .max(INPAINT_MASK_MAX_CHARS, "The mask is too large; paint at a smaller size")
    .regex(/^data:image\/png;base64,/, "The mask must be a PNG data URL"),
});

export const inpaintEndpoints = {
  inpaintPanel: defineEndpoint({
    method: "post",
    path: "/pages/:pageId/panels/:shapeId/inpaint",
    summary:
      "Regenerate the masked region of a panel's picture from a fix description (editor): reserves the " +
      "inpainting price, queues the job; the result becomes the panel's next version",
    tag: "generation",
    auth: "session",
    status: 202,
    params: pageParams.extend({ shapeId: z.string().min(1).max(100) }),
    body: inpaintPanelBody,
    response: z.object({ generation: generationSchema }),
    errors: [
      "UNAUTHENTICATED",
      "NOT_FOUND",
      "FORBIDDEN",
      "CSRF_REJECTED",
      "INSUFFICIENT_BUZZ",
      "RATE_LIMITED",
      "CONFLICT",
      "BAD_REQUEST",
    ],
  }),
} as const;
