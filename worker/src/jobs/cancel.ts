import type { Redis } from "ioredis";

/**
 * Cancel requests arrive on a Redis channel (the api publishes, any worker may hold the job);
 * the worker running that generation aborts its engine.
 */
export class CancelListener {
  private readonly handlers = new Map<string, () => void>();
  private constructor(private readonly subscriber: Redis) {}

  static async start(redis: Redis, channel: string): Promise<CancelListener> {
    const subscriber = redis.duplicate();
    const listener = new CancelListener(subscriber);
    subscriber.on("message", (_channel: string, generationId: string) =>
      listener.handlers.get(generationId)?.(),
    );
    await subscriber.subscribe(channel);
    return listener;
  }

  /** Calls `abort` when a cancel for `generationId` arrives; returns the unsubscribe. */
  on(generationId: string, abort: () => void): () => void {
    this.handlers.set(generationId, abort);
    return () => {
      if (this.handlers.get(generationId) === abort) this.handlers.delete(generationId);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await this.subscriber.quit();
  }
}
