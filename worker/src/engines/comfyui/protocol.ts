/**
 * The ComfyUI server protocol as its source defines it (comfyanonymous/ComfyUI server.py,
 * execution.py, main.py; script_examples/websockets_api_example.py):
 *
 * HTTP
 *   POST /prompt {prompt, client_id}      -> 200 {prompt_id, number, node_errors}
 *                                            400 {error: {type, message, details, extra_info}, node_errors}
 *   GET  /history/{prompt_id}             -> {} or {[prompt_id]: {prompt, outputs: {[node]: {images: [..]}},
 *                                                  status: {status_str, completed, messages}}}
 *   GET  /view?filename=&subfolder=&type= -> the image bytes
 *   GET  /queue                           -> {queue_running: [item], queue_pending: [item]},
 *                                            item = [number, prompt_id, prompt, extra_data, outputs]
 *   POST /queue {delete: [prompt_id]}     -> 200 (drops pending prompts)
 *   POST /interrupt {prompt_id?}          -> 200 (newer servers stop only that prompt; older ones
 *                                            stop whatever runs, so we check /queue first)
 *   POST /upload/image (multipart: image, overwrite, type, subfolder) -> {name, subfolder, type}
 *
 * WebSocket /ws?clientId=ID: JSON text frames {type, data}; the executing prompt's messages go to
 * the socket of the client_id it was queued with:
 *   status {status: {exec_info: {queue_remaining}}, sid?}
 *   execution_start {prompt_id}        execution_cached {nodes, prompt_id}
 *   executing {node, prompt_id}        (node null: the prompt is finished, history is written)
 *   progress {value, max, prompt_id?, node?}
 *   executed {node, output, prompt_id} execution_success {prompt_id}
 *   execution_error {prompt_id, node_id, node_type, exception_message, exception_type, traceback}
 *   execution_interrupted {prompt_id, node_id, node_type, executed}
 * Binary frames: 4-byte big-endian event type; type 1 (PREVIEW_IMAGE) is followed by a 4-byte
 * big-endian image type (1 JPEG, 2 PNG) and the image bytes. (Servers send a metadata variant
 * only to clients that announce "supports_preview_metadata"; we do not.)
 */

export interface ComfyImageRef {
  filename: string;
  subfolder: string;
  type: string;
}

export interface ComfyHistoryEntry {
  prompt?: unknown;
  outputs?: Record<string, { images?: ComfyImageRef[] } & Record<string, unknown>>;
  status?: {
    status_str?: "success" | "error";
    completed?: boolean;
    messages?: [string, Record<string, unknown>][];
  };
}

export interface ComfyErrorDetails {
  prompt_id: string;
  node_id?: string;
  node_type?: string;
  exception_message?: string;
  exception_type?: string;
  traceback?: string[];
}

export type ComfyMessage =
  | { type: "status"; data: { status?: { exec_info?: { queue_remaining?: number } }; sid?: string } }
  | { type: "execution_start"; data: { prompt_id: string } }
  | { type: "execution_cached"; data: { nodes: string[]; prompt_id: string } }
  | { type: "executing"; data: { node: string | null; prompt_id?: string } }
  | { type: "progress"; data: { value: number; max: number; prompt_id?: string; node?: string } }
  | { type: "executed"; data: { node: string; output: Record<string, unknown>; prompt_id: string } }
  | { type: "execution_success"; data: { prompt_id: string } }
  | { type: "execution_error"; data: ComfyErrorDetails }
  | { type: "execution_interrupted"; data: { prompt_id: string; node_id?: string; node_type?: string } }
  | { type: "other"; data: unknown; name: string };

const KNOWN = new Set([
  "status",
  "execution_start",
  "execution_cached",
  "executing",
  "progress",
  "executed",
  "execution_success",
  "execution_error",
  "execution_interrupted",
]);

/** Parses a JSON text frame; unknown or malformed messages come back as "other" (ignored). */
export function parseMessage(text: string): ComfyMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { type: "other", data: text, name: "invalid-json" };
  }
  if (typeof value !== "object" || value === null)
    return { type: "other", data: value, name: "not-an-object" };
  const { type, data } = value as { type?: unknown; data?: unknown };
  if (typeof type !== "string" || typeof data !== "object" || data === null) {
    return { type: "other", data: value, name: String(type) };
  }
  if (!KNOWN.has(type)) return { type: "other", data, name: type };
  return { type, data } as ComfyMessage;
}

export const BINARY_PREVIEW_IMAGE = 1;
export const PREVIEW_JPEG = 1;
export const PREVIEW_PNG = 2;

export interface BinaryPreview {
  image: Buffer;
  mime: "image/jpeg" | "image/png";
}

/** Decodes a binary frame; null for event types other than a preview image. */
export function parseBinaryFrame(frame: Buffer): BinaryPreview | null {
  if (frame.length < 8) return null;
  if (frame.readUInt32BE(0) !== BINARY_PREVIEW_IMAGE) return null;
  const imageType = frame.readUInt32BE(4);
  if (imageType !== PREVIEW_JPEG && imageType !== PREVIEW_PNG) return null;
  return { image: frame.subarray(8), mime: imageType === PREVIEW_PNG ? "image/png" : "image/jpeg" };
}

/** Encodes a preview frame as the server does (used by the test server). */
export function encodePreviewFrame(image: Buffer, mime: "image/jpeg" | "image/png"): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(BINARY_PREVIEW_IMAGE, 0);
  header.writeUInt32BE(mime === "image/png" ? PREVIEW_PNG : PREVIEW_JPEG, 4);
  return Buffer.concat([header, image]);
}
