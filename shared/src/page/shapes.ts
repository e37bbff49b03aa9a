import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from "@tldraw/tlschema";
import { T } from "@tldraw/validate";
import { GENERATION_STATUSES, type GenerationStatus } from "../jobs.ts";

// The comic shapes of a page document. Defined here so the client (which renders them),
// collab-server (which seeds pages, keeps panel rows in step and writes generation state)
// and tests all validate and migrate the same records.

export const PANEL_SHAPE = "panel";
export const PAGE_FRAME_SHAPE = "page-frame";

export const PANEL_BORDERS = ["solid", "rounded", "dashed", "none"] as const;
export type PanelBorder = (typeof PANEL_BORDERS)[number];

/** One generated candidate image of a panel. `score` is the quality-control score (0..1) or null. */
export interface PanelVariation {
  url: string;
  score: number | null;
}

/**
 * Generation state the backend writes into a panel so every collaborator sees it live.
 * Replaying an event must not regress it: see {@link mergePanelGeneration}.
 */
export interface PanelGeneration {
  generationId: string;
  status: GenerationStatus;
  /** 1-based place in the queue while queued; null otherwise. */
  queuePosition: number | null;
  /** 0..1 */
  progress: number;
  previewUrl: string | null;
  variations: PanelVariation[];
  bestIndex: number | null;
  error: string | null;
  /** When the generation was requested (ms since epoch): a newer request replaces an older one. */
  requestedAtMs: number;
  /** Last time the backend wrote this state (ms since epoch). */
  updatedAtMs: number;
  /** Engine that runs it ("sketch", "comfyui"), shown in the UI. */
  engine: string | null;
  /** True for the one free regeneration after scores missed the threshold. */
  autoRegeneration: boolean;
}

export interface PanelShapeProps {
  w: number;
  h: number;
  border: PanelBorder;
  /** Border stroke width in page pixels. */
  borderWidth: number;
  /** The panels row in Postgres (uuid); collab-server keeps rows and shapes in step. */
  panelId: string;
  /** The chosen image of the panel, or null while empty. */
  imageUrl: string | null;
  generation: PanelGeneration | null;
}

export interface PageFrameShapeProps {
  w: number;
  h: number;
  trimWidthMm: number;
  trimHeightMm: number;
  /** Safe margin inside the trim, page pixels; panels snap to it. */
  marginPx: number;
  /** Gap between panels used by layout templates, page pixels. */
  gutterPx: number;
}

declare module "@tldraw/tlschema" {
  interface TLGlobalShapePropsMap {
    [PANEL_SHAPE]: PanelShapeProps;
    [PAGE_FRAME_SHAPE]: PageFrameShapeProps;
  }
}

export type PanelShape = TLShape<typeof PANEL_SHAPE>;
export type PageFrameShape = TLShape<typeof PAGE_FRAME_SHAPE>;

export const panelVariationValidator = T.object<PanelVariation>({
  url: T.string,
  score: T.number.nullable(),
});

export const panelGenerationValidator = T.object<PanelGeneration>({
  generationId: T.string,
  status: T.literalEnum(...GENERATION_STATUSES),
  queuePosition: T.nonZeroInteger.nullable(),
  progress: T.unitInterval,
  previewUrl: T.string.nullable(),
  variations: T.arrayOf(panelVariationValidator),
  bestIndex: T.integer.nullable(),
  error: T.string.nullable(),
  requestedAtMs: T.number,
  updatedAtMs: T.number,
  engine: T.string.nullable(),
  autoRegeneration: T.boolean,
});

export const panelShapeProps: RecordProps<PanelShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  border: T.literalEnum(...PANEL_BORDERS),
  borderWidth: T.positiveNumber,
  panelId: T.string,
  imageUrl: T.string.nullable(),
  generation: panelGenerationValidator.nullable(),
};

export const pageFrameShapeProps: RecordProps<PageFrameShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  trimWidthMm: T.nonZeroNumber,
  trimHeightMm: T.nonZeroNumber,
  marginPx: T.positiveNumber,
  gutterPx: T.positiveNumber,
};

// Migrations: add a version here (and an `up`) whenever a prop changes shape. The sequence
// ids are part of the schema stored in every page document.
export const panelShapeVersions = createShapePropsMigrationIds(PANEL_SHAPE, {});
export const panelShapeMigrations = createShapePropsMigrationSequence({ sequence: [] });
export const pageFrameShapeVersions = createShapePropsMigrationIds(PAGE_FRAME_SHAPE, {});
export const pageFrameShapeMigrations = createShapePropsMigrationSequence({ sequence: [] });

export const DEFAULT_PANEL_BORDER: PanelBorder = "solid";
export const DEFAULT_PANEL_BORDER_WIDTH_PX = 6;

export function isPanelShape(record: { typeName?: string; type?: string } | undefined): record is PanelShape {
  return record?.typeName === "shape" && record.type === PANEL_SHAPE;
}
export function isPageFrameShape(
  record: { typeName?: string; type?: string } | undefined,
): record is PageFrameShape {
  return record?.typeName === "shape" && record.type === PAGE_FRAME_SHAPE;
}
