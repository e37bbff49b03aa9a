import type { Logger, Sql } from "@comic-studio/infra";
import { notificationsChannel } from "@comic-studio/shared";
import type { Response } from "express";
import type { Redis } from "ioredis";
import { unreadNotificationCount } from "./notifications.ts";

/** A comment line now and then keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;

/**
 * Live unread counts for the notification bell, as server-sent events. The api that records a
 * notification publishes its recipients on the notifications channel; every api instance holds
 * one subscriber and writes the new count to that user's open streams, whichever instance
 * they are connected to. The bell keeps polling as a fallback.
 */
export class NotificationStream {
  private readonly clients = new Map<string, Set<Response>>();
  private subscriber: Redis | null = null;
  private subscribing: Promise<void> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly redisPrefix: string,
    private readonly sql: Sql,
    private readonly logger: Logger,
  ) {}

  /** Announces that these users' unread counts changed (after the write has committed). */
  async announce(userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    try {
      await this.redis.publish(notificationsChannel(this.redisPrefix), JSON.stringify({ userIds }));
    } catch (error) {
      // The notifications are stored; the bell's poll still finds them.
      this.logger.warn({ err: error }, "notification announcement not published");
    }
  }

  /** Holds `res` open as an event stream for `userId`, starting with the current count. */
  async open(userId: string, res: Response): Promise<void> {
    if (this.closed) {
      res.status(503).end();
      return;
    }
    await this.subscribe();
    res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    res.flushHeaders();
    let set = this.clients.get(userId);
    if (!set) {
      set = new Set();
      this.clients.set(userId, set);
    }
    set.add(res);
    res.on("close", () => {
      set.delete(res);
      if (set.size === 0 && this.clients.get(userId) === set) this.clients.delete(userId);
    });
    await this.send(userId, [res]);
  }

  /** Ends every stream and the subscriber (server shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of this.clients.values()) for (const res of set) res.end();
    this.clients.clear();
    await this.subscribing?.catch(() => undefined);
    if (this.subscriber) {
      this.subscriber.disconnect();
      this.subscriber = null;
    }
  }

  private subscribe(): Promise<void> {
    this.subscribing ??= (async () => {
      const subscriber = this.redis.duplicate();
      this.subscriber = subscriber;
      subscriber.on("message", (_channel: string, raw: string) => this.onMessage(raw));
      subscriber.on("error", (error) => this.logger.warn({ err: error }, "notification subscriber error"));
      await subscriber.subscribe(notificationsChannel(this.redisPrefix));
      this.heartbeat = setInterval(() => {
        for (const set of this.clients.values()) for (const res of set) res.write(": ping\n\n");
      }, HEARTBEAT_MS);
      this.heartbeat.unref();
    })();
    return this.subscribing;
  }

  private onMessage(raw: string): void {
    let userIds: unknown;
    try {
      userIds = (JSON.parse(raw) as { userIds?: unknown }).userIds;
    } catch {
      return;
    }
    if (!Array.isArray(userIds)) return;
    for (const userId of userIds) {
      const set = typeof userId === "string" ? this.clients.get(userId) : undefined;
      if (set && set.size > 0) void this.send(userId as string, [...set]);
    }
  }

  private async send(userId: string, targets: Response[]): Promise<void> {
    try {
      const unreadCount = await unreadNotificationCount(this.sql, userId);
      const frame = `event: unread\ndata: ${JSON.stringify({ unreadCount })}\n\n`;
      for (const res of targets) if (!res.writableEnded) res.write(frame);
    } catch (error) {
      this.logger.warn({ err: error, userId }, "unread count not sent");
    }
  }
}
