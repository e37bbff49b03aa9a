import {
  createShapePropsMigrationIds,
  createShapePropsMigrationSequence,
  type RecordProps,
  type TLShape,
} from "@tldraw/tlschema";
import { T } from "@tldraw/validate";
import { DEFAULT_LETTERING_FONT, LETTERING_FONT_IDS, type LetteringFontId } from "../lettering/fonts.ts";

// Lettering shapes of a page document: one `bubble` shape whose `kind` says how it is drawn
// (speech, thought, shout, caption, sound effect). One type keeps tools, inspector, export
// and reading order to one code path; the geometry is in shared/src/lettering (pure), so the
// canvas and the exports draw the same outline, tail and lines of text.

export const BUBBLE_SHAPE = "bubble";

export const BUBBLE_KINDS = ["speech", "thought", "shout", "caption", "sfx"] as const;
export type BubbleKind = (typeof BUBBLE_KINDS)[number];

/** "panel": drawn clipped to its panel's rectangle; "break": drawn whole, over the panel border. */
export const BUBBLE_CLIPS = ["panel", "break"] as const;
export type BubbleClip = (typeof BUBBLE_CLIPS)[number];

export const TEXT_ALIGNS = ["start", "center", "end"] as const;
export type TextAlign = (typeof TEXT_ALIGNS)[number];

/** A point in the shape's own coordinates (page pixels from the shape's top-left corner). */
export interface LocalPoint {
  x: number;
  y: number;
}

export interface BubbleShapeProps {
  kind: BubbleKind;
  /** Size of the bubble's body (the tail reaches outside it), page pixels. */
  w: number;
  h: number;
  text: string;
  font: LetteringFontId;
  /** Preferred font size in page pixels: text shrinks below it to fit the bubble, never grows. */
  size: number;
  /** CSS font weight; a font without that weight uses its nearest one. */
  weight: number;
  align: TextAlign;
  /** CSS colours (#rrggbb). For sound effects: fill is the letters, stroke their outline. */
  fill: string;
  stroke: string;
  textColor: string;
  /** Outline width, page pixels (0: none). */
  strokeWidth: number;
  /** Tip of the tail in the shape's coordinates, or null for no tail. */
  tail: LocalPoint | null;
  clip: BubbleClip;
  /**
   * Shape id of the panel the bubble belongs to (its clip and its place in the reading
   * order), or null when it sits on no panel. The client sets it when the bubble is placed.
   */
  panelShapeId: string | null;
}

declare module "@tldraw/tlschema" {
  interface TLGlobalShapePropsMap {
    [BUBBLE_SHAPE]: BubbleShapeProps;
  }
}

export type BubbleShape = TLShape<typeof BUBBLE_SHAPE>;

const colour = T.string.check((value) => {
  if (!/^#[0-9a-fA-F]{6}$/.test(value)) throw new Error(`Expected a #rrggbb colour, got ${value}`);
});

export const bubbleShapeProps: RecordProps<BubbleShape> = {
  kind: T.literalEnum(...BUBBLE_KINDS),
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  text: T.string,
  font: T.literalEnum(...LETTERING_FONT_IDS),
  size: T.nonZeroNumber,
  weight: T.nonZeroInteger,
  align: T.literalEnum(...TEXT_ALIGNS),
  fill: colour,
  stroke: colour,
  textColor: colour,
  strokeWidth: T.positiveNumber,
  tail: T.object<LocalPoint>({ x: T.number, y: T.number }).nullable(),
  clip: T.literalEnum(...BUBBLE_CLIPS),
  panelShapeId: T.string.nullable(),
};

// Migrations: add a version (and an `up`) whenever a prop changes. Part of every page's schema.
export const bubbleShapeVersions = createShapePropsMigrationIds(BUBBLE_SHAPE, {});
export const bubbleShapeMigrations = createShapePropsMigrationSequence({ sequence: [] });

/** The smallest font size text shrinks to before it overflows, page pixels. */
export const MIN_BUBBLE_TEXT_PX = 8;

/** What a new bubble of each kind looks like. */
export function defaultBubbleProps(kind: BubbleKind): BubbleShapeProps {
  const base: BubbleShapeProps = {
    kind,
    w: 220,
    h: 140,
    text: "",
    font: DEFAULT_LETTERING_FONT,
    size: 22,
    weight: 700,
    align: "center",
    fill: "#ffffff",
    stroke: "#111111",
    textColor: "#111111",
    strokeWidth: 3,
    tail: { x: 60, y: 200 },
    clip: "break",
    panelShapeId: null,
  };
  switch (kind) {
    case "speech":
      return base;
    case "thought":
      return { ...base, font: "patrick-hand", weight: 400, tail: { x: 40, y: 210 } };
    case "shout":
      return { ...base, w: 260, h: 170, font: "bangers", weight: 400, size: 30, tail: { x: 50, y: 240 } };
    case "caption":
      return { ...base, w: 240, h: 80, fill: "#fff6c8", size: 18, align: "start", tail: null, clip: "panel" };
    case "sfx":
      return {
        ...base,
        w: 260,
        h: 110,
        font: "luckiest-guy",
        weight: 400,
        size: 64,
        fill: "#ffd400",
        stroke: "#111111",
        textColor: "#ffd400",
        strokeWidth: 4,
        tail: null,
      };
  }
}

export function isBubbleShape(
  record: { typeName?: string; type?: string } | undefined,
): record is BubbleShape {
  return record?.typeName === "shape" && record.type === BUBBLE_SHAPE;
}
