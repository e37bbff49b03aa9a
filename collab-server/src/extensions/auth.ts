import { type Logger, readCookie, type Sql, validateSessionToken } from "@comic-studio/infra";
import {
  AWARENESS_PRESENCE,
  type CollabCloseKind,
  can,
  pageSchema,
  parsePageDocumentName,
  SESSION_COOKIE,
  schemaVersionNumber,
} from "@comic-studio/shared";
import type {
  beforeHandleAwarenessPayload,
  Connection,
  Extension,
  Hocuspocus,
  onAuthenticatePayload,
  onConfigurePayload,
} from "@hocuspocus/server";
import { pageAccess, recheckGrants } from "../access.ts";
import { type CollabContext, CollabRefusal, isCollabContext } from "../context.ts";

/** Defaults of {@link AuthExtension}. */
export const AUTH_DEFAULTS = {
  /** How often live connections are checked against sessions and memberships, in ms. */
  recheckIntervalMs: 3_000,
} as const;

export interface AuthOptions {
  sql: Sql;
  logger: Logger;
  /** The browser origin allowed to open cookie-authenticated sockets. */
  appOrigin: string;
  /** Default {@link AUTH_DEFAULTS.recheckIntervalMs}. */
  recheckIntervalMs?: number;
}

/** Query parameter in which clients send their page schema version (see `schemaVersionNumber`). */
export const SCHEMA_VERSION_PARAM = "schema";

/**
 * Who may open a page document, and how:
 * - the session comes from the provider's token or the `cs_session` cookie of the upgrade
 *   request (a cookie is only honoured from the app's own origin);
 * - `page:<uuid>` resolves to a page, its project and the caller's role; non-members are
 *   refused; commenters and viewers get a read-only connection, on which Hocuspocus drops
 *   every document update the client sends;
 * - every few seconds all live connections are checked again, so an ended session, a
 *   removed member or a changed role takes effect within seconds;
 * - presence (awareness) carries the authenticated user's id and name, whatever the client says.
 */
export class AuthExtension implements Extension {
  extensionName = "comic-studio-auth";
  private instance: Hocuspocus | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private checking = false;
  private readonly currentSchemaVersion = schemaVersionNumber(pageSchema().serialize());

  constructor(private readonly options: AuthOptions) {}

  async onConfigure({ instance }: onConfigurePayload): Promise<void> {
    this.instance = instance;
    this.timer ??= setInterval(
      () => void this.recheck(),
      this.options.recheckIntervalMs ?? AUTH_DEFAULTS.recheckIntervalMs,
    );
    this.timer.unref();
  }

  async onDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async onAuthenticate(data: onAuthenticatePayload<CollabContext>): Promise<CollabContext> {
    const pageId = parsePageDocumentName(data.documentName);
    if (!pageId) throw new CollabRefusal("badDocument");

    const clientVersion = data.requestParameters.get(SCHEMA_VERSION_PARAM);
    if (clientVersion !== null && Number(clientVersion) < this.currentSchemaVersion) {
      throw new CollabRefusal("clientOutdated");
    }

    const cookie = readCookie(data.requestHeaders.get("cookie") ?? undefined, SESSION_COOKIE);
    const token = data.token || cookie;
    if (!token) throw new CollabRefusal("unauthenticated");
    if (!data.token && cookie) {
      // Cross-site WebSocket hijacking: a cookie only counts on a socket opened by our own app.
      const origin = data.requestHeaders.get("origin");
      if (origin && origin !== this.options.appOrigin) throw new CollabRefusal("forbidden");
    }
    const session = await validateSessionToken(this.options.sql, token);
    if (!session) throw new CollabRefusal("unauthenticated");

    const access = await pageAccess(this.options.sql, pageId, session.user.id);
    if (!access) throw new CollabRefusal("notFound");
    if (!access.role) throw new CollabRefusal("forbidden");

    data.connectionConfig.readOnly = !can.editCanvas(access.role);
    return {
      userId: session.user.id,
      displayName: session.user.displayName,
      sessionId: session.session.id,
      pageId,
      projectId: access.projectId,
      role: access.role,
    };
  }

  async beforeHandleAwareness(data: beforeHandleAwarenessPayload<CollabContext>): Promise<void> {
    const context = data.connection?.context;
    if (!isCollabContext(context)) return;
    for (const state of data.states.values()) {
      const presence = state[AWARENESS_PRESENCE];
      if (presence && typeof presence === "object") {
        presence.userId = `user:${context.userId}`;
        presence.userName = context.displayName;
      }
    }
  }

  /** Checks every live connection once; ends or downgrades the ones that lost their grant. */
  async recheck(): Promise<void> {
    if (!this.instance || this.checking) return;
    this.checking = true;
    try {
      const connections: Connection<CollabContext>[] = [];
      for (const document of this.instance.documents.values()) {
        for (const connection of document.getConnections()) {
          if (isCollabContext(connection.context)) connections.push(connection as Connection<CollabContext>);
        }
      }
      const states = await recheckGrants(
        this.options.sql,
        connections.map((c) => ({
          sessionId: c.context.sessionId,
          userId: c.context.userId,
          pageId: c.context.pageId,
        })),
      );
      for (const [i, state] of states.entries()) {
        const connection = connections[i]!;
        switch (state.kind) {
          case "ok": {
            const canEdit = can.editCanvas(state.role);
            const changed = canEdit === connection.readOnly;
            connection.context.role = state.role;
            if (changed) {
              // Writes stop at once; the client reconnects and learns its new scope.
              connection.readOnly = true;
              this.end(connection, "roleChanged");
            }
            break;
          }
          case "session-ended":
            this.end(connection, "unauthenticated");
            break;
          case "page-gone":
            this.end(connection, "notFound");
            break;
          case "not-member":
            this.end(connection, "membershipRevoked");
            break;
          default: {
            const never: never = state;
            throw new Error(`unknown grant state ${JSON.stringify(never)}`);
          }
        }
      }
    } catch (error) {
      this.options.logger.error({ err: error }, "membership recheck failed");
    } finally {
      this.checking = false;
    }
  }

  private end(connection: Connection<CollabContext>, kind: CollabCloseKind): void {
    const refusal = new CollabRefusal(kind);
    connection.readOnly = true;
    this.options.logger.info(
      { userId: connection.context.userId, pageId: connection.context.pageId, reason: refusal.reason },
      "ending collab connection",
    );
    connection.webSocket.close(refusal.code, refusal.reason);
  }
}
