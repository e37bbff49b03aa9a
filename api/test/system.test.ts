import { createLogger } from "@comic-studio/infra";
import { API_ENDPOINTS } from "@comic-studio/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReservationSweeper } from "../src/services/sweeper.ts";
import { expectError, signUp, startTestApi, type TestApi } from "./helpers.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({}, "system");
});
afterAll(async () => {
  await api?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document under test
type Json = any;
type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId: string; requestBody?: Json; responses: Json; parameters: Json[] }>
  >;
};

describe("OpenAPI document", () => {
  it("describes every endpoint of the shared contract from its zod schemas", async () => {
    const res = await fetch(`${api.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.values(doc.paths).flatMap((methods) =>
      Object.values(methods).map((o) => o.operationId),
    );
    expect(operations.sort()).toEqual(Object.keys(API_ENDPOINTS).sort());

    const create = doc.paths["/api/projects"]!.post!;
    const body = create.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(["name"]);
    expect(body.properties.name).toMatchObject({ type: "string", minLength: 1, maxLength: 255 });
    const created = create.responses["201"].content["application/json"].schema;
    expect(created.properties.project.required).toEqual(
      expect.arrayContaining(["id", "name", "role", "pageCount"]),
    );
    expect(create.responses["401"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Error",
    });

    const page = doc.paths["/api/pages/{pageId}"]!.get!;
    expect(page.parameters).toEqual([
      expect.objectContaining({ name: "pageId", in: "path", required: true }),
    ]);
    expect(doc.paths["/api/projects/{projectId}/uploads"]!.post!.requestBody.content).toHaveProperty(
      "multipart/form-data",
    );
    expect(doc.paths["/api/auth/sign-in"]!.post!.responses["429"].headers).toHaveProperty("Retry-After");
    const webhook = doc.paths["/api/webhooks/{event}"]!.post!;
    expect(webhook.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["event", "x-webhook-signature", "x-webhook-timestamp", "x-webhook-id"]),
    );
  });

  it("matches what the routes really answer", async () => {
    // Every documented path answers something other than the catch-all 404 for unknown routes.
    const client = api.client();
    await signUp(client, "doc");
    for (const endpoint of Object.values(API_ENDPOINTS)) {
      const path = endpoint.path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
        name === "event" ? "lora.deleted" : crypto.randomUUID(),
      );
      const reply = await client.request(endpoint.method.toUpperCase(), path);
      const message = (reply.body as { error?: { message?: string } })?.error?.message;
      expect(message, `${endpoint.method} ${endpoint.path}`).not.toBe("There is nothing here.");
    }
  });
});

describe("error contract", () => {
  it("hides internal failures: no stack, no SQL, a stable code", async () => {
    const broken = await startTestApi({}, "broken");
    try {
      const client = broken.client();
      await signUp(client, "broken");
      await broken.db.sql`alter table projects rename to projects_gone`;
      const reply = await client.get<{ error: { message: string } }>("/projects");
      expectError(reply, 500, "INTERNAL");
      const text = JSON.stringify(reply.body);
      expect(text).not.toMatch(/projects_gone|relation|select|stack|at \w+ \(/i);
      expect(reply.body.error.message).toMatch(/Something went wrong/);
      expect(reply.headers.get("x-request-id")).toBeTruthy();
    } finally {
      await broken.close();
    }
  });

  it("answers an oversized JSON body with 413", async () => {
    const client = api.client();
    await signUp(client, "big");
    expectError(
      await client.post("/projects", { name: "x", description: "y".repeat(200_000) }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
  });
});

describe("reservation sweep", () => {
  it("returns holds whose job never settled them", async () => {
    const client = api.client();
    const user = await signUp(client, "sweep");
    const held = await api.credits.reserve(user.id, { action: "panelGeneration", ttlMs: 1 });
    const sweeper = startReservationSweeper(api.credits, createLogger("sweep-test", "silent"), 20);
    try {
      await expect
        .poll(
          async () =>
            (await api.db.sql`select status from credit_reservations where id = ${held.reservationId}`)[0]
              ?.status,
          {
            timeout: 5_000,
          },
        )
        .toBe("released");
    } finally {
      sweeper.stop();
    }
    expect((await client.get("/credits")).body).toEqual({ balance: 500, reserved: 0 });
  });
});
