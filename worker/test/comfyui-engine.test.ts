import { createServer } from "node:net";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { ComfyUIEngine } from "../src/engines/comfyui/engine.ts";
import { TXT2IMG_TEMPLATE } from "../src/engines/comfyui/workflow.ts";
import { EngineError } from "../src/engines/errors.ts";
import type { PanelDescription, ProgressEvent } from "../src/engines/types.ts";
import { FakeComfyUI } from "./fake-comfyui.ts";

const description: PanelDescription = {
  prompt: "two friends meet at the station",
  width: 256,
  height: 192,
  seed: 1234,
  variations: 4,
  location: { name: "train station", lighting: "dusk", camera: "low", shot: "wide" },
  characters: [
    {
      id: "mina",
      name: "Mina",
      palette: ["#d04a5a", "#2f3e6e", "#f2c84b"],
      x: 0.3,
      y: 0.9,
      scale: 0.6,
      pose: "waving",
    },
  ],
  style: { lineWeight: 0.8, warmth: 0.5, detail: 0.2, shadingLevels: 3 },
};

let fake: FakeComfyUI | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

function promptBodies(server: FakeComfyUI) {
  return server.requests
    .filter((r) => r.path === "/prompt")
    .map(
      (r) =>
        r.body as {
          prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>;
          client_id: string;
        },
    );
}

