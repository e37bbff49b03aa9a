import type { Logger } from "@comic-studio/infra";
import {
  encodeReviewMessage,
  pageDocumentName,
  type ReviewEvent,
  reviewEventSchema,
  reviewEventsChannel,
} from "@comic-studio/shared";
import type { Extension, Hocuspocus, onConfigurePayload } from "@hocuspocus/server";
import type { Redis } from "ioredis";

export interface ReviewChannelOptions {
  /** A connection to duplicate: a subscribed ioredis connection can do nothing else. */
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
  /** Called with every valid event this instance receives, whether or not it has the page open. */
  onEvent?: (event: ReviewEvent) => void;
}

/**
 * The live channel of comments and review sessions. The api (and any instance, for detached
 * pins) publishes each review event on one Redis pub/sub channel; every collab-server
 * instance subscribes and relays the event, as a stateless message, to its own connections of
 * that page's document. Read-only connections receive stateless messages too, so commenters
 * and viewers see comments live while the canvas stays read-only to them. The relay skips
 * Hocuspocus' Redis extension: each instance already has the event.
 */
export class ReviewChannelExtension implements Extension {
  extensionName = "comic-studio-review-channel";
  private instance: Hocuspocus | null = null;
  private sub: Redis | null = null;
  /** Events relayed to at least one connection, for tests and metrics. */
  relayed = 0;

  constructor(private readonly options: ReviewChannelOptions) {}

  async onConfigure({ instance }: onConfigurePayload): Promise<void> {
    this.instance = instance;
  }

  async onListen(): Promise<void> {
    await this.start();
  }

  /** Subscribes (once). Called when the server listens. */
  async start(): Promise<void> {
    if (this.sub) return;
    const sub = this.options.redis.duplicate();
    this.sub = sub;
    sub.on("message", (_channel: string, message: string) => this.relay(message));
    sub.on("error", (error: Error) => this.options.logger.warn({ err: error }, "review channel redis error"));
    await sub.subscribe(reviewEventsChannel(this.options.redisPrefix));
  }

  async onDestroy(): Promise<void> {
    const sub = this.sub;
    this.sub = null;
    if (sub) {
      await sub.unsubscribe().catch(() => {});
      sub.disconnect();
    }
  }

  /** Sends one published event to this instance's connections of its page. */
  relay(raw: string): void {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      this.options.logger.warn("review channel: a message that is not JSON was ignored");
      return;
    }
    const parsed = reviewEventSchema.safeParse(value);
    if (!parsed.success) {
      this.options.logger.warn(
        { issues: parsed.error.issues.length },
        "review channel: malformed event ignored",
      );
      return;
    }
    this.options.onEvent?.(parsed.data);
    const document = this.instance?.documents.get(pageDocumentName(parsed.data.pageId));
    if (!document || document.isDestroyed || document.getConnectionsCount() === 0) return;
    document.relayStateless(encodeReviewMessage(parsed.data));
    this.relayed += 1;
  }
}
