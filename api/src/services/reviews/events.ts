import { type Logger, publishReviewEvent } from "@comic-studio/infra";
import type { ReviewEvent } from "@comic-studio/shared";
import type { Redis } from "ioredis";

/** Sends review events to the page's live channel after the durable write has committed. */
export class ReviewPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly redisPrefix: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Publishes one event. The record is already durable, so a Redis failure is logged rather
   * than failing the request: clients catch up when they reload the list.
   */
  async publish(event: ReviewEvent): Promise<void> {
    try {
      await publishReviewEvent(this.redis, this.redisPrefix, event);
    } catch (error) {
      this.logger.warn({ err: error, type: event.type, pageId: event.pageId }, "review event not published");
    }
  }
}
