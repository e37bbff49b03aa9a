import {
  BUBBLE_CLIPS,
  BUBBLE_KINDS,
  BUBBLE_SHAPE,
  type BubbleShape,
  type BubbleShapeProps,
  isBubbleShape,
  LETTERING_FONT_IDS,
  LETTERING_FONTS,
  letteringFontWeights,
} from "@comic-studio/shared";
import { useEditor, useValue } from "tldraw";
import { useCanvasContext } from "../canvas-context.ts";
import { BUBBLE_TOOL_LABELS } from "./BubbleTool.ts";
import { panelUnderBubble } from "./panels.ts";

const CLIP_LABELS: Record<(typeof BUBBLE_CLIPS)[number], string> = {
  panel: "Clip to panel",
  break: "Break border",
};

/** Inspector for the selected bubbles: kind, font, size, weight, colours, tail, clip or break. */
export function LetteringControls() {
  const editor = useEditor();
  const { readonly } = useCanvasContext();
  const bubbles = useValue(
    "selected bubbles",
    () => editor.getSelectedShapes().filter((s): s is BubbleShape => isBubbleShape(s)),
    [editor],
  );
  if (readonly || bubbles.length === 0) return null;
  const first = bubbles[0]!.props;
  const same = <K extends keyof BubbleShapeProps>(key: K) =>
    bubbles.every((b) => b.props[key] === first[key]);

  const update = (label: string, props: (b: BubbleShape) => Partial<BubbleShapeProps>) => {
    editor.markHistoryStoppingPoint(label);
    editor.updateShapes(bubbles.map((b) => ({ id: b.id, type: BUBBLE_SHAPE, props: props(b) })));
  };

  return (
    <section className="cs-lettering-controls" aria-label="Lettering" data-testid="lettering-controls">
      <strong>Lettering</strong>
      <label>
        Kind
        <select
          value={same("kind") ? first.kind : ""}
          data-testid="bubble-kind"
          onChange={(e) =>
            update("bubble kind", () => ({ kind: e.target.value as BubbleShapeProps["kind"] }))
          }
        >
          {!same("kind") && <option value="">Mixed</option>}
          {BUBBLE_KINDS.map((k) => (
            <option key={k} value={k}>
              {BUBBLE_TOOL_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Font
        <select
          value={same("font") ? first.font : ""}
          data-testid="bubble-font"
          onChange={(e) => {
            const font = e.target.value as BubbleShapeProps["font"];
            update("bubble font", (b) => {
              const weights = letteringFontWeights(font);
              const weight = weights.includes(b.props.weight) ? b.props.weight : weights.at(-1)!;
              return { font, weight };
            });
          }}
        >
          {!same("font") && <option value="">Mixed</option>}
          {LETTERING_FONT_IDS.map((id) => (
            <option key={id} value={id} style={{ fontFamily: `"${LETTERING_FONTS[id].family}"` }}>
              {LETTERING_FONTS[id].label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Size
        <input
          type="number"
          min={6}
          max={200}
          step={1}
          value={same("size") ? first.size : ""}
          data-testid="bubble-size"
          onChange={(e) => {
            const size = Number(e.target.value);
            if (Number.isFinite(size) && size >= 6 && size <= 200) update("bubble size", () => ({ size }));
          }}
        />
      </label>
      <label>
        Weight
        <select
          value={same("weight") ? String(first.weight) : ""}
          data-testid="bubble-weight"
          onChange={(e) => update("bubble weight", () => ({ weight: Number(e.target.value) }))}
        >
          {!same("weight") && <option value="">Mixed</option>}
          {letteringFontWeights(first.font).map((w) => (
            <option key={w} value={w}>
              {w === 700 ? "Bold" : w === 300 ? "Light" : "Regular"}
            </option>
          ))}
        </select>
      </label>
      <label>
        Fill
        <input
          type="color"
          value={first.fill}
          data-testid="bubble-fill"
          onChange={(e) => update("bubble fill", () => ({ fill: e.target.value }))}
        />
      </label>
      <label>
        Text
        <input
          type="color"
          value={first.kind === "sfx" ? first.stroke : first.textColor}
          title={first.kind === "sfx" ? "Outline of the letters" : "Colour of the text"}
          onChange={(e) =>
            update("bubble text colour", (b) =>
              b.props.kind === "sfx" ? { stroke: e.target.value } : { textColor: e.target.value },
            )
          }
        />
      </label>
      <label className="cs-lettering-controls__check">
        <input
          type="checkbox"
          checked={first.tail !== null}
          data-testid="bubble-tail"
          onChange={(e) =>
            update("bubble tail", (b) => ({
              tail: e.target.checked
                ? { x: b.props.w * 0.3, y: b.props.h + Math.min(80, b.props.h * 0.6) }
                : null,
            }))
          }
        />
        Tail
      </label>
      <select
        value={same("clip") ? first.clip : ""}
        aria-label="Panel border"
        data-testid="bubble-clip"
        onChange={(e) => {
          const clip = e.target.value as BubbleShapeProps["clip"];
          update("bubble clip", (b) => ({ clip, panelShapeId: panelUnderBubble(editor, b) }));
        }}
      >
        {!same("clip") && <option value="">Mixed</option>}
        {BUBBLE_CLIPS.map((c) => (
          <option key={c} value={c}>
            {CLIP_LABELS[c]}
          </option>
        ))}
      </select>
    </section>
  );
}