describe("ComfyUI engine against a server speaking ComfyUI's protocol", () => {
  it("queues the filled workflow, streams progress and previews, and returns the batch as PNGs", async () => {
    fake = await FakeComfyUI.start({ stepDelayMs: 2 });
    const engine = new ComfyUIEngine({ baseUrl: fake.url, steps: 8, checkpoint: "sd15.safetensors" });
    const events: ProgressEvent[] = [];
    const result = await engine.generate(description, { onProgress: (e) => events.push(e) });

    const [body] = promptBodies(fake);
    expect(body!.client_id).toMatch(/^comic-studio-/);
    const wf = body!.prompt;
    expect(wf["3"]!.inputs.seed).toBe(1234);
    expect(wf["3"]!.inputs.steps).toBe(8);
    expect(wf["4"]!.inputs.ckpt_name).toBe("sd15.safetensors");
    expect(wf["5"]!.inputs).toMatchObject({ width: 256, height: 192, batch_size: 4 });
    const positive = String(wf["6"]!.inputs.text);
    expect(positive).toContain("two friends meet at the station");
    expect(positive).toContain("low angle");
    expect(positive).toContain("Mina");
    expect(positive).toContain("bold thick ink");
    expect(String(wf["7"]!.inputs.text)).toContain("photorealistic");

    expect(result.engine).toBe("comfyui");
    expect(result.variations).toHaveLength(4);
    for (const [i, v] of result.variations.entries()) {
      expect(v.batchIndex).toBe(i);
      expect(v.seed).toBe(1234);
      const meta = await sharp(v.png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", 256, 192]);
    }
    // The fake draws each batch image in its own colour: four different pictures came back.
    const firstPixels = await Promise.all(
      result.variations.map(async (v) =>
        (await sharp(v.png).raw().toBuffer()).subarray(0, 3).toString("hex"),
      ),
    );
    expect(new Set(firstPixels).size).toBe(4);

    const steps = events.filter((e) => !e.preview).map((e) => e.step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events.every((e) => e.totalSteps === 8)).toBe(true);
    const previews = events.filter((e) => e.preview);
    expect(previews).toHaveLength(8);
    expect(previews[0]!.previewType).toBe("image/jpeg");
    expect((await sharp(previews.at(-1)!.preview!).metadata()).format).toBe("jpeg");
  });

  it("uses the reference workflow when a character brings an anchor, uploading it first", async () => {
    fake = await FakeComfyUI.start({ stepDelayMs: 1 });
    const engine = new ComfyUIEngine({ baseUrl: fake.url, steps: 3, referenceDenoise: 0.6 });
    const anchor = await sharp({ create: { width: 64, height: 96, channels: 3, background: "#d04a5a" } })
      .png()
      .toBuffer();
    const result = await engine.generate({
      ...description,
      variations: 2,
      characters: [{ ...description.characters[0]!, anchor }],
    });
    expect(result.variations).toHaveLength(2);
    const upload = fake.requests.find((r) => r.path === "/upload/image");
    expect(upload).toBeDefined();
    const wf = promptBodies(fake)[0]!.prompt;
    expect(wf["10"]!.class_type).toBe("LoadImage");
    expect(String(wf["10"]!.inputs.image)).toMatch(/^comic-studio-[0-9a-f]{20}\.png$/);
    expect(wf["13"]!.inputs.amount).toBe(2);
    expect(wf["3"]!.inputs.denoise).toBe(0.6);
  });

  it("reports a node's execution_error as a retryable ENGINE_FAILED with ComfyUI's message", async () => {
    fake = await FakeComfyUI.start({
      stepDelayMs: 1,
      failOn: { classType: "VAEDecode", message: "CUDA out of memory" },
    });
    const engine = new ComfyUIEngine({ baseUrl: fake.url, steps: 2 });
    const error = await rejection(engine.generate(description));
    expect(error.code).toBe("ENGINE_FAILED");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("CUDA out of memory");
    expect(error.details).toMatchObject({ nodeType: "VAEDecode" });
  });

  it("turns a workflow ComfyUI refuses (400 with node_errors) into a non-retryable ENGINE_BAD_INPUT", async () => {
    fake = await FakeComfyUI.start({ checkpoints: ["only-this.safetensors"] });
    const engine = new ComfyUIEngine({ baseUrl: fake.url, checkpoint: "missing.safetensors" });
    const error = await rejection(engine.generate(description));
    expect(error.code).toBe("ENGINE_BAD_INPUT");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("Prompt outputs failed validation");
    expect(JSON.stringify(error.details)).toContain("value_not_in_list");
    expect(fake.executed).toHaveLength(0);
  });

  it("interrupts its own running prompt on abort, and the server stops sampling", async () => {
    fake = await FakeComfyUI.start({ stepDelayMs: 20 });
    const engine = new ComfyUIEngine({ baseUrl: fake.url, steps: 200 });
    const controller = new AbortController();
    const events: ProgressEvent[] = [];
    const started = Date.now();
    const run = engine.generate(description, {
      signal: controller.signal,
      onProgress: (e) => {
        events.push(e);
        if (e.step === 3 && !e.preview) controller.abort(new Error("user cancelled"));
      },
    });
    const error = await rejection(run);
    expect(error.code).toBe("ENGINE_ABORTED");
    expect(Date.now() - started).toBeLessThan(3_000);
    const promptId = [...fake.history.keys()][0]!;
    const interrupt = fake.requests.find((r) => r.path === "/interrupt");
    expect(interrupt?.body).toEqual({ prompt_id: promptId });
    const entry = fake.history.get(promptId) as { status: { status_str: string; messages: [string][] } };
    expect(entry.status.status_str).toBe("error");
    expect(entry.status.messages.map(([type]) => type)).toContain("execution_interrupted");
    expect(Math.max(...events.map((e) => e.step))).toBeLessThan(10);
  });

  it("drops its pending prompt from the queue on abort without touching the prompt that runs", async () => {
    fake = await FakeComfyUI.start({ stepDelayMs: 10 });
    const other = fake.submit(
      JSON.parse(
        JSON.stringify(TXT2IMG_TEMPLATE)
          .replace('"{{seed}}"', "7")
          .replace('"{{steps}}"', "40")
          .replace('"{{cfg}}"', "7")
          .replace('"{{width}}"', "64")
          .replace('"{{height}}"', "64")
          .replace('"{{batch_size}}"', "1"),
      ),
      "someone-else",
    );
    const engine = new ComfyUIEngine({ baseUrl: fake.url, steps: 5 });
    const controller = new AbortController();
    const run = engine.generate(description, { signal: controller.signal });
    await waitFor(() => fake!.runningId() === other && fake!.pendingIds().length === 1);
    const ours = fake.pendingIds()[0]!;
    const started = Date.now();
    controller.abort();
    const error = await rejection(run);
    expect(error.code).toBe("ENGINE_ABORTED");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fake.requests.find((r) => r.path === "/queue" && r.method === "POST")?.body).toEqual({
      delete: [ours],
    });
    expect(fake.requests.some((r) => r.path === "/interrupt")).toBe(false);
    await waitFor(() => fake!.history.has(other));
    expect((fake.history.get(other) as { status: { status_str: string } }).status.status_str).toBe("success");
    expect(fake.executed).toEqual([other]);
  });

  it("finishes from /history when the WebSocket drops mid-run", async () => {
    fake = await FakeComfyUI.start({ stepDelayMs: 15 });
    const engine = new ComfyUIEngine({ baseUrl: fake.url, steps: 12, pollIntervalMs: 50 });
    let dropped = false;
    const result = await engine.generate(description, {
      onProgress: (e) => {
        if (e.step === 2 && !dropped) {
          dropped = true;
          fake!.dropSockets();
        }
      },
    });
    expect(dropped).toBe(true);
    expect(result.variations).toHaveLength(4);
    expect(fake.requests.filter((r) => r.path.startsWith("/history/")).length).toBeGreaterThan(1);
  });

  it("says ENGINE_UNAVAILABLE (retryable) when no server listens", async () => {
    const port = await freePort();
    const engine = new ComfyUIEngine({ baseUrl: `http://127.0.0.1:${port}`, connectTimeoutMs: 2_000 });
    const error = await rejection(engine.generate(description));
    expect(error.code).toBe("ENGINE_UNAVAILABLE");
    expect(error.retryable).toBe(true);
  });

  it("refuses a workflow without an output at construction", () => {
    expect(
      () =>
        new ComfyUIEngine({
          baseUrl: "http://127.0.0.1:1",
          workflow: { "1": { class_type: "CheckpointLoaderSimple", inputs: {} } },
        }),
    ).toThrow(/no SaveImage/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
