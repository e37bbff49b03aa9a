import { BubbleShapeUtil } from "./lettering/BubbleShapeUtil.tsx";
import { PageFrameShapeUtil } from "./shapes/PageFrameShapeUtil.tsx";
import { PanelShapeUtil } from "./shapes/PanelShapeUtil.tsx";

/** The comic shapes the page canvas renders; their schema must equal `pageSchema()` in shared. */
export const PAGE_SHAPE_UTILS = [PanelShapeUtil, PageFrameShapeUtil, BubbleShapeUtil];
