import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import sharp from "sharp";
import { WebSocket, WebSocketServer } from "ws";
import {
  findInput,
  imageGeometry,
  inpaintSource,
  outputNodes,
  topologicalOrder,
  validateWorkflow,
  type Workflow,
} from "./fake-comfyui-graph.ts";

/**
 * A small ComfyUI stand-in for tests that speaks the server's protocol as comfyanonymous/ComfyUI
 * defines it (server.py, execution.py, main.py): POST /prompt with validation and node_errors,
 * a one-at-a-time prompt queue, WebSocket /ws?clientId= with status / execution_start /
 * execution_cached / executing / progress / executed / execution_success / execution_error /
 * execution_interrupted sent to the prompt's client, binary previews (4-byte big-endian event 1,
 * 4-byte image type 1 = JPEG, then the JPEG), GET /history/{id}, GET /view, GET and POST /queue
 * (delete), POST /interrupt (optionally targeted by prompt_id), POST /upload/image (multipart),
 * POST /upload/mask (multipart with `original_ref`: the mask's alpha is copied onto the referenced
 * image, saved under the mask's file name). It "samples" by sleeping per step and "decodes" by
 * drawing flat PNGs with sharp; an inpainting graph (LoadImage's MASK into VAEEncodeForInpaint or
 * SetLatentNoiseMask) keeps the loaded picture where its alpha is opaque and paints the flat colour
 * where LoadImage's mask (1 - alpha) is set.
 */

type QueueItem = [number, string, Workflow, { client_id?: string }, string[]];

export interface FakeComfyOptions {
  /** Time per sampler step, ms. */
  stepDelayMs?: number;
  /** A node class that raises when executed (e.g. "VAEDecode"), with this message. */
  failOn?: { classType: string; message: string };
  /** Checkpoints the server has (CheckpointLoaderSimple validates against them). */
  checkpoints?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

export class FakeComfyUI {
  readonly requests: RecordedRequest[] = [];
  readonly history = new Map<string, Record<string, unknown>>();
  /** Every prompt the server started executing, in order. */
  readonly executed: string[] = [];
  options: FakeComfyOptions;
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Map<string, WebSocket>();
  private readonly files = new Map<string, Buffer>();
  private queue: QueueItem[] = [];
  private running: QueueItem | null = null;
  private interruptFlag = false;
  private number = 0;
  private counter = 0;
  private wake: (() => void) | null = null;
  private stopped = false;

