import {
  isPanelShape,
  mergePanelGeneration,
  type PanelGeneration,
  type PanelGenerationPatch,
  pageDocumentName,
  readRecord,
  setRecordProp,
} from "@comic-studio/shared";
import type { Hocuspocus } from "@hocuspocus/server";

export type PanelWriteResult = "applied" | "unchanged" | "missing-shape";

/** Origin of generation-state writes: server edits, stored and broadcast like any other. */
export const GENERATION_ORIGIN = { source: "local", context: { generation: true } } as const;

/**
 * Runs `edit` on a page document through a Hocuspocus direct connection: the page is loaded
 * (from Postgres, and from peer instances through Redis) when no client has it open, the
 * edit reaches every client on every instance, and the store is debounced as for clients.
 */
async function editPage<T>(
  instance: Hocuspocus,
  pageId: string,
  edit: (doc: import("@hocuspocus/server").Document) => T,
): Promise<T> {
  const connection = await instance.openDirectConnection(pageDocumentName(pageId), { server: true });
  try {
    return edit(connection.document!);
  } finally {
    await connection.disconnect({ unloadImmediately: false });
  }
}

/**
 * Writes generation state into a panel shape (the generation pipeline calls this for every
 * job event). Idempotent and monotonic (see `mergePanelGeneration`): replaying or reordering
 * events never duplicates or regresses what collaborators see.
 */
export async function applyPanelGenerationState(
  instance: Hocuspocus,
  pageId: string,
  shapeId: string,
  patch: PanelGenerationPatch,
  nowMs = Date.now(),
): Promise<PanelWriteResult> {
  return editPage(instance, pageId, (document) => {
    const record = readRecord(document, shapeId);
    if (!isPanelShape(record)) return "missing-shape";
    const current = (record.props as { generation?: PanelGeneration | null }).generation ?? null;
    const next = mergePanelGeneration(current, patch, nowMs);
    if (!next) return "unchanged";
    document.transact(() => setRecordProp(document, shapeId, "generation", next), GENERATION_ORIGIN);
    return "applied";
  });
}

/** Sets a panel's chosen image (a chosen variation, or an earlier version restored). */
export async function setPanelImage(
  instance: Hocuspocus,
  pageId: string,
  shapeId: string,
  imageUrl: string | null,
): Promise<PanelWriteResult> {
  return editPage(instance, pageId, (document) => {
    const record = readRecord(document, shapeId);
    if (!isPanelShape(record)) return "missing-shape";
    let changed = false;
    document.transact(() => {
      changed = setRecordProp(document, shapeId, "imageUrl", imageUrl);
    }, GENERATION_ORIGIN);
    return changed ? "applied" : "unchanged";
  });
}
