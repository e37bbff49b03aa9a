import {
  createLogger,
  createRedis,
  createSession,
  createTestDatabase,
  generateSessionToken,
  TEST_REDIS_URL,
  type TestDatabase,
  testPrefix,
} from "@comic-studio/infra";
import {
  createHeadlessPageStore,
  isPanelShape,
  type LayoutTemplate,
  PageDocumentBinding,
  type PanelShape,
  pageDocumentName,
  pageSchema,
  type Role,
  readAllRecords,
  schemaVersionNumber,
} from "@comic-studio/shared";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import type { TLRecord, TLStore } from "@tldraw/tlschema";
import type { Redis } from "ioredis";
import WebSocket from "ws";
import * as Y from "yjs";
import { type CollabConfig, collabConfigSchema } from "../src/config.ts";
import { type CollabServer, createCollabServer, type RunningCollab } from "../src/server.ts";

export const APP_ORIGIN = "http://app.test:5173";
export const SCHEMA_VERSION = schemaVersionNumber(pageSchema().serialize());

export interface TestUser {
  id: string;
  token: string;
  displayName: string;
}

/** A fresh database with a project, its members (one per role) and pages. */
export interface Fixture {
  db: TestDatabase;
  prefix: string;
  projectId: string;
  users: Record<Role | "outsider", TestUser>;
  createPage(template?: LayoutTemplate): Promise<string>;
  setRole(userId: string, role: Role | null): Promise<void>;
  close(): Promise<void>;
}

export async function createFixture(label = "collab"): Promise<Fixture> {
  const db = await createTestDatabase(label);
  const makeUser = async (name: string): Promise<TestUser> => {
    const [row] = await db.sql<{ id: string }[]>`
      insert into users (email, display_name) values (${`${name}-${crypto.randomUUID()}@test.local`}, ${name})
      returning id`;
    const token = generateSessionToken();
    await createSession(db.sql, token, row!.id);
    return { id: row!.id, token, displayName: name };
  };
  const users = {
    owner: await makeUser("Olive Owner"),
    editor: await makeUser("Eddie Editor"),
    commenter: await makeUser("Cora Commenter"),
    viewer: await makeUser("Vic Viewer"),
    outsider: await makeUser("Otto Outsider"),
  };
  const [project] = await db.sql<{ id: string }[]>`
    insert into projects (owner_id, name) values (${users.owner.id}, 'Test comic') returning id`;
  const projectId = project!.id;
  for (const role of ["owner", "editor", "commenter", "viewer"] as const) {
    await db.sql`insert into project_members (project_id, user_id, role) values (${projectId}, ${users[role].id}, ${role})`;
  }
  let pageNumber = 0;
  return {
    db,
    prefix: testPrefix(label),
    projectId,
    users,
    async createPage(template = "4-panel") {
      const [page] = await db.sql<{ id: string }[]>`
        insert into pages (project_id, page_number, layout_template) values (${projectId}, ${++pageNumber}, ${template})
        returning id`;
      return page!.id;
    },
    async setRole(userId, role) {
      if (role === null)
        await db.sql`delete from project_members where project_id = ${projectId} and user_id = ${userId}`;
      else
        await db.sql`update project_members set role = ${role} where project_id = ${projectId} and user_id = ${userId}`;
    },
    close: () => db.drop(),
  };
}

export function testConfig(fixture: Fixture, env: Record<string, string> = {}): CollabConfig {
  return collabConfigSchema.parse({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: fixture.db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: fixture.prefix,
    APP_ORIGIN,
    LOG_LEVEL: "silent",
    STORE_DEBOUNCE_MS: "100",
    STORE_MAX_DEBOUNCE_MS: "500",
    MEMBERSHIP_RECHECK_MS: "250",
    SNAPSHOT_INTERVAL_MS: "0",
    ...env,
  });
}

export interface TestCollab extends CollabServer {
  running: RunningCollab;
  redis: Redis;
  stop(): Promise<void>;
}