  private constructor(options: FakeComfyOptions) {
    this.options = options;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(error));
      });
    });
    this.server.on("upgrade", (req, socket, head) => {
      const url = new URL(req.url ?? "/", "http://fake");
      if (url.pathname !== "/ws") {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) =>
        this.onSocket(ws, url.searchParams.get("clientId") ?? ""),
      );
    });
  }

  static async start(options: FakeComfyOptions = {}): Promise<FakeComfyUI> {
    const fake = new FakeComfyUI(options);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    void fake.worker();
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Closes every WebSocket (the server stays up): a network blip. */
  dropSockets(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  pendingIds(): string[] {
    return this.queue.map((item) => item[1]);
  }

  runningId(): string | null {
    return this.running?.[1] ?? null;
  }

  /** Queues a prompt as another client would (for queue and interrupt tests). */
  submit(workflow: Workflow, clientId: string): string {
    const id = randomUUID();
    this.enqueue([this.number++, id, workflow, { client_id: clientId }, outputNodes(workflow)]);
    return id;
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.interruptFlag = true;
    this.wake?.();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSocket(ws: WebSocket, requested: string): void {
    const sid = requested || randomUUID().replace(/-/g, "");
    this.sockets.set(sid, ws);
    ws.on("close", () => {
      if (this.sockets.get(sid) === ws) this.sockets.delete(sid);
    });
    this.send(sid, "status", { status: this.queueInfo(), sid });
  }

  private queueInfo() {
    return { exec_info: { queue_remaining: this.queue.length + (this.running ? 1 : 0) } };
  }

  /** To one client (an execution message), or to every client when `sid` is "*" (status). */
  private send(sid: string | undefined, type: string, data: unknown): void {
    // As execution.py: a prompt queued without client_id gets no execution messages.
    if (sid === undefined) return;
    const message = JSON.stringify({ type, data });
    const targets = sid === "*" ? [...this.sockets.values()] : [this.sockets.get(sid)].filter(Boolean);
    for (const ws of targets) if (ws!.readyState === WebSocket.OPEN) ws!.send(message);
  }

  private sendBytes(sid: string | undefined, bytes: Buffer): void {
    const ws = sid === undefined ? undefined : this.sockets.get(sid);
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(bytes, { binary: true });
  }

  private enqueue(item: QueueItem): void {
    this.queue.push(item);
    this.queue.sort((a, b) => a[0] - b[0]);
    this.send("*", "status", { status: this.queueInfo() });
    this.wake?.();
  }

  private async worker(): Promise<void> {
    while (!this.stopped) {
      const item = this.queue.shift();
      if (!item) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = null;
        continue;
      }
      this.running = item;
      this.interruptFlag = false;
      this.send("*", "status", { status: this.queueInfo() });
      await this.execute(item);
      this.running = null;
      this.send("*", "status", { status: this.queueInfo() });
    }
  }

  private async execute(item: QueueItem): Promise<void> {
    const [, promptId, workflow, extra] = item;
    const sid = extra.client_id;
    this.executed.push(promptId);
    const messages: [string, Record<string, unknown>][] = [];
    const note = (type: string, data: Record<string, unknown>) => {
      const stamped = { ...data, timestamp: Date.now() };
      messages.push([type, stamped]);
      this.send(sid, type, stamped);
    };
    note("execution_start", { prompt_id: promptId });
    note("execution_cached", { nodes: [], prompt_id: promptId });
    const outputs: Record<string, { images: { filename: string; subfolder: string; type: string }[] }> = {};
    const done: string[] = [];
    const finish = (status: "success" | "error") => {
      this.history.set(promptId, {
        prompt: item,
        outputs,
        status: { status_str: status, completed: status === "success", messages },
        meta: {},
      });
      // As main.py: history first, then `executing: null`.
      this.send(sid, "executing", { node: null, prompt_id: promptId });
    };
    for (const nodeId of topologicalOrder(workflow)) {
      const node = workflow[nodeId]!;
      this.send(sid, "executing", { node: nodeId, prompt_id: promptId });
      if (this.options.failOn?.classType === node.class_type) {
        note("execution_error", {
          prompt_id: promptId,
          node_id: nodeId,
          node_type: node.class_type,
          executed: done,
          exception_message: this.options.failOn.message,
          exception_type: "torch.OutOfMemoryError",
          traceback: ['  File "nodes.py", line 1, in decode\n'],
          current_inputs: {},
          current_outputs: {},
        });
        finish("error");
        return;
      }
      if (node.class_type === "KSampler") {
        const steps = Number(node.inputs.steps);
        for (let step = 1; step <= steps; step++) {
          await delay(this.options.stepDelayMs ?? 5);
          if (this.interruptFlag) {
            note("execution_interrupted", {
              prompt_id: promptId,
              node_id: nodeId,
              node_type: node.class_type,
              executed: done,
            });
            finish("error");
            return;
          }
          // As main.py's progress hook: the progress message, then the preview image.
          this.send(sid, "progress", { value: step, max: steps, prompt_id: promptId, node: nodeId });
          this.sendBytes(sid, await previewFrame(step, steps));
        }
      }
      if (node.class_type === "SaveImage") {
        const source = inpaintSource(workflow);
        const loaded = source ? this.files.get(`input//${source}`) : undefined;
        const geometry = imageGeometry(workflow, nodeId);
        const size = loaded ? await sharp(loaded).metadata() : null;
        const { width, height, batch } = size
          ? { width: size.width ?? 0, height: size.height ?? 0, batch: 1 }
          : geometry;
        const prefix = String(node.inputs.filename_prefix);
        const slash = prefix.lastIndexOf("/");
        const subfolder = slash >= 0 ? prefix.slice(0, slash) : "";
        const base = slash >= 0 ? prefix.slice(slash + 1) : prefix;
        const seed = Number(findInput(workflow, nodeId, "seed") ?? 0);
        const images = [];
        for (let b = 0; b < batch; b++) {
          const filename = `${base}_${String(++this.counter).padStart(5, "0")}_.png`;
          const flat = await pictureFor(seed, b, width, height);
          this.files.set(`output/${subfolder}/${filename}`, loaded ? await inpainted(loaded, flat) : flat);
          images.push({ filename, subfolder, type: "output" });
        }
        outputs[nodeId] = { images };
        this.send(sid, "executed", { node: nodeId, output: { images }, prompt_id: promptId });
      }
      done.push(nodeId);
    }
    note("execution_success", { prompt_id: promptId });
    finish("success");
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const raw = await readBody(req);
    const isJson = (req.headers["content-type"] ?? "").includes("application/json");
    let body: unknown = raw.length ? raw.toString("utf8") : null;
    if (isJson && raw.length) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        body = null;
      }
    }
    this.requests.push({ method: req.method ?? "GET", path: url.pathname, body: isJson ? body : null });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    const empty = () => {
      res.writeHead(200);
      res.end();
    };
    const route = `${req.method} ${url.pathname}`;
    if (route === "POST /prompt") {
      const data = (body ?? {}) as { prompt?: Workflow; client_id?: string };
      if (!data.prompt)
        return json(400, {
          error: { type: "no_prompt", message: "No prompt provided", details: "", extra_info: {} },
          node_errors: {},
        });
      const invalid = validateWorkflow(data.prompt, {
        ...(this.options.checkpoints ? { checkpoints: this.options.checkpoints } : {}),
        hasInputImage: (name) => this.files.has(`input//${name}`),
      });
      if (invalid) return json(400, invalid);
      const id = randomUUID();
      const number = this.number++;
      this.enqueue([
        number,
        id,
        data.prompt,
        data.client_id ? { client_id: data.client_id } : {},
        outputNodes(data.prompt),
      ]);
      return json(200, { prompt_id: id, number, node_errors: {} });
    }
    if (route === "GET /queue") {
      return json(200, { queue_running: this.running ? [this.running] : [], queue_pending: this.queue });
    }
    if (route === "POST /queue") {
      const data = (body ?? {}) as { delete?: string[]; clear?: boolean };
      if (data.clear) this.queue = [];
      for (const id of data.delete ?? []) this.queue = this.queue.filter((item) => item[1] !== id);
      this.send("*", "status", { status: this.queueInfo() });
      return empty();
    }
    if (route === "POST /interrupt") {
      const target = (body as { prompt_id?: string } | null)?.prompt_id;
      if (!target || target === this.running?.[1]) this.interruptFlag = true;
      return empty();
    }
    if (req.method === "GET" && url.pathname.startsWith("/history/")) {
      const id = decodeURIComponent(url.pathname.slice("/history/".length));
      const entry = this.history.get(id);
      return json(200, entry ? { [id]: entry } : {});
    }
    if (route === "GET /view") {
      const filename = url.searchParams.get("filename");
      if (!filename) return json(404, {});
      if (filename.startsWith("/") || filename.includes("..")) return json(400, {});
      const type = url.searchParams.get("type") || "output";
      const file = this.files.get(`${type}/${url.searchParams.get("subfolder") ?? ""}/${filename}`);
      if (!file) return json(404, {});
      res.writeHead(200, { "content-type": "image/png", "content-disposition": `filename="${filename}"` });
      res.end(file);
      return;
    }
    if (route === "POST /upload/mask") {
      // As server.py's upload_mask: the mask's alpha onto the original (original_ref), saved under
      // the uploaded file's name; an unknown original writes nothing but still answers the name.
      const parts = parseMultipart(raw, String(req.headers["content-type"] ?? ""));
      const image = parts.find((p) => p.name === "image");
      const ref = parts.find((p) => p.name === "original_ref");
      if (!image?.filename || !ref) return json(400, {});
      const original = JSON.parse(ref.data.toString()) as {
        filename: string;
        subfolder?: string;
        type?: string;
      };
      if (!original.filename || original.filename.startsWith("/") || original.filename.includes("..")) {
        return json(400, {});
      }
      const type = parts.find((p) => p.name === "type")?.data.toString() || "input";
      const subfolder = parts.find((p) => p.name === "subfolder")?.data.toString() ?? "";
      const source = this.files.get(
        `${original.type ?? "output"}/${original.subfolder ?? ""}/${original.filename}`,
      );
      if (source) {
        const alpha = await sharp(image.data)
          .ensureAlpha()
          .extractChannel(3)
          .raw()
          .toBuffer({ resolveWithObject: true });
        const rgb = await sharp(source).removeAlpha().raw().toBuffer({ resolveWithObject: true });
        if (alpha.info.width !== rgb.info.width || alpha.info.height !== rgb.info.height) {
          // PIL's putalpha raises on a size mismatch: the request fails with a 500.
          return json(500, {});
        }
        const merged = await sharp(rgb.data, {
          raw: { width: rgb.info.width, height: rgb.info.height, channels: 3 },
        })
          .joinChannel(alpha.data, {
            raw: { width: alpha.info.width, height: alpha.info.height, channels: 1 },
          })
          .png()
          .toBuffer();
        this.files.set(`${type}/${subfolder}/${image.filename}`, merged);
      }
      return json(200, { name: image.filename, subfolder, type });
    }
    if (route === "POST /upload/image") {
      const parts = parseMultipart(raw, String(req.headers["content-type"] ?? ""));
      const image = parts.find((p) => p.name === "image");
      if (!image?.filename) return json(400, {});
      const type = parts.find((p) => p.name === "type")?.data.toString() || "input";
      const subfolder = parts.find((p) => p.name === "subfolder")?.data.toString() ?? "";
      this.files.set(`${type}/${subfolder}/${image.filename}`, image.data);
      return json(200, { name: image.filename, subfolder, type });
    }
    json(404, {});
  }
}

