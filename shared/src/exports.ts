import { z } from "zod";

// Exports: the wire contract between the api (which records and charges an export), the worker
// (which renders it) and the client (which polls its progress and downloads the files).

export const EXPORT_FORMATS = ["png", "pdf", "webtoon"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_STATUSES = ["pending", "processing", "completed", "failed"] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** Print resolution of a standard (free) page export, dots per inch. */
export const STANDARD_EXPORT_DPI = 300;
/** Resolution of a high-resolution export (priced per panel), dots per inch. */
export const HIGH_RES_EXPORT_DPI = 600;
/** Pages one export may hold. */
export const MAX_EXPORT_PAGES = 200;

export const WEBTOON_PRESET_NAMES = ["webtoon-canvas", "tapas", "custom"] as const;
export type WebtoonPresetName = (typeof WEBTOON_PRESET_NAMES)[number];

/** Size limits of a platform a webtoon strip is sliced for. A null limit is not checked. */
export interface StripLimits {
  /** Width of every slice, px: the strip is scaled to it. */
  widthPx: number;
  /** Tallest slice the platform accepts, px. */
  maxSliceHeightPx: number;
  /** Largest slice file, bytes. */
  maxSliceBytes: number | null;
  /** Largest episode (all slices together), bytes. */
  maxTotalBytes: number | null;
}

const MB = 1024 * 1024;

/**
 * Platform presets. WEBTOON Canvas: 800 px wide, slices at most 1280 px tall and 2 MB each, at
 * most 20 MB per episode. Tapas: at most 940 x 4000 px per image.
 */
export const WEBTOON_PRESETS: Record<
  Exclude<WebtoonPresetName, "custom">,
  StripLimits & { label: string }
> = {
  "webtoon-canvas": {
    label: "WEBTOON Canvas (800 px, 1280 px / 2 MB slices, 20 MB episode)",
    widthPx: 800,
    maxSliceHeightPx: 1280,
    maxSliceBytes: 2 * MB,
    maxTotalBytes: 20 * MB,
  },
  tapas: {
    label: "Tapas (940 x 4000 px)",
    widthPx: 940,
    maxSliceHeightPx: 4000,
    maxSliceBytes: null,
    maxTotalBytes: null,
  },
};

export const customStripSchema = z.object({
  widthPx: z.number().int().min(200).max(4000),
  maxSliceHeightPx: z.number().int().min(200).max(20_000),
  maxSliceBytes: z.number().int().min(10_000).nullable().default(null),
  maxTotalBytes: z.number().int().min(10_000).nullable().default(null),
});

/** What a caller asks for: POST /api/projects/:projectId/exports. */
export const createExportBody = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    /** Pages to export (exported in book order: chapter, then page number). Default: all pages. */
    pageIds: z.array(z.guid()).min(1).max(MAX_EXPORT_PAGES).optional(),
    /** Export one chapter's pages (ignored when pageIds is given). */
    chapter: z.number().int().min(1).optional(),
    /** PNG/PDF at 600 dpi instead of 300, priced per panel with a picture. Not for webtoon strips. */
    highRes: z.boolean().default(false),
    /** Webtoon strips only. Default WEBTOON Canvas. */
    preset: z.enum(WEBTOON_PRESET_NAMES).optional(),
    /** Limits for the `custom` preset. */
    custom: customStripSchema.optional(),
    /** Space between panels of a webtoon strip, px at the strip's width. Default 120. */
    gutterPx: z.number().int().min(0).max(2_000).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.format === "webtoon" && body.highRes) {
      ctx.addIssue({
        code: "custom",
        path: ["highRes"],
        message:
          "A webtoon strip's size is set by its platform preset; high resolution applies to PNG and PDF.",
      });
    }
    if (body.format !== "webtoon" && (body.preset || body.custom || body.gutterPx !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["preset"],
        message: "Presets, custom limits and gutters apply to webtoon strips only.",
      });
    }
    if (body.preset === "custom" && !body.custom) {
      ctx.addIssue({ code: "custom", path: ["custom"], message: "The custom preset needs its limits." });
    }
    if (body.custom && body.preset !== "custom") {
      ctx.addIssue({ code: "custom", path: ["custom"], message: "Custom limits need preset: custom." });
    }
  });
export type CreateExportBody = z.input<typeof createExportBody>;

/** Default space between panels of a webtoon strip, px. */
export const DEFAULT_STRIP_GUTTER_PX = 120;

