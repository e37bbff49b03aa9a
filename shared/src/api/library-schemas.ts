import { z } from "zod";
import {
  ANCHOR_ANGLES,
  ANCHOR_EXPRESSIONS,
  ANCHOR_POSES,
  LIBRARY_JOB_KINDS,
  LIBRARY_JOB_STATUSES,
  LOCATION_CAMERAS,
  LOCATION_LIGHTINGS,
  LOCATION_SHOTS,
  STYLE_PREVIEW_SCENES,
  styleOverridesSchema,
} from "../library.ts";
import { isoDateSchema } from "./common.ts";

/**
 * The character, style and location library: characters from reference images with their
 * anchor library, style extraction / import / preview / project style lock, and locked
 * locations with their 12 variants. Slow work runs as library jobs; poll `getLibraryJob`.
 */

// ---------------------------------------------------------------- jobs

export const libraryJobSchema = z.object({
  id: z.string(),
  kind: z.enum(LIBRARY_JOB_KINDS),
  status: z.enum(LIBRARY_JOB_STATUSES),
  /** 0..1. */
  progress: z.number(),
  /** What it is doing now, in words ("Generating anchor 5 of 24"). */
  stage: z.string().nullable(),
  error: z.string().nullable(),
  /** Credits charged (held while it runs; returned if it fails). */
  cost: z.number().int(),
  createdAt: isoDateSchema,
  completedAt: isoDateSchema.nullable(),
});
export type LibraryJob = z.infer<typeof libraryJobSchema>;

// ---------------------------------------------------------------- style

/** Style parameters as engines take them (the project's style lock). */
export const styleParamsSchema = z.object({
  lineWeight: z.number().min(0).max(1),
  warmth: z.number().min(-1).max(1),
  detail: z.number().min(0).max(1),
  shadingLevels: z.number().int().min(2).max(8),
  palette: z.array(z.string()).optional(),
});
export type StyleParamsWire = z.infer<typeof styleParamsSchema>;

/** A style in words and numbers (plan: "Detected: Soft anime, warm colors, detailed backgrounds"). */
export const styleAnalysisSchema = z.object({
  words: z.object({
    warmth: z.string(),
    lines: z.string(),
    shading: z.string(),
    detail: z.string(),
    /** Artistic movement when the matcher recognises one (anime, manhwa, western…). */
    movement: z.string().nullable(),
    summary: z.string(),
  }),
  numbers: z.object({
    lineWeight: z.number(),
    warmth: z.number(),
    detail: z.number(),
    shadingLevels: z.number().int(),
    /** Dominant colours, heaviest first. */
    palette: z.array(z.string()),
  }),
  /** Curated catalogue styles that resemble it, best first (score 0..1). */
  matches: z.array(z.object({ catalogueId: z.string(), name: z.string(), score: z.number() })),
  /**
   * The plan's fallback chain: `apply` (best match > 0.85, used), `choose` (0.70-0.85: pick one of
   * the top 3), `reference` (< 0.70: the images themselves are the style reference, with a warning),
   * `curated` (nothing matched: pick from the catalogue).
   */
  decision: z.object({
    mode: z.enum(["apply", "choose", "reference", "curated"]),
    message: z.string(),
    catalogueId: z.string().nullable(),
  }),
  /** How many images were analysed, and how many came from the cache (by image hash). */
  imageCount: z.number().int(),
  cachedCount: z.number().int(),
});
export type StyleAnalysis = z.infer<typeof styleAnalysisSchema>;

export const catalogueStyleSchema = z.object({
  id: z.string(),
  name: z.string(),
  movement: z.string(),
  description: z.string(),
  params: styleParamsSchema,
  /** Sample picture in this style (served from storage key `catalogue/…`); null until rendered. */
  sampleUrl: z.string().nullable(),
  /** All sample pictures (indoor, outdoor, close-up, establishing), once rendered. */
  sampleUrls: z.array(z.string()),
});
export type CatalogueStyle = z.infer<typeof catalogueStyleSchema>;

export const stylePreviewImageSchema = z.object({
  scene: z.enum(STYLE_PREVIEW_SCENES),
  url: z.string(),
});

export const STYLE_SOURCES = ["character", "import", "catalogue"] as const;

/** A style candidate of a project: extracted, imported or picked from the catalogue. */
export const projectStyleSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  source: z.enum(STYLE_SOURCES),
  /** The character it was extracted from (source `character`). */
  characterId: z.string().nullable(),
  /** The catalogue style it is (source `catalogue`) or was matched to. */
  catalogueId: z.string().nullable(),
  sourceImageUrls: z.array(z.string()),
  /** Null until the analysis job has finished. */
  analysis: styleAnalysisSchema.nullable(),
  /** Parameters generations use: analysed (or catalogue) values with the slider overrides applied. */
  params: styleParamsSchema.nullable(),
  overrides: styleOverridesSchema,
  /** The latest preview's four environments (empty until one was generated). */
  previews: z.array(stylePreviewImageSchema),
  /** Whether this is the project's style lock now. */
  locked: z.boolean(),
  /** The latest job (analysis or preview) for it. */
  job: libraryJobSchema.nullable(),
  createdAt: isoDateSchema,
});
export type ProjectStyle = z.infer<typeof projectStyleSchema>;

