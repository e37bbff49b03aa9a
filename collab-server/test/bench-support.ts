// What bench/collab needs from this package's dependencies (the bench is not a workspace
// package, so it reaches them through here).
export { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
export { Server } from "@hocuspocus/server";
export { getIndexAbove, type IndexKey } from "@tldraw/utils";
export { default as WebSocket } from "ws";
export * as Y from "yjs";
