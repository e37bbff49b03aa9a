import { makePanelShape, type PanelShape, readAllRecords } from "@comic-studio/shared";
import { HistoryManager } from "@tldraw/editor";
import type { TLRecord, TLShapeId } from "@tldraw/tlschema";
import { getIndexAbove, type IndexKey } from "@tldraw/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectEditor,
  createFixture,
  type EditorClient,
  type Fixture,
  sleep,
  sortedRecords,
  startCollab,
  storedRecords,
  type TestCollab,
  waitFor,
} from "./helpers.ts";

// Several clients with tldraw stores, each with tldraw's own HistoryManager, make random
// concurrent creates, moves, resizes, deletes and undos/redos, with random disconnects; at
// the end every client, the server and a fresh loader from Postgres hold the same records.

const CLIENTS = 4;
const STEPS = Number(process.env.CONVERGENCE_STEPS ?? 240);
const SEED = Number(process.env.CONVERGENCE_SEED ?? Date.now() % 1_000_000);

let fixture: Fixture;
let collab: TestCollab;

beforeAll(async () => {
  fixture = await createFixture("converge");
  collab = await startCollab(fixture);
});
afterAll(async () => {
  await collab?.stop();
  await fixture?.close();
});

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function random(seed: number) {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Player {
  client: EditorClient;
  history: HistoryManager<TLRecord>;
  online: boolean;
}

/** Connects again once the socket has really closed (a quick connect() during the close is ignored). */
async function reconnect(client: EditorClient): Promise<void> {
  if (client.socket.status !== "disconnected") {
    await new Promise<void>((resolve) => {
      const onStatus = ({ status }: { status: string }) => {
        if (status !== "disconnected") return;
        client.socket.off("status", onStatus);
        resolve();
      };
      client.socket.on("status", onStatus);
    });
  }
  void client.socket.connect();
}

const panelsIn = (p: Player) =>
  p.client.store.allRecords().filter((r): r is PanelShape => r.typeName === "shape" && r.type === "panel");

const documentRecords = (p: Player) =>
  p.client.store
    .allRecords()
    .filter((r) => p.client.store.scopedTypes.document.has(r.typeName))
    .sort((a, b) => a.id.localeCompare(b.id));

describe("randomized convergence", () => {
  it(`${CLIENTS} clients, ${STEPS} random edits with undos and disconnects converge (seed ${SEED})`, async () => {
    const rand = random(SEED);
    const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
    const pageId = await fixture.createPage("4-panel");
    const players: Player[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const token = (i % 2 === 0 ? fixture.users.owner : fixture.users.editor).token;
      const client = await connectEditor(collab.running.url, pageId, { token });
      players.push({ client, history: new HistoryManager<TLRecord>({ store: client.store }), online: true });
    }
    let topIndex: IndexKey = "a5" as IndexKey;
    const counts = { create: 0, move: 0, resize: 0, delete: 0, undo: 0, redo: 0, disconnect: 0 };

    for (let step = 0; step < STEPS; step++) {
      const p = pick(players)!;
      const { store } = p.client;
      const history = p.history as unknown as { _mark(id: string): void };
      history._mark(`step-${step}`);
      const panels = panelsIn(p);
      const roll = rand();
      if (roll < 0.2 || panels.length === 0) {
        topIndex = getIndexAbove(topIndex);
        const x = Math.round(rand() * 600);
        const y = Math.round(rand() * 900);
        store.put([
          makePanelShape({
            panelId: crypto.randomUUID(),
            rect: { x, y, w: 40 + Math.round(rand() * 200), h: 40 + Math.round(rand() * 200) },
            index: topIndex,
          }),
        ]);
        counts.create++;
      } else if (roll < 0.5) {
        const target = pick(panels)!;
        store.update(target.id, (r) => ({ ...r, x: Math.round(rand() * 600), y: Math.round(rand() * 900) }));
        counts.move++;
      } else if (roll < 0.65) {
        const target = pick(panels)! as PanelShape;
        const size = { w: 20 + Math.round(rand() * 300), h: 20 + Math.round(rand() * 300) };
        store.put([{ ...target, props: { ...target.props, ...size } }]);
        counts.resize++;
      } else if (roll < 0.75) {
        store.remove([pick(panels)!.id as TLShapeId]);
        counts.delete++;
      } else if (roll < 0.88) {
        p.history.undo();
        counts.undo++;
      } else if (roll < 0.93) {
        p.history.redo();
        counts.redo++;
      } else if (p.online) {
        p.client.socket.disconnect();
        p.online = false;
        counts.disconnect++;
      }
      p.client.flush();
      // Offline clients come back after a while, with whatever they did meanwhile.
      for (const other of players) {
        if (!other.online && rand() < 0.08) {
          void reconnect(other.client);
          other.online = true;
        }
      }
      if (rand() < 0.3) await sleep(Math.round(rand() * 30));
    }

    for (const p of players) {
      if (!p.online) {
        void reconnect(p.client);
        p.online = true;
      }
      p.client.flush();
    }
    await waitFor(
      () => players.every((p) => p.client.provider.isSynced && p.client.provider.unsyncedChanges === 0),
      30_000,
      "every client to sync",
    ).catch((error) => {
      const states = players.map((p) => ({
        synced: p.client.provider.isSynced,
        unsynced: p.client.provider.unsyncedChanges,
        status: p.client.socket.status,
        authenticated: p.client.provider.isAuthenticated,
      }));
      throw new Error(`${(error as Error).message}: ${JSON.stringify(states)}`);
    });
    const expected = () => JSON.stringify(sortedRecords(players[0]!.client.doc));
    await waitFor(
      () => players.every((p) => JSON.stringify(sortedRecords(p.client.doc)) === expected()),
      30_000,
      "every document to converge",
    );
    // Each store holds exactly its document, and they all agree.
    const reference = documentRecords(players[0]!);
    for (const p of players) {
      expect(documentRecords(p)).toEqual(reference);
      expect(sortedRecords(p.client.doc)).toEqual(reference);
    }
    const live = readAllRecords(collab.hocuspocus.documents.values().next().value!).sort((a, b) =>
      a.id.localeCompare(b.id),
    );
    expect(live).toEqual(reference);

    for (const p of players) p.client.destroy();
    await waitFor(
      () => collab.hocuspocus.getDocumentsCount() === 0,
      15_000,
      "the document to be stored and unloaded",
    );
    expect(await storedRecords(fixture, pageId)).toEqual(reference);
    console.info(
      `convergence seed ${SEED}: ${JSON.stringify(counts)}, ${reference.length} records at the end`,
    );
    expect(counts.undo).toBeGreaterThan(0);
    expect(counts.disconnect).toBeGreaterThan(0);
  }, 120_000);
});
