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

/** How long a page's server-side connection stays open after the last backend write to it. */
export const DIRECT_CONNECTION_IDLE_MS = 5_000;

type DirectConnection = Awaited<ReturnType<Hocuspocus["openDirectConnection"]>>;
interface HeldConnection {
  connection: Promise<DirectConnection>;
  timer?: NodeJS.Timeout;
}
const held = new WeakMap<Hocuspocus, Map<string, HeldConnection>>();

/**
 * Runs `edit` on a page document through a Hocuspocus direct connection: the page is loaded
 * (from Postgres, and from peer instances through Redis) when no client has it open, the
 * edit reaches every client on every instance, and the store is debounced as for clients.
 *
 * The connection is kept open while writes keep coming (closed after DIRECT_CONNECTION_IDLE_MS
 * without one). Opening and closing one per write made every write wait for the store that a
 * close may run, and the Redis extension's delay after it: about a second per write under load.
 */
async function editPage<T>(
  instance: Hocuspocus,
  pageId: string,
  edit: (doc: import("@hocuspocus/server").Document) => T,
): Promise<T> {
  let pool = held.get(instance);
  if (!pool) {
    pool = new Map();
    held.set(instance, pool);
  }
  const name = pageDocumentName(pageId);
  let entry = pool.get(name);
  if (!entry) {
    const created: HeldConnection = { connection: instance.openDirectConnection(name, { server: true }) };
    created.connection.catch(() => pool.delete(name));
    pool.set(name, created);
    entry = created;
  }
  const connection = await entry.connection;
  if (entry.timer) clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    pool.delete(name);
    void connection.disconnect({ unloadImmediately: false }).catch(() => undefined);
  }, DIRECT_CONNECTION_IDLE_MS);
  entry.timer.unref();
  return edit(connection.document!);
}

/** Closes the server-side connections kept open for backend writes (before a shutdown). */
export async function releaseDirectConnections(instance: Hocuspocus): Promise<void> {
  const pool = held.get(instance);
  if (!pool) return;
  const entries = [...pool.values()];
  pool.clear();
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.timer) clearTimeout(entry.timer);
      const connection = await entry.connection.catch(() => null);
      await connection?.disconnect({ unloadImmediately: false }).catch(() => undefined);
    }),
  );
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

/** How long a page loaded only to be flushed waits for peer instances' updates (Redis extension). */
export const FLUSH_PEER_SYNC_MS = 300;

/**
 * Stores a page document now instead of after the debounce, so a reader of `yjs_documents`
 * (the export worker) sees every edit made so far. A page not loaded here is loaded first and
 * given a moment to receive unsaved updates from other instances holding it.
 */
export async function flushPage(instance: Hocuspocus, pageId: string): Promise<void> {
  const loadedBefore = instance.documents.has(pageDocumentName(pageId));
  const document = await editPage(instance, pageId, (doc) => doc);
  if (!loadedBefore) await new Promise((r) => setTimeout(r, FLUSH_PEER_SYNC_MS));
  await instance.storeDocumentHooks(
    document,
    {
      clientsCount: document.getConnectionsCount(),
      lastContext: { server: true },
      lastTransactionOrigin: GENERATION_ORIGIN,
      document,
      documentName: document.name,
      instance,
    },
    true,
  );
}