/** The project's style lock: applied to every generation of the project. */
export const styleLockSchema = z.object({
  styleId: z.string(),
  name: z.string(),
  params: styleParamsSchema,
  lockedAt: isoDateSchema,
});
export type StyleLock = z.infer<typeof styleLockSchema>;

// ---------------------------------------------------------------- characters

export const REFERENCE_ISSUE_CODES = [
  "TOO_FEW_IMAGES",
  "TOO_MANY_IMAGES",
  "TOO_SMALL",
  "BLURRED",
  "NEAR_DUPLICATE",
  "TOO_FEW_ANGLES",
  "NOT_FOUND",
] as const;
export type ReferenceIssueCode = (typeof REFERENCE_ISSUE_CODES)[number];

export const referenceIssueSchema = z.object({
  code: z.enum(REFERENCE_ISSUE_CODES),
  /** `error` blocks the setup; `warning` is guidance. */
  severity: z.enum(["error", "warning"]),
  /** The image at fault (null for the set as a whole). */
  uploadId: z.string().nullable(),
  /** Other image involved (the duplicate's twin). */
  otherUploadId: z.string().nullable(),
  message: z.string(),
});
export type ReferenceIssue = z.infer<typeof referenceIssueSchema>;

export const validationReportSchema = z.object({
  /** True when nothing blocks the setup (warnings may remain). */
  ok: z.boolean(),
  imageCount: z.number().int(),
  /** Distinct view groups the angle heuristic found (silhouette and symmetry clusters). */
  distinctViews: z.number().int(),
  issues: z.array(referenceIssueSchema),
  /** Per image measurements, in upload order. */
  images: z.array(
    z.object({
      uploadId: z.string(),
      width: z.number().int(),
      height: z.number().int(),
      /** Laplacian variance at 256 px (higher is sharper). */
      sharpness: z.number(),
      /** 0 symmetric (front/back) .. 1 strongly one-sided (profile). */
      asymmetry: z.number(),
    }),
  ),
  /** What to add or change, in words. */
  guidance: z.array(z.string()),
});
export type ValidationReport = z.infer<typeof validationReportSchema>;

export const CHARACTER_STATUSES = ["draft", "training", "review", "active", "failed", "archived"] as const;

export const characterSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /**
   * draft: references set, no setup yet; training: the setup job runs; review: anchors await
   * approval; active: approved, used by panels; failed: setup failed (nothing charged).
   */
  status: z.enum(CHARACTER_STATUSES),
  references: z.array(z.object({ uploadId: z.string(), url: z.string(), thumbnailUrl: z.string() })),
  /** `#rrggbb`, most characteristic first (extracted by the setup). */
  palette: z.array(z.string()),
  /** Identity features in words and numbers (null until setup). */
  identity: z
    .object({
      summary: z.string(),
      /** Dominant colour of the hair, skin and outfit regions as the heuristic found them. */
      hair: z.string().nullable(),
      skin: z.string().nullable(),
      outfit: z.string().nullable(),
      /** Height / width of the figure's silhouette. */
      aspect: z.number().nullable(),
    })
    .nullable(),
  /** The style extracted from the references (free). */
  style: styleAnalysisSchema.nullable(),
  validation: validationReportSchema.nullable(),
  anchorCount: z.number().int(),
  approvedAnchorCount: z.number().int(),
  job: libraryJobSchema.nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Character = z.infer<typeof characterSchema>;

export const anchorSchema = z.object({
  id: z.string(),
  characterId: z.string(),
  angle: z.enum(ANCHOR_ANGLES),
  expression: z.enum(ANCHOR_EXPRESSIONS),
  pose: z.enum(ANCHOR_POSES),
  status: z.enum(["pending", "generating", "ready", "failed"]),
  imageUrl: z.string().nullable(),
  approved: z.boolean(),
  /** Bumped by each regeneration (use it to bust image caches). */
  version: z.number().int(),
  updatedAt: isoDateSchema,
});
export type Anchor = z.infer<typeof anchorSchema>;

// ---------------------------------------------------------------- locations

export const locationVariantSchema = z.object({
  camera: z.enum(LOCATION_CAMERAS),
  shot: z.enum(LOCATION_SHOTS),
  lighting: z.enum(LOCATION_LIGHTINGS),
  imageUrl: z.string(),
  /** Grey depth estimate (white near, black far). */
  depthUrl: z.string(),
});
export type LocationVariant = z.infer<typeof locationVariantSchema>;

export const locationSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  description: z.string(),
  /** draft: generated, awaiting approval; approved: ready to lock; locked: 12 variants exist. */
  status: z.enum(["draft", "approved", "locked", "archived"]),
  /** The draft render the creator approves (null while the first one is generated). */
  previewUrl: z.string().nullable(),
  variantCount: z.number().int(),
  job: libraryJobSchema.nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Location = z.infer<typeof locationSchema>;
