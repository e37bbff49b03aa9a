import { AppError } from "@comic-studio/shared";
import busboy from "busboy";
import type { Request } from "express";

export interface ReceivedFile {
  filename: string;
  /** What the client claimed; recorded for logs, never trusted. */
  declaredType: string;
  data: Buffer;
}

/** Room for multipart boundaries and part headers on top of the file itself. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

/**
 * Reads the one file in field `file` of a multipart request as it streams in, stopping at
 * `maxBytes`: a declared length over the limit is refused before reading, and a stream that
 * grows past it is cut off.
 */
export function receiveFile(req: Request, maxBytes: number): Promise<ReceivedFile> {
  const type = req.get("content-type") ?? "";
  if (!/^multipart\/form-data;/i.test(type)) {
    return Promise.reject(
      new AppError("UNSUPPORTED_MEDIA", "Send the image as multipart/form-data, field `file`."),
    );
  }
  const declared = Number(req.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD_BYTES) {
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
      });
    } catch {
      reject(new AppError("BAD_REQUEST", "The multipart body could not be read."));
      return;
    }
    let settled = false;
    let file: ReceivedFile | undefined;
    let reading: Promise<void> | undefined;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // Node discards the rest of the body once the response is sent.
      reject(error);
    };
    parser.on("file", (field, stream, info) => {
      if (field !== "file" || file || reading) {
        stream.resume();
        return;
      }
      reading = new Promise<void>((done) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("limit", () => {
          stream.resume();
          fail(tooLarge(maxBytes));
        });
        stream.on("end", () => {
          file = { filename: info.filename ?? "", declaredType: info.mimeType, data: Buffer.concat(chunks) };
          done();
        });
      });
    });
    parser.on("filesLimit", () => fail(new AppError("BAD_REQUEST", "Send one file per upload.")));
    parser.on("partsLimit", () => fail(new AppError("BAD_REQUEST", "Too many parts in the upload.")));
    parser.on("error", () =>
      fail(new AppError("BAD_REQUEST", "The multipart body is malformed or incomplete.")),
    );
    parser.on("close", () => {
      void (reading ?? Promise.resolve()).then(() => {
        if (settled) return;
        settled = true;
        if (!file) reject(new AppError("BAD_REQUEST", "No file in field `file`."));
        else if (file.data.length === 0) reject(new AppError("BAD_REQUEST", "The file is empty."));
        else resolve(file);
      });
    });
    req.on("aborted", () => fail(new AppError("BAD_REQUEST", "The upload was interrupted.")));
    req.pipe(parser);
  });
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${Math.floor(maxBytes / 1024)} KiB.`, {
    maxBytes,
  });
}
