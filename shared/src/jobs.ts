import { z } from "zod";

/** BullMQ queue names: the wire contract between api, worker and collab-server. */
export const QUEUES = {
  generation: "generation",
  maintenance: "maintenance",
  export: "export",
  /** Character setup, anchors, style extraction/import/preview, location variants. */
  library: "library",
  /** Inpainting edits of a panel. */
  inpaint: "inpaint",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ENGINE_NAMES = ["sketch", "comfyui"] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export const lightingSchema = z.enum(["day", "dusk", "night", "interior"]);
export const cameraSchema = z.enum(["eye", "low", "high"]);
export const shotSchema = z.enum(["wide", "medium", "close"]);

/** What a panel generation job carries: everything the engine needs, nothing it must look up. */
export const panelGenerationPayloadSchema = z.object({
  generationId: z.uuid(),
  projectId: z.uuid(),
  pageId: z.uuid(),
  panelId: z.uuid(),
  shapeId: z.string().min(1),
  userId: z.uuid(),
  reservationId: z.uuid().nullable(),
  prompt: z.string().min(1).max(2_000),
  poseHint: z.string().max(200).optional(),
  width: z.number().int().min(64).max(2048),
  height: z.number().int().min(64).max(2048),
  variations: z.number().int().min(1).max(8),
  seed: z.number().int().nonnegative(),
  location: z
    .object({
      id: z.uuid().optional(),
      name: z.string(),
      lighting: lightingSchema,
      camera: cameraSchema,
      shot: shotSchema,
      /** Storage keys of the locked variant used as the background, and its depth map (saved location). */
      variantKey: z.string().optional(),
      depthKey: z.string().optional(),
    })
    .optional(),
  characters: z
    .array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        palette: z.array(z.string()),
        x: z.number().min(0).max(1),
        y: z.number().min(0).max(1),
        scale: z.number().positive(),
        pose: z.string().optional(),
        expression: z.string().optional(),
        /** Which way the character faces (anchor angles: front, three-quarter-left, side-right, back…). */
        angle: z.string().max(40).optional(),
        /** Storage key of the nearest approved anchor for this pose and expression. */
        anchorKey: z.string().optional(),
        /** Storage keys of the character's reference images (for the engine and scoring). */
        referenceKeys: z.array(z.string()).max(20).optional(),
      }),
    )
    .default([]),
  style: z
    .object({
      lineWeight: z.number().min(0).max(1),
      warmth: z.number().min(-1).max(1),
      detail: z.number().min(0).max(1),
      shadingLevels: z.number().int().min(2).max(8),
      palette: z.array(z.string()).optional(),
    })
    .optional(),
  /** True for the one free regeneration after scores missed the threshold. */
  autoRegeneration: z.boolean().default(false),
  /** When the creator asked (ms since epoch): orders generation state on the panel. */
  requestedAtMs: z.number().int().nonnegative(),
});
export type PanelGenerationPayload = z.infer<typeof panelGenerationPayloadSchema>;

/** Generation status as every collaborator sees it on the panel. */
export const GENERATION_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

/** Progress the worker reports through BullMQ (`job.updateProgress`), throttled. */
export interface GenerationProgress {
  generationId: string;
  step: number;
  totalSteps: number;
  /** Storage URL of the latest preview frame. */
  previewUrl?: string;
  /** When the worker reported this step (ms since epoch, sub-ms precision); for latency measurements. */
  reportedAtMs?: number;
}

/** How often at most the worker reports progress for one job. */
export const PROGRESS_THROTTLE_MS = 100;

/**
 * Writes the backend makes into page documents, carried on one Redis stream that collab-server
 * consumes as a group (at least once; every write is idempotent). `patch` is a
 * PanelGenerationPatch from the page-document model.
 */
export type PageEvent =
  | { type: "generation"; pageId: string; shapeId: string; patch: PageGenerationPatchWire }
  | { type: "panel-image"; pageId: string; shapeId: string; imageUrl: string | null }
  /**
   * Store the page document now (exports read what is stored, and a page open in an editor is
   * stored on a debounce). The instance that applies it sets `pageFlushedKey(prefix, requestId)`.
   */
  | { type: "flush"; pageId: string; requestId: string };

/** The wire form of a generation patch (see `PanelGenerationPatch` in page/generation.ts). */
export interface PageGenerationPatchWire {
  generationId: string;
  requestedAtMs: number;
  status: GenerationStatus;
  queuePosition?: number | null;
  progress?: number;
  previewUrl?: string | null;
  variations?: Array<{ url: string; score: number | null }>;
  bestIndex?: number | null;
  error?: string | null;
  engine?: string | null;
  autoRegeneration?: boolean;
  /**
   * When the worker made this report (ms since epoch, sub-ms precision: `performance.timeOrigin +
   * performance.now()`); only for measuring delivery latency, never written into the document.
   */
  reportedAtMs?: number;
}

/** Redis key collab-server sets once a `flush` page event was applied (expires after a minute). */
export function pageFlushedKey(prefix: string, requestId: string): string {
  return `${prefix}:page-flushed:${requestId}`;
}

/** Redis stream key of page events, under a deployment's prefix. */
export function pageEventsStream(prefix: string): string {
  return `${prefix}:page-events`;
}
