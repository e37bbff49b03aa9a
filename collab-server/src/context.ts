import { COLLAB_CLOSE, type CollabCloseKind, type Role } from "@comic-studio/shared";

/** What a connection knows about its caller, set by the auth extension. */
export interface CollabContext {
  userId: string;
  displayName: string;
  sessionId: string;
  pageId: string;
  projectId: string;
  role: Role;
}

/**
 * A refused or ended connection. Hocuspocus sends `reason` to the provider on a refused
 * authentication; `code` closes the WebSocket when a live connection is ended.
 */
export class CollabRefusal extends Error {
  readonly kind: CollabCloseKind;
  readonly code: number;
  readonly reason: string;
  constructor(kind: CollabCloseKind) {
    super(COLLAB_CLOSE[kind].message);
    this.name = "CollabRefusal";
    this.kind = kind;
    this.code = COLLAB_CLOSE[kind].code;
    this.reason = COLLAB_CLOSE[kind].reason;
  }
}

export function isCollabContext(value: unknown): value is CollabContext {
  return typeof value === "object" && value !== null && typeof (value as CollabContext).userId === "string";
}
