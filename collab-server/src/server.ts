import type { Socket } from "node:net";
import type { Logger, Sql } from "@comic-studio/infra";
import { COLLAB_CLOSE, type PanelGenerationPatch } from "@comic-studio/shared";
import { Redis as RedisExtension } from "@hocuspocus/extension-redis";
import { type Extension, type Hocuspocus, Server } from "@hocuspocus/server";
import type { Redis } from "ioredis";
import type { CollabConfig } from "./config.ts";
import type { CollabContext } from "./context.ts";
import { AuthExtension } from "./extensions/auth.ts";
import { PanelRowsExtension } from "./extensions/panel-rows.ts";
import { PersistenceExtension } from "./extensions/persistence.ts";
import { ReviewPinsExtension } from "./extensions/review-pins.ts";
import { SnapshotExtension } from "./extensions/snapshots.ts";
import { HttpExtension } from "./http.ts";
import {
  applyPanelGenerationState,
  type PanelWriteResult,
  releaseDirectConnections,
  setPanelImage,
} from "./panel-state.ts";
import { ReviewChannelExtension } from "./review-channel.ts";

/** WebSocket path of page documents (the client's Vite proxy forwards it). */
export const COLLAB_PATH = "/collab";
/** Longest a graceful close waits for documents to be stored and unloaded, in ms. */
export const CLOSE_TIMEOUT_MS = 8_000;

export interface CollabDeps {
  sql: Sql;
  redis: Redis;
  logger: Logger;
  /** More Hocuspocus extensions (the generation-event consumer, for one). */
  extensions?: Extension[];
}

export interface RunningCollab {
  port: number;
  /** ws://host:port/collab */
  url: string;
  /** http://host:port */
  httpUrl: string;
}

export interface CollabServer {
  hocuspocus: Hocuspocus<CollabContext>;
  auth: AuthExtension;
  persistence: PersistenceExtension;
  panelRows: PanelRowsExtension;
  snapshots: SnapshotExtension;
  /** Relays review events (comments, sessions) to the page's connections. */
  reviewChannel: ReviewChannelExtension;
  listen(): Promise<RunningCollab>;
  /** Graceful: ends client connections, stores every document, releases Redis. */
  close(): Promise<void>;
  /** Writes generation state into a panel shape, on every instance (idempotent). */
  applyPanelGenerationState(
    pageId: string,
    shapeId: string,
    patch: PanelGenerationPatch,
  ): Promise<PanelWriteResult>;
  setPanelImage(pageId: string, shapeId: string, imageUrl: string | null): Promise<PanelWriteResult>;
}

/**
 * collab-server: Hocuspocus with our extensions. Auth and roles, Postgres persistence with
 * seeding from the page's template, panel rows kept in step with panel shapes, snapshots,
 * a small HTTP surface (health, snapshots) and the Redis extension, so several instances
 * serve one page.
 */
export function createCollabServer(config: CollabConfig, deps: CollabDeps): CollabServer {
  const { sql, logger } = deps;
  const auth = new AuthExtension({
    sql,
    logger,
    appOrigin: config.APP_ORIGIN,
    recheckIntervalMs: config.MEMBERSHIP_RECHECK_MS,
  });
  const persistence = new PersistenceExtension({ sql, logger });
  const panelRows = new PanelRowsExtension({ sql, logger });
  const snapshots = new SnapshotExtension({
    sql,
    logger,
    intervalMs: config.SNAPSHOT_INTERVAL_MS,
    keep: config.SNAPSHOT_KEEP,
  });
  const http = new HttpExtension({ sql, redis: deps.redis, logger, appOrigin: config.APP_ORIGIN, snapshots });
  const redis = new RedisExtension({
    redis: deps.redis,
    prefix: `${config.REDIS_PREFIX}:collab`,
    identifier: `${config.INSTANCE_NAME ?? "collab"}-${crypto.randomUUID()}`,
  });
  const reviewPins = new ReviewPinsExtension({
    sql,
    redis: deps.redis,
    redisPrefix: config.REDIS_PREFIX,
    logger,
  });
  const reviewChannel = new ReviewChannelExtension({
    redis: deps.redis,
    redisPrefix: config.REDIS_PREFIX,
    logger,
    onEvent: (event) => reviewPins.onReviewEvent(event),
  });
  const sockets = new Set<Socket>();
  const upgrade: Extension = {
    extensionName: "comic-studio-upgrade",
    async onUpgrade({ request, socket }) {
      const path = new URL(request.url ?? "/", "http://collab.local").pathname.replace(/\/+$/, "");
      if (path !== COLLAB_PATH) {
        socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
        return Promise.reject(undefined);
      }
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    },
  };

  const server = new Server<CollabContext>({
    name: config.INSTANCE_NAME ?? "collab-server",
    port: config.PORT,
    address: config.HOST,
    quiet: true,
    stopOnSignals: false,
    debounce: config.STORE_DEBOUNCE_MS,
    maxDebounce: config.STORE_MAX_DEBOUNCE_MS,
    extensions: [
      redis,
      upgrade,
      auth,
      persistence,
      panelRows,
      snapshots,
      http,
      reviewChannel,
      reviewPins,
      ...(deps.extensions ?? []),
    ],
  });
  const hocuspocus = server.hocuspocus;

  return {
    hocuspocus,
    auth,
    persistence,
    panelRows,
    snapshots,
    reviewChannel,
    async listen() {
      await server.listen();
      const { port } = server.address;
      const host = config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST;
      return { port, url: `ws://${host}:${port}${COLLAB_PATH}`, httpUrl: `http://${host}:${port}` };
    },
    async close() {
      await releaseDirectConnections(hocuspocus);
      const restarting = COLLAB_CLOSE.shuttingDown;
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.getConnections()) {
          connection.webSocket.close(restarting.code, restarting.reason);
        }
      }
      const destroyed = server.destroy();
      const timedOut = new Promise<"timeout">((resolve) =>
        setTimeout(() => resolve("timeout"), CLOSE_TIMEOUT_MS).unref(),
      );
      if ((await Promise.race([destroyed, timedOut])) === "timeout") {
        logger.error(
          { documents: hocuspocus.getDocumentsCount() },
          "documents still open after the close timeout",
        );
        hocuspocus.flushPendingStores();
      }
      await persistence.flush();
      for (const socket of sockets) socket.destroy();
    },
    applyPanelGenerationState: (pageId, shapeId, patch) =>
      applyPanelGenerationState(hocuspocus, pageId, shapeId, patch),
    setPanelImage: (pageId, shapeId, imageUrl) => setPanelImage(hocuspocus, pageId, shapeId, imageUrl),
  };
}
