import type { PanelShape } from "@comic-studio/shared";
import type { TLShapeId } from "@tldraw/tlschema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connect,
  connectEditor,
  createFixture,
  type Fixture,
  panelsOf,
  sortedRecords,
  startCollab,
  storedRecords,
  type TestCollab,
  waitFor,
} from "./helpers.ts";

let fixture: Fixture;
let one: TestCollab;
let two: TestCollab;

beforeAll(async () => {
  fixture = await createFixture("redis");
  one = await startCollab(fixture, { INSTANCE_NAME: "one" });
  two = await startCollab(fixture, { INSTANCE_NAME: "two" });
});
afterAll(async () => {
  await one?.stop();
  await two?.stop();
  await fixture?.close();
});

describe("two collab-server instances through Redis", () => {
  it("clients on different instances see each other's edits live, and server writes reach both", async () => {
    const pageId = await fixture.createPage("4-panel");
    const a = await connectEditor(one.running.url, pageId, { token: fixture.users.editor.token });
    const b = await connectEditor(two.running.url, pageId, { token: fixture.users.owner.token });
    expect(sortedRecords(b.doc)).toEqual(sortedRecords(a.doc));

    const [p1, p2] = panelsOf(a.doc);
    a.store.update(p1!.id as TLShapeId, (r) => ({ ...r, x: 11, y: 22 }));
    a.flush();
    await waitFor(() => b.store.get(p1!.id as TLShapeId)?.x === 11, 5_000, "A's move on B");

    b.store.remove([p2!.id as TLShapeId]);
    b.flush();
    await waitFor(() => !a.store.get(p2!.id as TLShapeId), 5_000, "B's delete on A");

    // The generation pipeline writes through instance two; the client on instance one sees it.
    const result = await two.applyPanelGenerationState(pageId, p1!.id, {
      generationId: crypto.randomUUID(),
      requestedAtMs: Date.now(),
      status: "running",
      progress: 0.25,
    });
    expect(result).toBe("applied");
    await waitFor(
      () => (a.store.get(p1!.id as TLShapeId) as PanelShape | undefined)?.props.generation?.progress === 0.25,
      5_000,
      "server write on the other instance",
    );
    await waitFor(() => JSON.stringify(sortedRecords(a.doc)) === JSON.stringify(sortedRecords(b.doc)));

    a.destroy();
    b.destroy();
    await waitFor(
      () => one.hocuspocus.getDocumentsCount() === 0 && two.hocuspocus.getDocumentsCount() === 0,
      10_000,
    );
    const fresh = connect(one.running.url, pageId, { token: fixture.users.viewer.token });
    await fresh.synced();
    expect(sortedRecords(fresh.doc)).toEqual(sortedRecords(a.doc));
    expect(await storedRecords(fixture, pageId)).toEqual(sortedRecords(a.doc));
    fresh.destroy();
  });
});