/** A real collab-server on port 0 against the fixture's database. */
export async function startCollab(fixture: Fixture, env: Record<string, string> = {}): Promise<TestCollab> {
  const redis = createRedis(TEST_REDIS_URL);
  const logger = createLogger("collab-test", process.env.TEST_LOG_LEVEL ?? "silent");
  const collab = createCollabServer(testConfig(fixture, env), { sql: fixture.db.sql, redis, logger });
  const running = await collab.listen();
  return Object.assign(collab, {
    running,
    redis,
    async stop() {
      await collab.close();
      redis.disconnect();
    },
  });
}

export interface TestClient {
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  doc: Y.Doc;
  authFailures: string[];
  closes: { code: number; reason: string }[];
  scope: () => string | undefined;
  synced(): Promise<void>;
  destroy(): void;
}

export interface ConnectOptions {
  token?: string;
  schemaVersion?: number | null;
  headers?: Record<string, string>;
}

/** A Node client: a real HocuspocusProvider on a `ws` WebSocket. */
export function connect(url: string, pageId: string, options: ConnectOptions = {}): TestClient {
  const doc = new Y.Doc();
  const version = options.schemaVersion === undefined ? SCHEMA_VERSION : options.schemaVersion;
  const headers = options.headers;
  class HeaderSocket extends WebSocket {
    constructor(address: string) {
      super(address, headers ? { headers } : {});
    }
  }
  const socket = new HocuspocusProviderWebsocket({
    url: version === null ? url : `${url}?schema=${version}`,
    WebSocketPolyfill: headers ? HeaderSocket : WebSocket,
    delay: 100,
    minDelay: 100,
    maxDelay: 1_000,
    factor: 1.5,
  });
  const authFailures: string[] = [];
  const closes: { code: number; reason: string }[] = [];
  let scope: string | undefined;
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: pageDocumentName(pageId),
    document: doc,
    token: options.token ?? "",
    onAuthenticationFailed: ({ reason }) => authFailures.push(reason),
    onAuthenticated: ({ scope: s }) => {
      scope = s;
    },
  });
  socket.on("close", ({ event }: { event: { code: number; reason: string } }) =>
    closes.push({ code: event.code, reason: String(event.reason) }),
  );
  provider.attach();
  return {
    provider,
    socket,
    doc,
    authFailures,
    closes,
    scope: () => scope,
    synced: () => waitFor(() => provider.isSynced, 10_000, "provider synced"),
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** A client with a tldraw store bound to its document, as the browser has. */
export interface EditorClient extends TestClient {
  store: TLStore;
  binding: PageDocumentBinding<TLRecord>;
  flush(): void;
}

export async function connectEditor(
  url: string,
  pageId: string,
  options: ConnectOptions = {},
): Promise<EditorClient> {
  const client = connect(url, pageId, options);
  await client.synced();
  const store = createHeadlessPageStore();
  const binding = new PageDocumentBinding(store, client.doc);
  binding.start();
  return Object.assign(client, {
    store,
    binding,
    flush: () => (store as unknown as { _flushHistory(): void })._flushHistory(),
  });
}

export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function panelsOf(doc: Y.Doc): PanelShape[] {
  return readAllRecords(doc).filter((r) => isPanelShape(r)) as unknown as PanelShape[];
}

/** Document records of a Y.Doc, sorted, for comparisons. */
export function sortedRecords(doc: Y.Doc) {
  return readAllRecords(doc).sort((a, b) => a.id.localeCompare(b.id));
}

/** The records Postgres holds for a page, as a fresh loader sees them. */
export async function storedRecords(fixture: Fixture, pageId: string) {
  const [row] = await fixture.db.sql<{ state: Buffer }[]>`
    select state from yjs_documents where name = ${pageDocumentName(pageId)}`;
  if (!row) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, row.state);
  return sortedRecords(doc);
}