/** Rendering options the job carries (resolved by the api from the request). */
export const exportRenderOptionsSchema = z.object({
  dpi: z.number().int().min(72).max(1200),
  highRes: z.boolean(),
  preset: z.enum(WEBTOON_PRESET_NAMES).nullable(),
  strip: z
    .object({
      widthPx: z.number().int().positive(),
      maxSliceHeightPx: z.number().int().positive(),
      maxSliceBytes: z.number().int().positive().nullable(),
      maxTotalBytes: z.number().int().positive().nullable(),
      gutterPx: z.number().int().nonnegative(),
    })
    .nullable(),
});
export type ExportRenderOptions = z.infer<typeof exportRenderOptionsSchema>;

/** What an export job carries: everything the worker needs besides the stored documents. */
export const exportPayloadSchema = z.object({
  exportId: z.uuid(),
  projectId: z.uuid(),
  userId: z.uuid(),
  format: z.enum(EXPORT_FORMATS),
  /** In book order. */
  pageIds: z.array(z.uuid()).min(1),
  /** Hold for a high-resolution export; committed when the files are stored, released on failure. */
  reservationId: z.uuid().nullable(),
  options: exportRenderOptionsSchema,
});
export type ExportPayload = z.infer<typeof exportPayloadSchema>;

/** Stable codes of export failures (stored with the job; the UI explains them). */
export const EXPORT_ERROR_CODES = [
  "STRIP_LIMITS",
  "NOTHING_TO_EXPORT",
  "PAGE_MISSING",
  "RENDER_FAILED",
  /** The worker running it was lost (crashed, killed) more often than a retry could cover. */
  "WORKER_LOST",
] as const;
export type ExportErrorCode = (typeof EXPORT_ERROR_CODES)[number];

export const exportFileSchema = z.object({
  name: z.string(),
  url: z.string(),
  bytes: z.number().int(),
  contentType: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});
export type ExportFile = z.infer<typeof exportFileSchema>;

/** Stored in export_jobs.options next to the request once the job ends. */
export interface ExportOutcome {
  files: ExportFile[];
  errorCode: ExportErrorCode | null;
}

export const exportSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  format: z.enum(EXPORT_FORMATS),
  pageIds: z.array(z.string()),
  status: z.enum(EXPORT_STATUSES),
  /** 0..1 */
  progress: z.number(),
  /** Runs started: above 1 when a worker was lost and the export was run again. */
  attempts: z.number().int(),
  /** Who asked for it (display name), so collaborators watching the list know whose it is. */
  requestedBy: z.string().nullable(),
  highRes: z.boolean(),
  dpi: z.number().int().nullable(),
  preset: z.enum(WEBTOON_PRESET_NAMES).nullable(),
  /** Credits charged (held while it runs); 0 for a standard export. */
  cost: z.number().int(),
  /** The main download: the PDF, the strip's zip, the page PNG (or a zip of page PNGs). */
  resultUrl: z.string().nullable(),
  files: z.array(exportFileSchema),
  error: z.string().nullable(),
  errorCode: z.enum(EXPORT_ERROR_CODES).nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type Export = z.infer<typeof exportSchema>;

/** Where an export's files are stored: `projects/<projectId>/exports/<exportId>/<name>`. */
export function exportKey(projectId: string, exportId: string, name: string): string {
  return `projects/${projectId}/exports/${exportId}/${name}`;
}

/** The limits a preset (or custom limits) stands for, and how the UI and errors name them. */
export function stripLimitsFor(
  preset: WebtoonPresetName,
  custom?: z.output<typeof customStripSchema>,
): StripLimits & { label: string } {
  if (preset === "custom") {
    if (!custom) throw new Error("The custom preset needs its limits");
    return {
      label: `custom (${custom.widthPx} px wide, slices up to ${custom.maxSliceHeightPx} px)`,
      ...custom,
    };
  }
  return WEBTOON_PRESETS[preset];
}

/** The rendering options of a request (the api resolves these once; the job carries them). */
export function exportRenderOptions(body: z.output<typeof createExportBody>): ExportRenderOptions {
  if (body.format !== "webtoon") {
    return {
      dpi: body.highRes ? HIGH_RES_EXPORT_DPI : STANDARD_EXPORT_DPI,
      highRes: body.highRes,
      preset: null,
      strip: null,
    };
  }
  const preset = body.preset ?? "webtoon-canvas";
  const { widthPx, maxSliceHeightPx, maxSliceBytes, maxTotalBytes } = stripLimitsFor(preset, body.custom);
  return {
    dpi: STANDARD_EXPORT_DPI,
    highRes: false,
    preset,
    strip: {
      widthPx,
      maxSliceHeightPx,
      maxSliceBytes,
      maxTotalBytes,
      gutterPx: body.gutterPx ?? DEFAULT_STRIP_GUTTER_PX,
    },
  };
}