async function pictureFor(seed: number, index: number, width: number, height: number): Promise<Buffer> {
  const hue = (seed * 37 + index * 90) % 360;
  const r = Math.round(127 + 100 * Math.cos((hue * Math.PI) / 180));
  const g = Math.round(127 + 100 * Math.cos(((hue - 120) * Math.PI) / 180));
  const b = Math.round(127 + 100 * Math.cos(((hue + 120) * Math.PI) / 180));
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();
}

/** The loaded picture where its alpha is opaque, `flat` where LoadImage's mask (1 - alpha) is set. */
async function inpainted(loaded: Buffer, flat: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(loaded).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const fill = await sharp(flat).removeAlpha().raw().toBuffer();
  const out = Buffer.alloc(info.width * info.height * 3);
  for (let i = 0; i < info.width * info.height; i++) {
    const keep = data[i * 4 + 3]! / 255;
    for (let c = 0; c < 3; c++)
      out[i * 3 + c] = Math.round(data[i * 4 + c]! * keep + fill[i * 3 + c]! * (1 - keep));
  }
  return sharp(out, { raw: { width: info.width, height: info.height, channels: 3 } })
    .png()
    .toBuffer();
}

async function previewFrame(step: number, steps: number): Promise<Buffer> {
  const level = Math.round((255 * step) / steps);
  const jpeg = await sharp({
    create: { width: 64, height: 64, channels: 3, background: { r: level, g: level, b: level } },
  })
    .jpeg()
    .toBuffer();
  // struct.pack(">I", 1) (PREVIEW_IMAGE), then struct.pack(">I", 1) (JPEG), then the bytes.
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1]);
  return Buffer.concat([header, jpeg]);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseMultipart(
  body: Buffer,
  contentType: string,
): { name: string; filename?: string; data: Buffer }[] {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!match) return [];
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  const parts: { name: string; filename?: string; data: Buffer }[] = [];
  let start = body.indexOf(boundary);
  while (start >= 0) {
    const next = body.indexOf(boundary, start + boundary.length);
    if (next < 0) break;
    const part = body.subarray(start + boundary.length + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const name = /name="([^"]*)"/.exec(headers)?.[1] ?? "";
      const filename = /filename="([^"]*)"/.exec(headers)?.[1];
      parts.push({
        name,
        ...(filename !== undefined ? { filename } : {}),
        data: part.subarray(headerEnd + 4),
      });
    }
    start = next;
  }
  return parts;
}
