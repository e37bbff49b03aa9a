import { createLogger, createRedis, flushPages, TEST_REDIS_URL } from "@comic-studio/infra";
import { isPanelShape, patchRecord, recordsMap } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PageEventConsumer } from "../src/page-events.ts";
import {
  connect,
  createFixture,
  type Fixture,
  panelsOf,
  sleep,
  startCollab,
  storedRecords,
  type TestCollab,
} from "./helpers.ts";

// An export reads pages from Postgres; a page open in an editor is stored on a debounce. The
// flush page event makes collab-server store it at once, and the requester waits for the mark.
describe("flushing a page before an export reads it", () => {
  let fixture: Fixture;
  let collab: TestCollab;
  let consumer: PageEventConsumer;
  const redis = createRedis(TEST_REDIS_URL);

  beforeAll(async () => {
    fixture = await createFixture("flush");
    // A debounce far longer than the test: without the flush, nothing would be stored.
    collab = await startCollab(fixture, { STORE_DEBOUNCE_MS: "60000", STORE_MAX_DEBOUNCE_MS: "120000" });
    consumer = new PageEventConsumer(
      createRedis(TEST_REDIS_URL),
      fixture.prefix,
      collab.hocuspocus,
      createLogger("flush-test", "silent"),
      "flush-test",
    );
    await consumer.start();
  });

  afterAll(async () => {
    await consumer.stop();
    await collab.stop();
    redis.disconnect();
    await fixture.close();
  });

  it("stores an unsaved edit before answering, and reports pages nobody confirmed", async () => {
    const pageId = await fixture.createPage("4-panel");
    const client = connect(collab.running.url, pageId, { token: fixture.users.editor.token });
    await client.synced();
    const panel = panelsOf(client.doc)[0]!;
    const before = (await storedRecords(fixture, pageId))?.find((r) => r.id === panel.id);
    client.doc.transact(() =>
      patchRecord(recordsMap(client.doc), panel, { ...panel, x: 777 } as typeof panel),
    );
    await sleep(300);
    const stale = (await storedRecords(fixture, pageId))?.find((r) => r.id === panel.id);
    expect(stale?.x ?? before?.x).not.toBe(777);

    expect(await flushPages(redis, fixture.prefix, [pageId])).toEqual([]);
    const stored = (await storedRecords(fixture, pageId))?.find((r) => r.id === panel.id);
    expect(isPanelShape(stored)).toBe(true);
    expect(stored?.x).toBe(777);

    // Nobody consumes another deployment's stream: the page comes back unconfirmed.
    expect(await flushPages(redis, `${fixture.prefix}-nobody`, [pageId], 300)).toEqual([pageId]);
    client.destroy();
  });
});
