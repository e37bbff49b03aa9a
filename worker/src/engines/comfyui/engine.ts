import { createHash, randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import sharp from "sharp";
import WebSocket from "ws";
import { parsePanelDescription } from "../description.ts";
import {
  EngineAbortedError,
  EngineError,
  EngineFailedError,
  EngineTimeoutError,
  EngineUnavailableError,
  throwIfAborted,
} from "../errors.ts";
import type {
  EngineInfo,
  GenerateOptions,
  GenerationEngine,
  GenerationResult,
  InpaintRequest,
  InpaintResult,
  PanelDescription,
  Variation,
} from "../types.ts";
import { ComfyClient, type ComfyClientOptions } from "./client.ts";
import { blendResult, INPAINT_TEMPLATE, inpaintUploads } from "./inpaint.ts";
import type { ComfyHistoryEntry, ComfyImageRef } from "./protocol.ts";
import { PromptTracker } from "./tracker.ts";
import {
  buildPrompt,
  DEFAULT_NEGATIVE,
  fillTemplate,
  type PlaceholderValues,
  REFERENCE_TEMPLATE,
  TXT2IMG_TEMPLATE,
  templatePlaceholders,
  validateTemplate,
  type WorkflowTemplate,
} from "./workflow.ts";

export interface ComfyUIEngineOptions extends ComfyClientOptions {
  /** Workflow (API format) for panels without a character reference. Default: TXT2IMG_TEMPLATE. */
  workflow?: unknown;
  /**
   * Workflow for panels whose characters bring an anchor or reference image; it must use
   * {{reference_image}}. Default: REFERENCE_TEMPLATE (image-to-image from the first anchor).
   * null: always use `workflow`.
   */
  referenceWorkflow?: unknown | null;
  /** Workflow for inpainting; it must use {{inpaint_image}}. Default: INPAINT_TEMPLATE. */
  inpaintWorkflow?: unknown;
  /** Checkpoint file name on the ComfyUI server. Default "v1-5-pruned-emaonly.safetensors". */
  checkpoint?: string;
  /** Sampler steps. Default 20. */
  steps?: number;
  /** Classifier-free guidance. Default 7. */
  cfg?: number;
  /** Default "euler". */
  sampler?: string;
  /** Default "normal". */
  scheduler?: string;
  /** Denoise for the reference workflow (how far from the anchor). Default 0.7. */
  referenceDenoise?: number;
  /** Longest a generation may take, queue wait included, ms. Default 600_000. */
  timeoutMs?: number;
  /** How long to wait for the WebSocket to open, ms. Default 10_000. */
  connectTimeoutMs?: number;
  /** History polling interval once the WebSocket is lost, ms. Default 1_000. */
  pollIntervalMs?: number;
  /** After asking ComfyUI to stop, how long to wait for it to confirm, ms. Default 5_000. */
  cancelGraceMs?: number;
}

/**
 * Drives a real ComfyUI server: one WebSocket per generation (its own clientId, so the server
 * sends this prompt's progress and previews to it alone), the workflow queued with POST /prompt,
 * results read from /history and fetched from /view. Cancelling dequeues a pending prompt or
 * interrupts the running one. If the socket drops mid-run the engine falls back to polling
 * /history, so a flaky connection does not lose the result.
 */
export class ComfyUIEngine implements GenerationEngine {
  readonly name = "comfyui";
  private readonly client: ComfyClient;
  private readonly workflow: WorkflowTemplate;
  private readonly referenceWorkflow: WorkflowTemplate | null;
  private readonly inpaintWorkflow: WorkflowTemplate;
  private readonly options: Required<
    Pick<
      ComfyUIEngineOptions,
      | "checkpoint"
      | "steps"
      | "cfg"
      | "sampler"
      | "scheduler"
      | "referenceDenoise"
      | "timeoutMs"
      | "connectTimeoutMs"
      | "pollIntervalMs"
      | "cancelGraceMs"
    >
  >;
  private closed = false;

  constructor(options: ComfyUIEngineOptions) {
    this.client = new ComfyClient(options);
    this.workflow = validateTemplate(options.workflow ?? TXT2IMG_TEMPLATE);
    const reference =
      options.referenceWorkflow === undefined ? REFERENCE_TEMPLATE : options.referenceWorkflow;
    this.referenceWorkflow = reference === null ? null : validateTemplate(reference);
    if (this.referenceWorkflow && !templatePlaceholders(this.referenceWorkflow).has("reference_image")) {
      throw new EngineError("ENGINE_BAD_INPUT", "The reference workflow must use {{reference_image}}", {
        retryable: false,
      });
    }
    this.inpaintWorkflow = validateTemplate(options.inpaintWorkflow ?? INPAINT_TEMPLATE);
    if (!templatePlaceholders(this.inpaintWorkflow).has("inpaint_image")) {
      throw new EngineError("ENGINE_BAD_INPUT", "The inpainting workflow must use {{inpaint_image}}", {
        retryable: false,
      });
    }
    this.options = {
      checkpoint: options.checkpoint ?? "v1-5-pruned-emaonly.safetensors",
      steps: options.steps ?? 20,
      cfg: options.cfg ?? 7,
      sampler: options.sampler ?? "euler",
      scheduler: options.scheduler ?? "normal",
      referenceDenoise: options.referenceDenoise ?? 0.7,
      timeoutMs: options.timeoutMs ?? 600_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      cancelGraceMs: options.cancelGraceMs ?? 5_000,
    };
  }

  describe(): EngineInfo {
    return {
      name: this.name,
      label: `ComfyUI (${this.client.baseUrl.host})`,
      description: `Diffusion models on a ComfyUI server at ${this.client.baseUrl.origin}, checkpoint ${this.options.checkpoint}.`,
      external: true,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async generate(input: PanelDescription, options: GenerateOptions = {}): Promise<GenerationResult> {
    if (this.closed) throw new EngineUnavailableError("The ComfyUI engine is closed");
    const started = performance.now();
    const description = parsePanelDescription(input);
    const variations = await this.run(
      options,
      (signal) => this.prepareWorkflow(description, signal),
      description,
    );
    return { variations, engine: this.name, durationMs: performance.now() - started };
  }

  /**
   * Uploads the picture and its mask (POST /upload/image, then POST /upload/mask with the picture
   * as `original_ref`), runs the inpainting workflow and lays the result in through the feathered
   * mask. The fix leads the prompt; the panel's own description follows when known.
   */
  async inpaint(request: InpaintRequest, options: GenerateOptions = {}): Promise<InpaintResult> {
    if (this.closed) throw new EngineUnavailableError("The ComfyUI engine is closed");
    const started = performance.now();
    const uploads = await inpaintUploads(request.image, request.mask);
    const base = request.description ? parsePanelDescription(request.description) : null;
    const prompt = base ? `${request.prompt}, ${buildPrompt(base)}` : request.prompt;
    const target = { width: uploads.width, height: uploads.height, variations: 1, seed: request.seed };
    const [result] = await this.run(
      options,
      async (signal) => {
        const original = await this.client.uploadImage(uploads.picture, uploads.names[0]);
        throwIfAborted(signal);
        const masked = await this.client.uploadMask(uploads.alphaMask, uploads.names[1], original);
        return fillTemplate(this.inpaintWorkflow, {
          prompt,
          negative: request.negativePrompt ?? DEFAULT_NEGATIVE,
          seed: request.seed,
          steps: this.options.steps,
          cfg: this.options.cfg,
          sampler: this.options.sampler,
          scheduler: this.options.scheduler,
          checkpoint: this.options.checkpoint,
          filename_prefix: "comic-studio/inpaint",
          inpaint_image: masked,
        });
      },
      target,
    );
    if (!result) throw new EngineFailedError("The ComfyUI inpainting workflow produced no picture");
    return {
      png: await blendResult(uploads.picture, result.png, request.mask),
      width: uploads.width,
      height: uploads.height,
      seed: request.seed,
      engine: this.name,
      durationMs: performance.now() - started,
    };
  }

  /** One prompt on its own WebSocket: queue the workflow `prepare` builds, follow it, collect. */
  private async run(
    options: GenerateOptions,
    prepare: (signal: AbortSignal | undefined) => Promise<Record<string, unknown>>,
    description: Pick<PanelDescription, "width" | "height" | "variations" | "seed">,
  ): Promise<Variation[]> {
    const { signal, onProgress } = options;
    throwIfAborted(signal);
    const clientId = `comic-studio-${randomUUID()}`;
    const socket = await this.connect(clientId, signal);
    const tracker = new PromptTracker(socket, {
      onProgress,
      client: this.client,
      pollIntervalMs: this.options.pollIntervalMs,
    });
    try {
      const workflow = await prepare(signal);
      throwIfAborted(signal);
      const { promptId } = await this.client.queuePrompt(workflow, clientId);
      tracker.track(promptId);
      await this.waitForPrompt(tracker, promptId, signal);
      const entry = await this.finalHistory(promptId);
      return await this.collect(entry, description);
    } finally {
      tracker.dispose();
      socket.removeAllListeners();
      socket.on("error", () => {});
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)
        socket.terminate();
    }
  }

  private connect(clientId: string, signal: AbortSignal | undefined): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.client.socketUrl(clientId), { headers: this.client.headers });
      const fail = (error: EngineError) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        socket.removeAllListeners();
        socket.on("error", () => {});
        socket.terminate();
        reject(error);
      };
      const onAbort = () => fail(new EngineAbortedError(signal?.reason));
      const timer = setTimeout(
        () =>
          fail(
            new EngineUnavailableError(
              `ComfyUI WebSocket did not open within ${this.options.connectTimeoutMs} ms`,
            ),
          ),
        this.options.connectTimeoutMs,
      );
      signal?.addEventListener("abort", onAbort, { once: true });
      socket.once("open", () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        socket.removeAllListeners("error");
        socket.removeAllListeners("unexpected-response");
        // From here the tracker reacts to "close" (which follows every error); an unheard
        // "error" would otherwise crash the process.
        socket.on("error", () => {});
        resolve(socket);
      });
      socket.once("error", (error) =>
        fail(new EngineUnavailableError("Could not open the ComfyUI WebSocket", error)),
      );
      socket.once("unexpected-response", (_req, res) =>
        fail(new EngineUnavailableError(`ComfyUI refused the WebSocket (${res.statusCode})`)),
      );
    });
  }

  private async prepareWorkflow(description: PanelDescription, signal: AbortSignal | undefined) {
    const reference = description.characters
      .map((c) => c.anchor ?? c.references?.[0])
      .find((b) => b !== undefined);
    const template = reference && this.referenceWorkflow ? this.referenceWorkflow : this.workflow;
    const values: PlaceholderValues = {
      prompt: buildPrompt(description),
      negative: description.negativePrompt ?? DEFAULT_NEGATIVE,
      seed: description.seed,
      width: roundTo8(description.width),
      height: roundTo8(description.height),
      batch_size: description.variations,
      steps: this.options.steps,
      cfg: this.options.cfg,
      sampler: this.options.sampler,
      scheduler: this.options.scheduler,
      checkpoint: this.options.checkpoint,
      denoise: this.options.referenceDenoise,
      filename_prefix: "comic-studio/panel",
    };
    if (templatePlaceholders(template).has("reference_image")) {
      if (!reference)
        throw new EngineError("ENGINE_BAD_INPUT", "This workflow needs a character reference image", {
          retryable: false,
        });
      throwIfAborted(signal);
      const png = await sharp(reference).png().toBuffer();
      const name = `comic-studio-${createHash("sha256").update(png).digest("hex").slice(0, 20)}.png`;
      values.reference_image = await this.client.uploadImage(png, name);
    }
    return fillTemplate(template, values);
  }

  /** Waits for the prompt to finish; on abort, dequeues or interrupts it first. */
  private async waitForPrompt(
    tracker: PromptTracker,
    promptId: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const stop = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const stopped = new Promise<"stopped">((resolve) => {
      if (stop.aborted) resolve("stopped");
      stop.addEventListener("abort", () => resolve("stopped"), { once: true });
    });
    const outcome = await Promise.race([tracker.finished.then(() => "finished" as const), stopped]);
    if (outcome === "finished") return;
    tracker.cancelling = true;
    if ((await this.cancel(promptId)) === "interrupted") {
      // Give the server a moment to confirm, so the next job does not start on a busy GPU.
      await Promise.race([tracker.finished.catch(() => undefined), delay(this.options.cancelGraceMs)]);
    }
    if (signal?.aborted) throw new EngineAbortedError(signal.reason);
    throw new EngineTimeoutError(`ComfyUI did not finish within ${this.options.timeoutMs} ms`, { promptId });
  }

  /** Pending: drop it from the queue. Running: interrupt it (only if it is ours that runs). */
  private async cancel(promptId: string): Promise<"dequeued" | "interrupted" | "gone"> {
    try {
      const queue = await this.client.queue();
      if (queue.pending.includes(promptId)) {
        await this.client.deleteFromQueue([promptId]);
        return "dequeued";
      }
      if (queue.running.includes(promptId)) {
        await this.client.interrupt(promptId);
        return "interrupted";
      }
    } catch {
      // The server is gone; there is nothing left to stop.
    }
    return "gone";
  }

  /** History is written just before the final `executing: null`; retry briefly if it lags. */
  private async finalHistory(promptId: string): Promise<ComfyHistoryEntry> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const entry = await this.client.history(promptId);
      if (entry) return entry;
      await delay(200 * (attempt + 1));
    }
    throw new EngineFailedError("ComfyUI finished the prompt but has no history for it", { promptId });
  }

  private async collect(
    entry: ComfyHistoryEntry,
    description: Pick<PanelDescription, "width" | "height" | "variations" | "seed">,
  ): Promise<Variation[]> {
    if (entry.status?.status_str === "error") {
      const error = entry.status.messages?.find(([type]) => type === "execution_error")?.[1];
      throw new EngineFailedError(`ComfyUI failed: ${String(error?.exception_message ?? "unknown error")}`, {
        error,
      });
    }
    const images: ComfyImageRef[] = [];
    for (const output of Object.values(entry.outputs ?? {})) {
      for (const image of output.images ?? []) if (image.type === "output") images.push(image);
    }
    if (images.length === 0) throw new EngineFailedError("The ComfyUI workflow produced no output images");
    const chosen = images.slice(0, description.variations);
    return Promise.all(
      chosen.map(async (ref, batchIndex) => {
        const bytes = await this.client.view(ref);
        let image = sharp(bytes);
        const meta = await image.metadata();
        if (meta.width !== description.width || meta.height !== description.height) {
          image = image.resize(description.width, description.height, { fit: "fill" });
        }
        const png = await image.png().toBuffer();
        return {
          png,
          seed: description.seed,
          batchIndex,
          width: description.width,
          height: description.height,
        };
      }),
    );
  }
}

function roundTo8(v: number): number {
  return Math.max(64, Math.round(v / 8) * 8);
}
