import { rm } from "node:fs/promises";
import { join } from "node:path";
import {
  createTestDatabase,
  DEMO_USERS,
  LocalDiskStorage,
  ROOT,
  type Stack,
  seedDemo,
  startStack,
  TEST_REDIS_URL,
  type TestDatabase,
  testPrefix,
} from "@comic-studio/infra";
import type { LayoutTemplate, PanelGeneration, PanelShape } from "@comic-studio/shared";
import { connect, panelsOf, type TestClient, waitFor } from "./helpers.ts";

/**
 * The whole generation pipeline as real processes (api, collab-server, worker) on a fresh
 * database and Redis prefix, signed in as the demo owner through the api's token sign-in.
 */
export interface PipelineHarness {
  db: TestDatabase;
  stack: Stack;
  apiUrl: string;
  collabUrl: string;
  token: string;
  /** The files the services store (the same folder they use). */
  storage: LocalDiskStorage;
  api<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }>;
  /** A new page (of the demo project by default), with a client connected once its template panels are there. */
  newPage(
    template: LayoutTemplate,
    panels: number,
    projectId?: string,
  ): Promise<{ pageId: string; client: TestClient; shapeIds: string[] }>;
  generate(pageId: string, shapeId: string, prompt: string): Promise<{ status: number; id: string }>;
  close(): Promise<void>;
}

export function generationOf(client: TestClient, shapeId: string): PanelGeneration | null {
  return (
    (panelsOf(client.doc).find((p) => p.id === shapeId) as PanelShape | undefined)?.props.generation ?? null
  );
}

export async function startPipeline(
  label: string,
  basePort: number,
  env: Record<string, string>,
): Promise<PipelineHarness> {
  const db = await createTestDatabase(label);
  await seedDemo(db.sql);
  const prefix = testPrefix(label);
  const storageDir = join(ROOT, ".data", "test-storage", prefix);
  const stack = await startStack({
    databaseUrl: db.url,
    redisUrl: TEST_REDIS_URL,
    redisPrefix: prefix,
    ports: { api: basePort, collab: basePort + 1, worker: basePort + 2, client: basePort + 3 },
    services: ["api", "collab-server", "worker"],
    storageDir,
    logDir: join(ROOT, "test-results", "pipeline-logs", prefix),
    env: { NODE_ENV: "test", ...env },
  });
  const apiUrl = `http://127.0.0.1:${basePort}`;
  const collabUrl = `ws://127.0.0.1:${basePort + 1}/collab`;
  const signIn = await fetch(`${apiUrl}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-session-token": "want" },
    body: JSON.stringify({ email: DEMO_USERS[0].email, password: DEMO_USERS[0].password }),
  });
  const { token } = (await signIn.json()) as { token: string };

  const api = async <T>(method: string, path: string, body?: unknown) => {
    const r = await fetch(`${apiUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return {
      status: r.status,
      headers: r.headers,
      body: (r.status === 204 ? undefined : await r.json()) as T,
    };
  };

  return {
    db,
    stack,
    apiUrl,
    collabUrl,
    token,
    storage: new LocalDiskStorage(storageDir),
    api,
    async newPage(template, panels, projectId) {
      const projects = await api<{ projects: { id: string }[] }>("GET", "/projects");
      const page = await api<{ page: { id: string } }>(
        "POST",
        `/projects/${projectId ?? projects.body.projects[0]!.id}/pages`,
        {
          layoutTemplate: template,
        },
      );
      const client = connect(collabUrl, page.body.page.id, { token });
      await client.synced();
      await waitFor(() => panelsOf(client.doc).length === panels, 10_000, "template panels");
      return { pageId: page.body.page.id, client, shapeIds: panelsOf(client.doc).map((p) => p.id) };
    },
    async generate(pageId, shapeId, prompt) {
      const r = await api<{ generation: { id: string } }>(
        "POST",
        `/pages/${pageId}/panels/${encodeURIComponent(shapeId)}/generate`,
        { prompt, width: 384, height: 256 },
      );
      return { status: r.status, id: r.body.generation?.id };
    },
    async close() {
      await stack.stop();
      await db.drop();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}
