import { type BubbleShapeProps, MIN_BUBBLE_TEXT_PX } from "../page/lettering.ts";
import { letteringFont, letteringFontFile } from "./fonts.ts";
import { type BubbleOutline, bubbleOutline, bubbleTextArea } from "./outline.ts";
import { type FittedText, fitText, type MeasureText } from "./text-fit.ts";

/** Line height of lettering as a multiple of the font size (comic lettering sets lines tight). */
export const LETTERING_LINE_HEIGHT = 1.15;

export interface BubbleLayout {
  outline: BubbleOutline;
  text: FittedText;
  /** The weight of the font file actually used (fonts with one weight use it for every weight). */
  weight: number;
  family: string;
}

/**
 * Everything needed to draw a bubble: outline with tail, and its text fitted into the outline.
 * The canvas and every export call this with their own `measure` and draw the result as is.
 */
export function layoutBubble(
  props: Pick<
    BubbleShapeProps,
    "kind" | "w" | "h" | "tail" | "text" | "font" | "size" | "weight" | "align" | "strokeWidth"
  >,
  measure: MeasureText,
): BubbleLayout {
  const font = letteringFont(props.font);
  const weight = letteringFontFile(props.font, props.weight).weight;
  const outline = bubbleOutline(props);
  const text = fitText({
    text: props.text,
    area: bubbleTextArea(props.kind, props.w, props.h, props.strokeWidth),
    fontId: font.id,
    weight,
    maxSizePx: props.size,
    minSizePx: Math.min(props.size, MIN_BUBBLE_TEXT_PX),
    lineHeight: LETTERING_LINE_HEIGHT,
    ascent: font.ascent,
    descent: font.descent,
    align: props.align,
    measure,
  });
  return { outline, text, weight, family: font.family };
}
