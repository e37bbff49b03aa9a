import { z } from "zod";
import { cameraSchema, type GENERATION_STATUSES, lightingSchema, shotSchema } from "../jobs.ts";
import { idSchema, isoDateSchema, pageParams } from "./common.ts";
import { defineEndpoint } from "./endpoint.ts";

export const generationSchema = z.object({
  id: z.string(),
  panelId: z.string().nullable(),
  status: z.enum(["pending", "queued", "processing", "completed", "failed", "cancelled"]),
  /** Credits held for it (0 for an automatic regeneration). */
  cost: z.number().int(),
  autoRegenerated: z.boolean(),
  error: z.string().nullable(),
  createdAt: isoDateSchema,
});
export type Generation = z.infer<typeof generationSchema>;

export const panelVersionSchema = z.object({
  id: z.string(),
  panelId: z.string(),
  versionNumber: z.number().int(),
  imageUrl: z.string().nullable(),
  generationId: z.string().nullable(),
  createdAt: isoDateSchema,
});
export type PanelVersion = z.infer<typeof panelVersionSchema>;

/** One character placed in a panel: where it stands (0..1 of the panel), how big, pose and expression. */
export const panelCharacterInput = z.object({
  characterId: idSchema,
  x: z.number().min(0).max(1).default(0.5),
  y: z.number().min(0).max(1).default(0.9),
  scale: z.number().min(0.05).max(3).default(1),
  pose: z.string().trim().max(100).optional(),
  expression: z.string().trim().max(100).optional(),
  /** Which way it faces (front, three-quarter-left, side-right, back…); chooses the anchor. */
  angle: z.string().trim().max(40).optional(),
});

export const generatePanelBody = z.object({
  prompt: z.string().trim().min(1, "Describe the panel").max(2_000),
  poseHint: z.string().trim().max(200).optional(),
  location: z
    .object({
      name: z.string().trim().min(1).max(200),
      /** A saved (locked) location of the project: its variant for this framing is used, free. */
      locationId: idSchema.optional(),
      lighting: lightingSchema,
      camera: cameraSchema,
      shot: shotSchema,
    })
    .optional(),
  /** The project's characters in the panel; each is drawn from its nearest approved anchor. */
  characters: z.array(panelCharacterInput).max(8).optional(),
  /** Pixel size of the picture; the panel's aspect. Default 768 x 512. */
  width: z.number().int().min(64).max(2048).default(768),
  height: z.number().int().min(64).max(2048).default(512),
});

export const generatePageBody = z.object({
  /** Used for every empty panel that has no description of its own. */
  prompt: z.string().trim().min(1).max(2_000),
});

const panelShapeParams = pageParams.extend({ shapeId: z.string().min(1).max(100) });
const generationParams = z.object({ generationId: idSchema });
const panelParams = z.object({ panelId: idSchema });

const GENERATION_ERRORS = [
  "UNAUTHENTICATED",
  "NOT_FOUND",
  "FORBIDDEN",
  "CSRF_REJECTED",
  "INSUFFICIENT_BUZZ",
  "RATE_LIMITED",
  "CONFLICT",
] as const;

export const generationEndpoints = {
  generatePanel: defineEndpoint({
    method: "post",
    path: "/pages/:pageId/panels/:shapeId/generate",
    summary: "Generate a panel (4 variations): reserves the credits, then queues the job",
    tag: "generation",
    auth: "session",
    status: 202,
    params: panelShapeParams,
    body: generatePanelBody,
    response: z.object({ generation: generationSchema }),
    errors: GENERATION_ERRORS,
  }),
  generatePage: defineEndpoint({
    method: "post",
    path: "/pages/:pageId/generate",
    summary: "Generate every empty panel of a page: one job per panel",
    tag: "generation",
    auth: "session",
    status: 202,
    params: pageParams,
    body: generatePageBody,
    response: z.object({ generations: z.array(generationSchema) }),
    errors: GENERATION_ERRORS,
  }),
  cancelGeneration: defineEndpoint({
    method: "post",
    path: "/generations/:generationId/cancel",
    summary: "Cancel a queued or running generation; its credits are returned",
    tag: "generation",
    auth: "session",
    status: 200,
    params: generationParams,
    response: z.object({ generation: generationSchema }),
    errors: GENERATION_ERRORS,
  }),
  retryGeneration: defineEndpoint({
    method: "post",
    path: "/generations/:generationId/retry",
    summary: "Run a failed or cancelled generation again (charged as a new one)",
    tag: "generation",
    auth: "session",
    status: 202,
    params: generationParams,
    response: z.object({ generation: generationSchema }),
    errors: GENERATION_ERRORS,
  }),
  chooseVariation: defineEndpoint({
    method: "post",
    path: "/generations/:generationId/choose",
    summary: "Make one variation the panel's image for everyone; records a panel version",
    tag: "generation",
    auth: "session",
    status: 200,
    params: generationParams,
    body: z.object({ index: z.number().int().min(0).max(7) }),
    response: z.object({ version: panelVersionSchema }),
    errors: GENERATION_ERRORS,
  }),
  listPanelVersions: defineEndpoint({
    method: "get",
    path: "/panels/:panelId/versions",
    summary: "A panel's chosen images, newest first",
    tag: "generation",
    auth: "session",
    status: 200,
    params: panelParams,
    response: z.object({ versions: z.array(panelVersionSchema) }),
    errors: ["UNAUTHENTICATED", "NOT_FOUND"],
  }),
  restorePanelVersion: defineEndpoint({
    method: "post",
    path: "/panels/:panelId/versions/:versionNumber/restore",
    summary: "Make an earlier version the panel's image again (recorded as a new version)",
    tag: "generation",
    auth: "session",
    status: 200,
    params: panelParams.extend({ versionNumber: z.coerce.number().int().min(1) }),
    response: z.object({ version: panelVersionSchema }),
    errors: GENERATION_ERRORS,
  }),
  engineInfo: defineEndpoint({
    method: "get",
    path: "/engine",
    summary: "The generation engine the workers run, as the UI names it",
    tag: "generation",
    auth: "session",
    status: 200,
    response: z.object({
      engine: z
        .object({ name: z.string(), label: z.string(), description: z.string(), external: z.boolean() })
        .nullable(),
    }),
    errors: ["UNAUTHENTICATED"],
  }),
  getFile: defineEndpoint({
    method: "get",
    path: "/files/projects/:projectId/*path",
    summary: "A generated file (renders, previews, exports), to members of its project",
    tag: "generation",
    auth: "session",
    status: 200,
    params: z.object({ projectId: idSchema, path: z.union([z.string(), z.array(z.string())]) }),
    content: "binary",
    errors: ["UNAUTHENTICATED", "NOT_FOUND"],
  }),
} as const;

export const GENERATION_STATUS_LABEL: Record<(typeof GENERATION_STATUSES)[number], string> = {
  queued: "Queued",
  running: "Generating",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};
