import { isErrorBody } from "@comic-studio/shared";
import { ApiError } from "../lib/api.ts";
import { COLLAB_PATH } from "./collab-session.ts";

/** One stored snapshot of a page document, as collab-server lists it (collab-server/README "HTTP"). */
export interface PageSnapshot {
  id: string;
  label: string | null;
  /** The user who took it (or restored over it); null for the server's automatic snapshots. */
  createdBy: string | null;
  createdAt: string;
  bytes: number;
}

/** collab-server's label for its automatic snapshots, and the prefix of its safety snapshots. */
const AUTO_LABEL = "auto";
const BEFORE_RESTORE = "before restore of ";

/** Calls collab-server's HTTP routes (same origin through the proxy, session cookie included). */
async function collab<T>(path: string, method: "GET" | "POST", body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${COLLAB_PATH}${path}`, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("NETWORK", "Cannot reach the collaboration server. Check your connection.", 0);
  }
  const decoded: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(decoded)) {
      throw new ApiError(decoded.error.code, decoded.error.message, response.status, decoded.error.details);
    }
    throw new ApiError("INTERNAL", `The collaboration server answered ${response.status}.`, response.status);
  }
  return decoded as T;
}

const pagePath = (pageId: string) => `/pages/${encodeURIComponent(pageId)}/snapshots`;

export async function listSnapshots(pageId: string): Promise<PageSnapshot[]> {
  return (await collab<{ snapshots: PageSnapshot[] }>(pagePath(pageId), "GET")).snapshots;
}

export async function takeSnapshot(pageId: string, label: string | null): Promise<PageSnapshot> {
  const body = label ? { label } : {};
  return (await collab<{ snapshot: PageSnapshot }>(pagePath(pageId), "POST", body)).snapshot;
}

export async function restoreSnapshot(pageId: string, snapshotId: string): Promise<void> {
  await collab(`${pagePath(pageId)}/${encodeURIComponent(snapshotId)}/restore`, "POST", {});
}

export interface SnapshotRow {
  id: string;
  createdAt: Date;
  /** What to call it: the user's label, or what the server made it for. */
  title: string;
  /** Who took it, in words. */
  who: string;
  automatic: boolean;
}

/**
 * The rows the history dialog shows, newest first: labels in words (automatic snapshots and the
 * safety snapshot taken before each restore named as such) and people by their display name.
 */
export function snapshotRows(
  snapshots: readonly PageSnapshot[],
  names: ReadonlyMap<string, string>,
  formatTime: (date: Date) => string,
): SnapshotRow[] {
  const byId = new Map(snapshots.map((s) => [s.id, s]));
  return [...snapshots]
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .map((s) => {
      const automatic = s.createdBy === null;
      let title = s.label?.trim() || "Snapshot";
      if (s.label === AUTO_LABEL && automatic) title = "Automatic snapshot";
      else if (s.label?.startsWith(BEFORE_RESTORE)) {
        const restored = byId.get(s.label.slice(BEFORE_RESTORE.length));
        title = restored
          ? `Before restoring the snapshot of ${formatTime(new Date(restored.createdAt))}`
          : "Before a restore";
      }
      const who = automatic ? "Comic Studio" : ((s.createdBy && names.get(s.createdBy)) ?? "A former member");
      return { id: s.id, createdAt: new Date(s.createdAt), title, who, automatic };
    });
}
