import { z } from "zod";
import { idSchema, isoDateSchema, projectParams } from "./common.ts";
import { defineEndpoint } from "./endpoint.ts";

/** Image types accepted, recognised by their bytes (never by name or declared type). */
export const UPLOAD_MIME_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;

export const uploadSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  sha256: z.string(),
  mime: z.enum(UPLOAD_MIME_TYPES),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  /** Where the normalised image is served (members of the project only). */
  url: z.string(),
  thumbnailUrl: z.string(),
  createdAt: isoDateSchema,
});
export type Upload = z.infer<typeof uploadSchema>;

export const uploadParams = z.object({ uploadId: idSchema });
export const uploadQuery = z.object({ thumb: z.enum(["0", "1"]).optional() });

const ERRORS = ["UNAUTHENTICATED", "NOT_FOUND", "FORBIDDEN"] as const;

export const uploadEndpoints = {
  createUpload: defineEndpoint({
    method: "post",
    path: "/projects/:projectId/uploads",
    summary:
      "Upload one image (multipart field `file`): checked by content, decoded with a pixel limit, normalised, " +
      "stored by SHA-256 with a 256 px thumbnail (editor). 201 when new, 200 when the project already had it.",
    tag: "uploads",
    auth: "session",
    status: 201,
    params: projectParams,
    content: "multipart",
    response: z.object({ upload: uploadSchema, deduplicated: z.boolean() }),
    errors: [...ERRORS, "CSRF_REJECTED", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA", "BAD_REQUEST", "CONFLICT"],
  }),
  listUploads: defineEndpoint({
    method: "get",
    path: "/projects/:projectId/uploads",
    summary: "Images uploaded to a project, newest first",
    tag: "uploads",
    auth: "session",
    status: 200,
    params: projectParams,
    response: z.object({ uploads: z.array(uploadSchema) }),
    errors: ERRORS,
  }),
  getUpload: defineEndpoint({
    method: "get",
    path: "/uploads/:uploadId",
    summary: "The image bytes (`?thumb=1` for the thumbnail), for members of the owning project",
    tag: "uploads",
    auth: "session",
    status: 200,
    params: uploadParams,
    query: uploadQuery,
    content: "binary",
    errors: ERRORS,
  }),
} as const;
