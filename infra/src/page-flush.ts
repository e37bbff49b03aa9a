import { randomUUID } from "node:crypto";
import { pageFlushedKey } from "@comic-studio/shared";
import type { Redis } from "ioredis";
import { publishPageEvent } from "./queues.ts";

/** Longest an export waits for collab-server to store the pages it is about to read. */
export const FLUSH_WAIT_MS = 5_000;
const FLUSH_POLL_MS = 50;

/**
 * Asks collab-server to store each page document now (a page open in an editor is stored on a
 * debounce of seconds) and waits until every page is stored or FLUSH_WAIT_MS passes. Returns the
 * pages not confirmed in time: with collab-server down, what is stored is all there is.
 */
export async function flushPages(
  redis: Redis,
  prefix: string,
  pageIds: readonly string[],
  waitMs = FLUSH_WAIT_MS,
): Promise<string[]> {
  const pending = new Map<string, string>();
  for (const pageId of pageIds) {
    const requestId = randomUUID();
    pending.set(pageFlushedKey(prefix, requestId), pageId);
    await publishPageEvent(redis, prefix, { type: "flush", pageId, requestId });
  }
  const deadline = Date.now() + waitMs;
  while (pending.size > 0 && Date.now() < deadline) {
    const keys = [...pending.keys()];
    const marks = await redis.mget(...keys);
    keys.forEach((key, i) => {
      if (marks[i]) pending.delete(key);
    });
    if (pending.size > 0) await new Promise((r) => setTimeout(r, FLUSH_POLL_MS));
  }
  return [...pending.values()];
}
