/**
 * Why collab-server refused or ended a page connection: the wire contract between
 * collab-server and the client. Hocuspocus sends `reason` with a refused authentication
 * (permission-denied) and as the WebSocket close reason; `code` is the WebSocket close code.
 * The client shows `message` and stops reconnecting when `terminal`.
 */
export const COLLAB_CLOSE = {
  unauthenticated: {
    code: 4401,
    reason: "unauthenticated",
    terminal: true,
    message: "Your session has ended. Sign in again to keep working on this page.",
  },
  forbidden: {
    code: 4403,
    reason: "forbidden",
    terminal: true,
    message: "You are not a member of this page's project.",
  },
  notFound: {
    code: 4404,
    reason: "not-found",
    terminal: true,
    message: "This page does not exist, or it was deleted.",
  },
  membershipRevoked: {
    code: 4410,
    reason: "membership-revoked",
    terminal: true,
    message: "You were removed from this project, so the page was closed.",
  },
  roleChanged: {
    code: 4409,
    reason: "role-changed",
    terminal: false,
    message: "Your role on this project changed. Reconnecting with the new permissions…",
  },
  clientOutdated: {
    code: 4426,
    reason: "client-outdated",
    terminal: true,
    message: "Comic Studio was updated. Reload the page to keep editing.",
  },
  badDocument: {
    code: 4400,
    reason: "bad-document",
    terminal: true,
    message: "This is not a page document.",
  },
  shuttingDown: {
    code: 4503,
    reason: "server-restarting",
    terminal: false,
    message: "The collaboration server is restarting. Reconnecting…",
  },
} as const satisfies Record<string, { code: number; reason: string; terminal: boolean; message: string }>;

export type CollabCloseKind = keyof typeof COLLAB_CLOSE;
export type CollabClose = (typeof COLLAB_CLOSE)[CollabCloseKind];

const BY_REASON = new Map<string, CollabCloseKind>(
  (Object.keys(COLLAB_CLOSE) as CollabCloseKind[]).map((kind) => [COLLAB_CLOSE[kind].reason, kind]),
);
const BY_CODE = new Map<number, CollabCloseKind>(
  (Object.keys(COLLAB_CLOSE) as CollabCloseKind[]).map((kind) => [COLLAB_CLOSE[kind].code, kind]),
);

/** The close kind for a refusal reason or a WebSocket close code; null when it is not one of ours. */
export function collabCloseKind(input: {
  reason?: string | null;
  code?: number | null;
}): CollabCloseKind | null {
  if (input.reason && BY_REASON.has(input.reason)) return BY_REASON.get(input.reason)!;
  if (typeof input.code === "number" && BY_CODE.has(input.code)) return BY_CODE.get(input.code)!;
  return null;
}
