import {
  isPanelShape,
  type PanelGeneration,
  type PanelShape,
  pageDocumentName,
  pageSchema,
  readAllRecords,
  schemaVersionNumber,
} from "@comic-studio/shared";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import { nowMs } from "./stats.ts";

const SCHEMA_VERSION = schemaVersionNumber(pageSchema().serialize());

/** Key of "this generation's panel showed this progress value" in {@link PageWatcher.firstSeen}. */
export const progressKey = (generationId: string, progress: number) => `${generationId}|p|${progress}`;
/** Key of "this generation's panel showed this status" in {@link PageWatcher.firstSeen}. */
export const statusKey = (generationId: string, status: string) => `${generationId}|s|${status}`;

/**
 * A collaborator's view of one page, as the browser has it: a HocuspocusProvider on a WebSocket
 * with the page's Y.Doc. Records when each generation state first became visible in the document.
 */
export class PageWatcher {
  readonly doc = new Y.Doc();
  /** Key (see progressKey / statusKey) -> wall-clock ms when the document first showed it. */
  readonly firstSeen = new Map<string, number>();
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly provider: HocuspocusProvider;
  private authFailure: string | null = null;

  constructor(
    collabUrl: string,
    readonly pageId: string,
    token: string,
  ) {
    this.socket = new HocuspocusProviderWebsocket({
      url: `${collabUrl}?schema=${SCHEMA_VERSION}`,
      WebSocketPolyfill: WebSocket,
    });
    this.provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: pageDocumentName(pageId),
      document: this.doc,
      token,
      onAuthenticationFailed: ({ reason }) => {
        this.authFailure = reason;
      },
    });
    // The timestamp is taken before anything else, so the scan below does not count.
    this.doc.on("update", () => this.record(nowMs()));
    this.provider.attach();
  }

  private record(at: number): void {
    for (const panel of this.panels()) {
      const g = panel.props.generation;
      if (!g) continue;
      for (const key of [progressKey(g.generationId, g.progress), statusKey(g.generationId, g.status)]) {
        if (!this.firstSeen.has(key)) this.firstSeen.set(key, at);
      }
    }
  }

  panels(): PanelShape[] {
    return readAllRecords(this.doc).filter((r) => isPanelShape(r)) as unknown as PanelShape[];
  }

  generationOf(shapeId: string): PanelGeneration | null {
    return this.panels().find((p) => p.id === shapeId)?.props.generation ?? null;
  }

  /** Resolves once the document is synced and shows `panels` panel shapes (seeded from the layout). */
  async ready(panels: number, timeoutMs: number): Promise<string[]> {
    await waitUntil(
      () => {
        if (this.authFailure) throw new Error(`collab-server refused the bench client: ${this.authFailure}`);
        return this.provider.isSynced && this.panels().length >= panels;
      },
      timeoutMs,
      `page ${this.pageId} synced with ${panels} panels`,
    );
    return this.panels()
      .map((p) => p.id)
      .sort();
  }

  destroy(): void {
    this.provider.destroy();
    this.socket.destroy();
  }
}

/** Polls `check` every 10 ms (control flow only: nothing is timed by this loop). */
export async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
