import type { Logger } from "@comic-studio/infra";
import { type PageEvent, pageEventsStream, pageFlushedKey } from "@comic-studio/shared";
import type { Hocuspocus } from "@hocuspocus/server";
import type { Redis } from "ioredis";
import { applyPanelGenerationState, flushPage, setPanelImage } from "./panel-state.ts";

/** Consumer group of collab-server instances: each event is applied by one of them. */
export const PAGE_EVENTS_GROUP = "collab";
/** Events a consumer takes per read. */
const BATCH = 100;
/** How long a read blocks waiting for events. */
const BLOCK_MS = 1_000;
/** An event delivered to a consumer that has not acknowledged it for this long is taken over. */
export const CLAIM_IDLE_MS = 15_000;

/** How long the mark of an applied flush stays for its requester to see. */
const FLUSHED_TTL_S = 60;

type StreamEntries = Array<[id: string, fields: string[]]>;

/**
 * Applies the backend's writes (generation state, chosen images) to page documents. Reads the
 * page-events stream as a consumer group, so several instances share the work, an event is
 * acknowledged only after it was applied, and events left by an instance that died are taken
 * over by another. Every write is idempotent, so a redelivered event changes nothing.
 */
export class PageEventConsumer {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly stream: string;

  /** `redis` must be a connection of its own: the consumer's reads block it. */
  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly instance: Hocuspocus,
    private readonly logger: Logger,
    private readonly consumer: string,
  ) {
    this.stream = pageEventsStream(prefix);
    this.prefix = prefix;
  }

  private readonly prefix: string;

  async start(): Promise<void> {
    try {
      await this.redis.xgroup("CREATE", this.stream, PAGE_EVENTS_GROUP, "$", "MKSTREAM");
    } catch (error) {
      if (!String(error).includes("BUSYGROUP")) throw error;
    }
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.redis.quit();
  }

  private async run(): Promise<void> {
    let lastClaim = 0;
    while (this.running) {
      try {
        if (Date.now() - lastClaim > CLAIM_IDLE_MS) {
          lastClaim = Date.now();
          await this.claimAbandoned();
        }
        const result = (await this.redis.xreadgroup(
          "GROUP",
          PAGE_EVENTS_GROUP,
          this.consumer,
          "COUNT",
          BATCH,
          "BLOCK",
          BLOCK_MS,
          "STREAMS",
          this.stream,
          ">",
        )) as Array<[string, StreamEntries]> | null;
        if (result) for (const [, entries] of result) await this.applyAll(entries);
      } catch (error) {
        if (!this.running) break;
        this.logger.error({ err: error }, "page events: read failed; retrying");
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  /** Takes over events another consumer received but never acknowledged (it died mid-way). */
  private async claimAbandoned(): Promise<void> {
    let cursor = "0-0";
    do {
      const [next, entries] = (await this.redis.xautoclaim(
        this.stream,
        PAGE_EVENTS_GROUP,
        this.consumer,
        CLAIM_IDLE_MS,
        cursor,
        "COUNT",
        BATCH,
      )) as [string, StreamEntries, ...unknown[]];
      await this.applyAll(entries.filter((e) => e !== null));
      cursor = next;
    } while (cursor !== "0-0" && this.running);
  }

  private async applyAll(entries: StreamEntries): Promise<void> {
    for (const [id, fields] of entries) {
      const raw = fields[fields.indexOf("event") + 1];
      try {
        if (raw) await this.apply(JSON.parse(raw) as PageEvent);
        await this.redis.xack(this.stream, PAGE_EVENTS_GROUP, id);
      } catch (error) {
        // Left unacknowledged: it is retried after CLAIM_IDLE_MS (by this or another instance).
        this.logger.error({ err: error, id }, "page events: could not apply an event");
      }
    }
  }

  private async apply(event: PageEvent): Promise<void> {
    switch (event.type) {
      case "generation": {
        const result = await applyPanelGenerationState(
          this.instance,
          event.pageId,
          event.shapeId,
          event.patch,
        );
        if (result === "missing-shape") {
          this.logger.warn(
            { pageId: event.pageId, shapeId: event.shapeId },
            "generation for a panel no longer on the page",
          );
        }
        return;
      }
      case "panel-image":
        await setPanelImage(this.instance, event.pageId, event.shapeId, event.imageUrl);
        return;
      case "flush":
        await flushPage(this.instance, event.pageId);
        await this.redis.set(pageFlushedKey(this.prefix, event.requestId), "1", "EX", FLUSHED_TTL_S);
        return;
      default: {
        const unknown: never = event;
        this.logger.warn({ event: unknown }, "page events: unknown event type");
      }
    }
  }
}
