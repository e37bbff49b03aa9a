import {
  BUBBLE_SHAPE,
  type BubbleShape,
  bubbleTextArea,
  layoutBubble,
  type MeasureText,
} from "@comic-studio/shared";
import { useEffect, useMemo } from "react";
import { HTMLContainer, SVGContainer, useEditablePlainText, useEditor, useValue } from "tldraw";
import { useLetteringFontsReady } from "./fonts.ts";
import { measureText } from "./measure.ts";
import { panelClipPolygon } from "./panels.ts";

type Point = { x: number; y: number };

/** The bubble on the canvas: its SVG, clipped to its panel when asked, and a text box while editing. */
export function BubbleView({ shape }: { shape: BubbleShape }) {
  const editor = useEditor();
  const fontsReady = useLetteringFontsReady();
  const editable = useEditablePlainText(shape.id, BUBBLE_SHAPE, shape.props.text);
  const { clip, panelShapeId } = shape.props;
  const clipPolygon = useValue(
    "bubble clip",
    () => (clip === "panel" && panelShapeId ? panelClipPolygon(editor, shape, panelShapeId) : null),
    [editor, shape, clip, panelShapeId],
  );
  return (
    <>
      <SVGContainer>
        {fontsReady && (
          <BubbleSvg shape={shape} measure={measureText} clip={clipPolygon} showText={!editable.isEditing} />
        )}
      </SVGContainer>
      {editable.isEditing && <BubbleTextEditor shape={shape} editable={editable} />}
    </>
  );
}

export interface BubbleSvgProps {
  shape: BubbleShape;
  measure: MeasureText;
  /** Polygon in the shape's coordinates to clip the bubble to (its panel), or null. */
  clip: Point[] | null;
  showText: boolean;
}

/** Outline, tail and fitted lines as SVG: used on the canvas and for tldraw's own SVG export. */
export function BubbleSvg({ shape, measure, clip, showText }: BubbleSvgProps) {
  const { props } = shape;
  const layout = useMemo(() => layoutBubble(props, measure), [props, measure]);
  const clipId = `cs-bubble-clip-${shape.id.replace(/[^a-zA-Z0-9_-]/g, "_")}`;
  const sfx = props.kind === "sfx";
  const { text } = layout;
  return (
    <g
      data-testid="bubble-svg"
      data-kind={props.kind}
      data-shape-id={shape.id}
      data-font={props.font}
      data-tail={props.tail ? `${Math.round(props.tail.x)},${Math.round(props.tail.y)}` : ""}
    >
      {clip && (
        <defs>
          <clipPath id={clipId}>
            <polygon points={clip.map((p) => `${p.x},${p.y}`).join(" ")} />
          </clipPath>
        </defs>
      )}
      <g clipPath={clip ? `url(#${clipId})` : undefined}>
        {layout.outline.path && (
          <path
            d={layout.outline.path}
            fill={props.fill}
            stroke={props.stroke}
            strokeWidth={props.strokeWidth}
            strokeLinejoin="round"
          />
        )}
        {showText && (
          <g
            fontFamily={`"${layout.family}"`}
            fontSize={text.sizePx}
            fontWeight={layout.weight}
            fill={sfx ? props.fill : props.textColor}
            stroke={sfx && props.strokeWidth > 0 ? props.stroke : undefined}
            strokeWidth={sfx ? props.strokeWidth * 2 : undefined}
            strokeLinejoin="round"
            paintOrder="stroke"
            style={{ fontSynthesis: "none", whiteSpace: "pre" }}
            data-testid="bubble-text"
            data-size={text.sizePx}
            data-overflow={text.overflow}
          >
            {text.lines.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond their place
              <text key={i} x={line.x} y={line.baseline}>
                {line.text}
              </text>
            ))}
          </g>
        )}
      </g>
      {props.tail && (
        // Where the tail points: lets tests (and screen readers of the DOM) find the tip.
        <circle data-testid="bubble-tail-tip" cx={props.tail.x} cy={props.tail.y} r={0.5} fill="none" />
      )}
    </g>
  );
}

type Editable = ReturnType<typeof useEditablePlainText>;

/**
 * The text box over the bubble's text area while typing, at the size the fitter chose for the
 * text so far: it shrinks as the text grows. Wrapping inside it is the browser's; the fitted
 * lines return when editing ends.
 */
function BubbleTextEditor({ shape, editable }: { shape: BubbleShape; editable: Editable }) {
  const { props } = shape;
  const layout = useMemo(() => layoutBubble(props, measureText), [props]);
  const area = bubbleTextArea(props.kind, props.w, props.h, props.strokeWidth);
  const lines = Math.max(1, layout.text.lines.length);
  const height = Math.min(area.h, lines * layout.text.lineHeightPx) + 2;
  const width = area.shape === "ellipse" ? area.w * 0.86 : area.w;
  const { rInput } = editable;
  // Focus once mounted, caret at the end (a new bubble is typed into straight away).
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const input = rInput.current;
      if (!input || document.activeElement === input) return;
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    });
    return () => cancelAnimationFrame(frame);
  }, [rInput]);
  return (
    <HTMLContainer style={{ pointerEvents: "all" }}>
      <textarea
        ref={editable.rInput}
        className="cs-bubble-editor"
        data-testid="bubble-editor"
        defaultValue={props.text}
        autoComplete="off"
        spellCheck
        style={{
          left: area.x + (area.w - width) / 2,
          top: area.y + (area.h - height) / 2,
          width,
          height,
          fontFamily: `"${layout.family}"`,
          fontSize: layout.text.sizePx,
          fontWeight: layout.weight,
          lineHeight: `${layout.text.lineHeightPx}px`,
          color: props.kind === "sfx" ? props.fill : props.textColor,
          textAlign: props.align === "start" ? "left" : props.align === "end" ? "right" : "center",
        }}
        onChange={(e) => editable.handleChange({ plaintext: e.target.value })}
        onKeyDown={(e) => editable.handleKeyDown(e.nativeEvent)}
        onFocus={editable.handleFocus}
        onBlur={editable.handleBlur}
        onPointerDown={editable.handleInputPointerDown}
        onPaste={editable.handlePaste}
        onDoubleClick={editable.handleDoubleClick}
      />
    </HTMLContainer>
  );
}
