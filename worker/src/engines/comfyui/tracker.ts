import WebSocket from "ws";
import {
  EngineAbortedError,
  type EngineError,
  EngineFailedError,
  EngineUnavailableError,
} from "../errors.ts";
import type { ProgressListener } from "../types.ts";
import type { ComfyClient } from "./client.ts";
import { type ComfyMessage, parseBinaryFrame, parseMessage } from "./protocol.ts";

/** Polls without an answer (or with the prompt in neither queue nor history) before giving up. */
const LOST_AFTER_POLLS = 5;
/** After execution_success, how long to wait for the final `executing: null` before finishing. */
const SUCCESS_SETTLE_MS = 2_000;

/**
 * Follows one prompt on its own WebSocket (the engine opens one per generation, so every
 * execution message and preview on it belongs to this prompt). Messages that arrive before the
 * prompt id is known (the server can start before POST /prompt returns) are kept and replayed.
 * If the socket closes first, it polls /history and /queue instead.
 */
export class PromptTracker {
  /** Settles when the prompt is done: resolves on success, rejects with an EngineError. */
  readonly finished: Promise<void>;
  /** Set by the engine before it asks the server to stop, so an interruption reads as a cancel. */
  cancelling = false;
  private promptId: string | null = null;
  private readonly early: (ComfyMessage | Buffer)[] = [];
  private lastStep = 0;
  private lastMax = 0;
  private running = false;
  private settled = false;
  private disposed = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private successTimer: NodeJS.Timeout | null = null;
  private resolveFinished!: () => void;
  private rejectFinished!: (error: EngineError) => void;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: {
      onProgress: ProgressListener | undefined;
      client: ComfyClient;
      pollIntervalMs: number;
    },
  ) {
    this.finished = new Promise<void>((resolve, reject) => {
      this.resolveFinished = resolve;
      this.rejectFinished = reject;
    });
    // Rejections are read by the engine; this keeps an unread one from crashing the process.
    this.finished.catch(() => undefined);
    socket.on("message", (data, isBinary) => {
      const frame = Buffer.isBuffer(data)
        ? data
        : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
      this.receive(isBinary ? frame : parseMessage(frame.toString("utf8")));
    });
    socket.on("close", () => this.startPolling());
    socket.on("error", () => this.startPolling());
  }

  track(promptId: string): void {
    this.promptId = promptId;
    for (const message of this.early.splice(0)) this.receive(message);
    if (this.socket.readyState !== WebSocket.OPEN) this.startPolling();
  }

  dispose(): void {
    this.disposed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.successTimer) clearTimeout(this.successTimer);
  }

  private receive(message: ComfyMessage | Buffer): void {
    if (this.settled || this.disposed) return;
    if (this.promptId === null) {
      this.early.push(message);
      return;
    }
    if (Buffer.isBuffer(message)) {
      const preview = parseBinaryFrame(message);
      if (preview && this.running) {
        this.report({
          step: this.lastStep,
          totalSteps: Math.max(1, this.lastMax),
          preview: preview.image,
          previewType: preview.mime,
        });
      }
      return;
    }
    const ours = (id: string | undefined) => id === undefined || id === this.promptId;
    switch (message.type) {
      case "status":
      case "execution_cached":
      case "executed":
      case "other":
        return;
      case "execution_start":
        if (ours(message.data.prompt_id)) this.running = true;
        return;
      case "executing":
        if (message.data.prompt_id !== undefined && message.data.prompt_id !== this.promptId) return;
        if (message.data.node === null) this.succeed();
        else this.running = true;
        return;
      case "progress":
        if (!ours(message.data.prompt_id)) return;
        this.running = true;
        this.lastStep = message.data.value;
        this.lastMax = message.data.max;
        this.report({ step: message.data.value, totalSteps: Math.max(1, message.data.max) });
        return;
      case "execution_success":
        if (!ours(message.data.prompt_id)) return;
        // History is written after this; the final `executing: null` says so. Do not wait forever.
        this.successTimer ??= setTimeout(() => this.succeed(), SUCCESS_SETTLE_MS);
        return;
      case "execution_error": {
        if (!ours(message.data.prompt_id)) return;
        const d = message.data;
        this.fail(
          new EngineFailedError(
            `ComfyUI node ${d.node_id ?? "?"} (${d.node_type ?? "?"}) failed: ${d.exception_message ?? "unknown error"}`,
            {
              promptId: this.promptId,
              nodeId: d.node_id,
              nodeType: d.node_type,
              exceptionType: d.exception_type,
              exceptionMessage: d.exception_message,
            },
          ),
        );
        return;
      }
      case "execution_interrupted":
        if (!ours(message.data.prompt_id)) return;
        this.fail(
          this.cancelling
            ? new EngineAbortedError("interrupted at our request")
            : new EngineFailedError("The prompt was interrupted on the ComfyUI server", {
                promptId: this.promptId,
              }),
        );
        return;
      default: {
        const never: never = message;
        throw new Error(`unhandled ComfyUI message ${JSON.stringify(never)}`);
      }
    }
  }

  private report(event: Parameters<ProgressListener>[0]): void {
    try {
      this.options.onProgress?.(event);
    } catch {
      // A listener's failure must not fail the generation.
    }
  }

  private succeed(): void {
    if (this.settled) return;
    this.settled = true;
    this.dispose();
    this.resolveFinished();
  }

  private fail(error: EngineError): void {
    if (this.settled) return;
    this.settled = true;
    this.dispose();
    this.rejectFinished(error);
  }

  /** The socket is gone: ask /history (done?) and /queue (still there?) until one answers. */
  private startPolling(): void {
    if (this.settled || this.disposed || this.pollTimer || this.promptId === null) return;
    let misses = 0;
    const poll = async () => {
      this.pollTimer = null;
      if (this.settled || this.disposed) return;
      try {
        const entry = await this.options.client.history(this.promptId!);
        if (entry) {
          if (entry.status?.status_str === "error") {
            const error = entry.status.messages?.find(([type]) => type === "execution_error")?.[1];
            const interrupted = entry.status.messages?.some(([type]) => type === "execution_interrupted");
            if (interrupted && this.cancelling)
              this.fail(new EngineAbortedError("interrupted at our request"));
            else
              this.fail(
                new EngineFailedError(
                  `ComfyUI failed: ${String(error?.exception_message ?? "unknown error")}`,
                  { error },
                ),
              );
          } else {
            this.succeed();
          }
          return;
        }
        const queue = await this.options.client.queue();
        misses =
          queue.running.includes(this.promptId!) || queue.pending.includes(this.promptId!) ? 0 : misses + 1;
      } catch {
        misses++;
      }
      if (misses >= LOST_AFTER_POLLS) {
        this.fail(
          new EngineUnavailableError("Lost the ComfyUI prompt: it is in neither the queue nor the history"),
        );
        return;
      }
      if (!this.settled && !this.disposed) this.pollTimer = setTimeout(poll, this.options.pollIntervalMs);
    };
    this.pollTimer = setTimeout(poll, 0);
  }
}
