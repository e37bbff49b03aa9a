import { type Logger, publishReviewEvent, type Sql, syncDetachedThreads } from "@comic-studio/infra";
import { pageDocumentName, parsePageDocumentName, type ReviewEvent } from "@comic-studio/shared";
import type {
  afterLoadDocumentPayload,
  beforeUnloadDocumentPayload,
  Document,
  Extension,
  Hocuspocus,
  onChangePayload,
  onConfigurePayload,
} from "@hocuspocus/server";
import { isTransactionOrigin } from "@hocuspocus/server";
import type { Redis } from "ioredis";
import { DebouncedDocumentSync } from "./debounced-sync.ts";

/** Defaults of {@link ReviewPinsExtension}. */
export const REVIEW_PINS_DEFAULTS = {
  /** Quiet period after a change before pins are checked against the shapes, in ms. */
  debounceMs: 300,
} as const;

export interface ReviewPinsOptions {
  sql: Sql;
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
  debounceMs?: number;
}

/** Ids of the shapes on a page document. */
export function shapeIdsOf(document: Document): string[] {
  const ids: string[] = [];
  for (const key of document.getMap("records").keys()) if (key.startsWith("shape:")) ids.push(key);
  return ids.sort();
}

/**
 * Keeps comment pins in step with the shapes they are pinned to: when a shape with threads
 * leaves the page, its threads become detached (still readable); when it comes back (an
 * undo), they are attached again. Each change is published as a `thread-updated` event.
 * Only the set of shape ids matters, so moves and edits cost nothing here: a pin stores its
 * position relative to its shape and follows it on the client. Changes that came from another
 * instance through Redis are left to that instance.
 */
export class ReviewPinsExtension implements Extension {
  extensionName = "comic-studio-review-pins";
  private readonly synced = new Map<string, string>();
  private readonly syncs = new DebouncedDocumentSync((name, document) => this.sync(name, document));
  private instance: Hocuspocus | null = null;

  constructor(private readonly options: ReviewPinsOptions) {}

  async onConfigure({ instance }: onConfigurePayload): Promise<void> {
    this.instance = instance;
  }

  /**
   * A thread pinned to a shape was just opened: check it against the open page, in case its
   * shape was deleted while the comment was being written (the shape set did not change, so
   * no document change would bring the check about).
   */
  onReviewEvent(event: ReviewEvent): void {
    if (event.type !== "thread-created" || event.thread.anchor.kind !== "shape") return;
    const documentName = pageDocumentName(event.pageId);
    const document = this.instance?.documents.get(documentName);
    if (!document || document.getMap("records").has(event.thread.anchor.shapeId)) return;
    this.synced.delete(documentName);
    this.syncs.schedule(documentName, document, 0);
  }

  async afterLoadDocument({ documentName, document }: afterLoadDocumentPayload): Promise<void> {
    this.syncs.schedule(documentName, document, 0);
  }

  async onChange({ documentName, document, transactionOrigin }: onChangePayload): Promise<void> {
    if (isTransactionOrigin(transactionOrigin) && transactionOrigin.source === "redis") return;
    this.syncs.schedule(documentName, document, this.options.debounceMs ?? REVIEW_PINS_DEFAULTS.debounceMs);
  }

  async beforeUnloadDocument({ documentName, document }: beforeUnloadDocumentPayload): Promise<void> {
    await this.syncs.flush(documentName, document);
    this.synced.delete(documentName);
  }

  async onDestroy(): Promise<void> {
    await this.syncs.close();
  }

  private async sync(documentName: string, document: Document): Promise<void> {
    const pageId = parsePageDocumentName(documentName);
    if (!pageId || document.isDestroyed) return;
    const shapes = shapeIdsOf(document);
    const signature = shapes.join(",");
    if (this.synced.get(documentName) === signature) return;
    try {
      const { detached, reattached } = await syncDetachedThreads(this.options.sql, pageId, shapes);
      const publish = (change: "detached" | "reattached") => (thread: (typeof detached)[number]) =>
        publishReviewEvent(this.options.redis, this.options.redisPrefix, {
          type: "thread-updated",
          pageId,
          change,
          thread,
        });
      await Promise.all([...detached.map(publish("detached")), ...reattached.map(publish("reattached"))]);
      if (detached.length + reattached.length > 0) {
        this.options.logger.info(
          { documentName, detached: detached.length, reattached: reattached.length },
          "comment pins follow their shapes",
        );
      }
      this.synced.set(documentName, signature);
    } catch (error) {
      this.options.logger.error({ err: error, documentName }, "review pins sync failed; will retry");
      this.syncs.schedule(documentName, document, 5_000);
    }
  }
}
