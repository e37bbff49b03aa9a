import type { IncomingMessage, ServerResponse } from "node:http";
import { checkHealth, type Logger, readCookie, type Sql, validateSessionToken } from "@comic-studio/infra";
import { AppError, can, isUuid, SESSION_COOKIE } from "@comic-studio/shared";
import type { Extension, onRequestPayload } from "@hocuspocus/server";
import type { Redis } from "ioredis";
import { pageAccess } from "./access.ts";
import type { SnapshotExtension } from "./extensions/snapshots.ts";

export interface HttpOptions {
  sql: Sql;
  redis: Redis;
  logger: Logger;
  appOrigin: string;
  snapshots: SnapshotExtension;
}

const MAX_BODY_BYTES = 16 * 1024;
const SNAPSHOTS = /^\/(?:collab\/)?pages\/([^/]+)\/snapshots$/;
const RESTORE = /^\/(?:collab\/)?pages\/([^/]+)\/snapshots\/([^/]+)\/restore$/;

/**
 * collab-server's small HTTP surface, next to the WebSocket:
 * - `GET /health`: Postgres and Redis reachability (200, or 503 when degraded);
 * - `GET /collab/pages/:pageId/snapshots`: the page's snapshots, newest first (viewer+);
 * - `POST /collab/pages/:pageId/snapshots` `{label?}`: snapshot now (editor+);
 * - `POST /collab/pages/:pageId/snapshots/:snapshotId/restore`: restore (editor+), live for everyone.
 * Callers authenticate like the api: the `cs_session` cookie (same origin) or `Authorization: Bearer`.
 * Errors follow the api's contract `{"error": {code, message}}`.
 */
export class HttpExtension implements Extension {
  extensionName = "comic-studio-http";

  constructor(private readonly options: HttpOptions) {}

  async onRequest({ request, response }: onRequestPayload): Promise<void> {
    const url = new URL(request.url ?? "/", "http://collab.local");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    try {
      if (request.method === "GET" && (path === "/health" || path === "/collab/health")) {
        const report = await checkHealth("collab-server", this.options.sql, this.options.redis);
        send(response, report.status === "ok" ? 200 : 503, report);
      } else if (SNAPSHOTS.test(path) || RESTORE.test(path)) {
        await this.snapshots(request, response, path);
      } else {
        throw new AppError("NOT_FOUND", "No such route on collab-server.");
      }
    } catch (error) {
      if (error instanceof AppError) {
        send(response, error.status, error.toBody());
      } else {
        this.options.logger.error({ err: error, path }, "collab-server request failed");
        send(response, 500, new AppError("INTERNAL", "Something went wrong.").toBody());
      }
    }
    // Handled: a rejection without an error stops Hocuspocus's default answer.
    return Promise.reject(undefined);
  }

  private async snapshots(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const restore = RESTORE.exec(path);
    const list = SNAPSHOTS.exec(path);
    const pageId = (restore?.[1] ?? list?.[1] ?? "").toLowerCase();
    if (!isUuid(pageId)) throw new AppError("NOT_FOUND", "There is no such page.");
    const method = request.method ?? "GET";
    if (method !== "GET" && method !== "POST")
      throw new AppError("NOT_FOUND", "No such route on collab-server.");
    if (restore && method !== "POST") throw new AppError("NOT_FOUND", "No such route on collab-server.");

    const { user, via } = await this.authenticate(request);
    if (method === "POST" && via === "cookie" && request.headers.origin !== this.options.appOrigin) {
      throw new AppError("CSRF_REJECTED", "This request did not come from Comic Studio.");
    }
    const access = await pageAccess(this.options.sql, pageId, user.id);
    if (!access?.role)
      throw new AppError("NOT_FOUND", "There is no such page, or you are not a member of its project.");

    if (method === "GET") {
      send(response, 200, { snapshots: await this.options.snapshots.list(pageId) });
      return;
    }
    if (!can.editCanvas(access.role))
      throw new AppError("FORBIDDEN", "Only editors can take or restore snapshots.");
    if (restore) {
      const snapshotId = restore[2]!.toLowerCase();
      if (!isUuid(snapshotId) || !(await this.options.snapshots.restore(pageId, snapshotId, user.id))) {
        throw new AppError("NOT_FOUND", "There is no such snapshot of this page.");
      }
      send(response, 200, { restored: snapshotId });
      return;
    }
    const body = await readJson(request);
    const label = body.label;
    if (label !== undefined && label !== null && (typeof label !== "string" || label.length > 200)) {
      throw new AppError("VALIDATION_FAILED", "label must be a string of at most 200 characters.", {
        field: "label",
      });
    }
    const snapshot = await this.options.snapshots.create(
      pageId,
      (label as string | null | undefined) ?? null,
      user.id,
    );
    send(response, 201, { snapshot });
  }

  private async authenticate(request: IncomingMessage) {
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    const bearer = /^Bearer ([A-Za-z0-9]+)$/.exec(request.headers.authorization ?? "")?.[1];
    const token = cookie ?? bearer;
    const validated = token ? await validateSessionToken(this.options.sql, token) : null;
    if (!validated) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    return { user: validated.user, via: cookie ? ("cookie" as const) : ("bearer" as const) };
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "The request body is too large.");
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  } catch {
    // fall through
  }
  throw new AppError("BAD_REQUEST", "The body must be a JSON object.");
}
