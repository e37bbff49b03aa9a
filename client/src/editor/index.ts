export { ConnectionBadge } from "./ConnectionBadge.tsx";
export { CollabSession, type CollabState, type ConnectionKind } from "./collab-session.ts";
export { PageCanvas, type PageCanvasProps, type PageCanvasUser } from "./PageCanvas.tsx";
export type { PanelActions } from "./panel-actions.ts";
export { userColor } from "./user-color.ts";
