import {
  COLLAB_CLOSE,
  type CollabCloseKind,
  collabCloseKind,
  pageDocumentName,
  pageSchema,
  schemaVersionNumber,
} from "@comic-studio/shared";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import * as Y from "yjs";

/** The WebSocket path of collab-server, proxied by Vite and by the production reverse proxy. */
export const COLLAB_PATH = "/collab";

export type ConnectionKind = "connecting" | "connected" | "reconnecting" | "offline" | "refused";

export interface CollabState {
  /** connecting: first attempt; reconnecting: lost after it had synced; offline: the browser is. */
  connection: ConnectionKind;
  /** True once the first full sync with the server finished (the page can be shown). */
  synced: boolean;
  /** Local changes the server has not confirmed yet. */
  unsynced: number;
  /** What the server lets this user do, as it said when it accepted the connection. */
  scope: "read-write" | "readonly" | null;
  /** Why the server refused or ended the connection, when it will not be retried. */
  refused: CollabCloseKind | null;
  /** The last non-terminal reason the server gave for ending the connection (e.g. role changed). */
  notice: CollabCloseKind | null;
}

export interface CollabSessionOptions {
  /** ws(s)://host/collab; defaults to the page's own origin. */
  url?: string;
  /** A session token for non-browser clients; browsers send the session cookie. */
  token?: string;
  WebSocketPolyfill?: unknown;
}

export function defaultCollabUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}${COLLAB_PATH}`;
}

/**
 * One page's connection to collab-server: the Y.Doc, its provider and the connection state
 * the editor shows (connected / reconnecting / offline with unsynced changes / refused).
 * Refusals the server marks terminal stop the reconnect loop; others let it retry.
 */
export class CollabSession {
  readonly doc = new Y.Doc();
  readonly socket: HocuspocusProviderWebsocket;
  readonly provider: HocuspocusProvider;
  private state: CollabState = {
    connection: "connecting",
    synced: false,
    unsynced: 0,
    scope: null,
    refused: null,
    notice: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];

  constructor(
    readonly pageId: string,
    options: CollabSessionOptions = {},
  ) {
    const base = options.url ?? defaultCollabUrl();
    const version = schemaVersionNumber(pageSchema().serialize());
    this.socket = new HocuspocusProviderWebsocket({
      url: `${base}?schema=${version}`,
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
      maxDelay: 10_000,
    });
    this.provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: pageDocumentName(pageId),
      document: this.doc,
      token: options.token ?? "",
      onAuthenticated: ({ scope }) => this.set({ scope, refused: null }),
      onAuthenticationFailed: ({ reason }) => this.refuse(collabCloseKind({ reason }) ?? "forbidden"),
      onSynced: () => this.set({ synced: true, connection: "connected" }),
      onUnsyncedChanges: ({ number }) => this.set({ unsynced: number }),
    });
    const onStatus = ({ status }: { status: string }) => {
      if (this.state.refused) return;
      if (status === "connected") return; // "connected" waits for the sync
      if (status === "disconnected" || status === "connecting") {
        this.set({ connection: this.state.synced ? "reconnecting" : "connecting" });
      }
    };
    const onClose = ({ event }: { event: { code: number; reason: string } }) => {
      const kind = collabCloseKind({ code: event.code, reason: event.reason });
      if (!kind) return;
      if (COLLAB_CLOSE[kind].terminal) this.refuse(kind);
      else this.set({ notice: kind });
    };
    this.socket.on("status", onStatus);
    this.socket.on("close", onClose);
    this.cleanups.push(() => {
      this.socket.off("status", onStatus);
      this.socket.off("close", onClose);
    });
    if (typeof window !== "undefined") {
      const offline = () => this.set({ connection: "offline" });
      const online = () => {
        if (!this.state.refused)
          this.set({ connection: this.provider.isSynced ? "connected" : "reconnecting" });
      };
      window.addEventListener("offline", offline);
      window.addEventListener("online", online);
      this.cleanups.push(() => {
        window.removeEventListener("offline", offline);
        window.removeEventListener("online", online);
      });
    }
    this.provider.attach();
  }

  get awareness() {
    return this.provider.awareness!;
  }

  getState = (): CollabState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Listens to the page's stateless messages (comments and review events the server broadcasts
   * to everyone on the page, commenters included). Returns a function that stops listening.
   */
  onStateless = (listener: (payload: string) => void): (() => void) => {
    const handler = ({ payload }: { payload: string }) => listener(payload);
    this.provider.on("stateless", handler);
    return () => this.provider.off("stateless", handler);
  };

  private set(patch: Partial<CollabState>): void {
    const keys = Object.keys(patch) as (keyof CollabState)[];
    if (keys.every((k) => this.state[k] === patch[k])) return;
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private refuse(kind: CollabCloseKind): void {
    this.set({ refused: kind, connection: "refused" });
    // A terminal refusal: stop the reconnect loop; the page stays visible as it was.
    this.socket.disconnect();
  }

  destroy(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.provider.destroy();
    this.socket.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }
}
