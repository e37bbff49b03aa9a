import "./lettering.css";

export { BubbleShapeUtil } from "./BubbleShapeUtil.tsx";
export { BUBBLE_TOOL_IDS, bubbleTools } from "./BubbleTool.ts";
export { loadLetteringFonts } from "./fonts.ts";
export { LetteringControls } from "./LetteringControls.tsx";
export { ReadingOrderOverlay, ReadingOrderPanel } from "./ReadingOrderOverlay.tsx";
export {
  addLetteringActions,
  addLetteringTools,
  LetteringToolItems,
  ReadingOrderControls,
} from "./tools.tsx";
