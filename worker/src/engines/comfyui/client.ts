import { EngineInputError, EngineUnavailableError } from "../errors.ts";
import type { ComfyHistoryEntry, ComfyImageRef } from "./protocol.ts";

/** How long one HTTP call to ComfyUI may take before it counts as unavailable. */
export const HTTP_TIMEOUT_MS = 30_000;

export interface ComfyClientOptions {
  /** e.g. http://127.0.0.1:8188 (a path prefix such as /comfy is kept). */
  baseUrl: string;
  /** Extra headers on every request and the WebSocket upgrade (e.g. Authorization for a proxy). */
  headers?: Record<string, string>;
  httpTimeoutMs?: number;
}

/** ComfyUI's HTTP API (see protocol.ts). Network failures and 5xx become EngineUnavailableError. */
export class ComfyClient {
  readonly baseUrl: URL;
  readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: ComfyClientOptions) {
    this.baseUrl = new URL(options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`);
    if (this.baseUrl.protocol !== "http:" && this.baseUrl.protocol !== "https:") {
      throw new EngineInputError(`ComfyUI URL must be http(s): ${options.baseUrl}`);
    }
    this.headers = options.headers ?? {};
    this.timeoutMs = options.httpTimeoutMs ?? HTTP_TIMEOUT_MS;
  }

  url(path: string, query?: Record<string, string>): URL {
    const url = new URL(path.replace(/^\//, ""), this.baseUrl);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url;
  }

  /** ws(s)://host/ws?clientId=ID */
  socketUrl(clientId: string): string {
    const url = this.url("ws", { clientId });
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return url.toString();
  }

  private async request(
    path: string,
    init: RequestInit & { query?: Record<string, string> } = {},
  ): Promise<Response> {
    const { query, ...rest } = init;
    const url = this.url(path, query);
    let response: Response;
    try {
      response = await fetch(url, {
        ...rest,
        headers: { ...this.headers, ...(rest.headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new EngineUnavailableError(`ComfyUI at ${this.baseUrl.origin} is unreachable (${path})`, error);
    }
    if (response.status >= 500) {
      const body = await response.text().catch(() => "");
      throw new EngineUnavailableError(`ComfyUI answered ${response.status} on ${path}`, undefined, {
        status: response.status,
        body: body.slice(0, 500),
      });
    }
    return response;
  }

  private async json<T>(
    path: string,
    init: RequestInit & { query?: Record<string, string> } = {},
  ): Promise<T> {
    const response = await this.request(path, init);
    if (!response.ok) {
      throw new EngineUnavailableError(`ComfyUI answered ${response.status} on ${path}`, undefined, {
        status: response.status,
      });
    }
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new EngineUnavailableError(`ComfyUI sent invalid JSON on ${path}`, error);
    }
  }

  /** Queues a workflow; a 400 (invalid workflow) is EngineInputError with ComfyUI's node errors. */
  async queuePrompt(
    workflow: Record<string, unknown>,
    clientId: string,
  ): Promise<{ promptId: string; number: number }> {
    const response = await this.request("prompt", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: workflow, client_id: clientId }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      prompt_id?: string;
      number?: number;
      error?: { message?: string; details?: string } | string;
      node_errors?: unknown;
    };
    if (response.status === 400 || (response.ok && typeof body.prompt_id !== "string")) {
      const error = typeof body.error === "string" ? { message: body.error } : body.error;
      throw new EngineInputError(
        `ComfyUI rejected the workflow: ${error?.message ?? "no prompt id"}${error?.details ? ` (${error.details})` : ""}`,
        { error: body.error ?? null, nodeErrors: body.node_errors ?? null },
      );
    }
    if (!response.ok) throw new EngineUnavailableError(`ComfyUI answered ${response.status} on /prompt`);
    return { promptId: body.prompt_id!, number: body.number ?? 0 };
  }

  async history(promptId: string): Promise<ComfyHistoryEntry | null> {
    const body = await this.json<Record<string, ComfyHistoryEntry>>(
      `history/${encodeURIComponent(promptId)}`,
    );
    return body[promptId] ?? null;
  }

  async queue(): Promise<{ running: string[]; pending: string[] }> {
    const body = await this.json<{ queue_running?: unknown[][]; queue_pending?: unknown[][] }>("queue");
    const ids = (items: unknown[][] | undefined) => (items ?? []).map((item) => String(item[1]));
    return { running: ids(body.queue_running), pending: ids(body.queue_pending) };
  }

  /** Drops pending prompts (ComfyUI answers an empty 200). */
  async deleteFromQueue(promptIds: string[]): Promise<void> {
    const response = await this.request("queue", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ delete: promptIds }),
    });
    if (!response.ok) throw new EngineUnavailableError(`ComfyUI answered ${response.status} on /queue`);
  }

  /** Stops the running prompt (ComfyUI answers an empty 200). */
  async interrupt(promptId: string): Promise<void> {
    const response = await this.request("interrupt", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt_id: promptId }),
    });
    if (!response.ok) throw new EngineUnavailableError(`ComfyUI answered ${response.status} on /interrupt`);
  }

  async view(image: ComfyImageRef): Promise<Buffer> {
    const response = await this.request("view", {
      query: { filename: image.filename, subfolder: image.subfolder ?? "", type: image.type ?? "output" },
    });
    if (!response.ok) {
      throw new EngineUnavailableError(
        `ComfyUI could not serve ${image.filename} (${response.status})`,
        undefined,
        {
          status: response.status,
        },
      );
    }
    return Buffer.from(await response.arrayBuffer());
  }

  /** Uploads an input image (for LoadImage); returns the name to put in the workflow. */
  async uploadImage(png: Buffer, filename: string): Promise<string> {
    const form = new FormData();
    form.append("image", new Blob([png], { type: "image/png" }), filename);
    form.append("overwrite", "true");
    form.append("type", "input");
    const body = await this.json<{ name?: string; subfolder?: string }>("upload/image", {
      method: "POST",
      body: form,
    });
    if (!body.name) throw new EngineUnavailableError("ComfyUI did not name the uploaded image");
    return body.subfolder ? `${body.subfolder}/${body.name}` : body.name;
  }

  /**
   * POST /upload/mask: ComfyUI copies the alpha channel of `maskPng` onto the already uploaded
   * input image `original` and saves the result as `filename`; returns the name for LoadImage.
   */
  async uploadMask(maskPng: Buffer, filename: string, original: string): Promise<string> {
    const form = new FormData();
    form.append("image", new Blob([maskPng], { type: "image/png" }), filename);
    form.append("overwrite", "true");
    form.append("type", "input");
    form.append("subfolder", "");
    form.append("original_ref", JSON.stringify({ filename: original, subfolder: "", type: "input" }));
    const body = await this.json<{ name?: string; subfolder?: string }>("upload/mask", {
      method: "POST",
      body: form,
    });
    if (!body.name) throw new EngineUnavailableError("ComfyUI did not name the uploaded mask");
    return body.subfolder ? `${body.subfolder}/${body.name}` : body.name;
  }
}
