import { createHash } from "node:crypto";
import { request } from "node:http";
import { crc32, deflateSync } from "node:zlib";
import type { Project, Upload } from "@comic-studio/shared";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ORIGIN, expectError, signUp, startTestApi, type TestApi, type TestClient } from "./helpers.ts";

const MAX_BYTES = 200_000;
const MAX_PIXELS = 4_000_000;

let api: TestApi;
let owner: TestClient;
let viewer: TestClient;
let outsider: TestClient;
let projectId: string;

function form(data: Buffer | string, filename: string, type = "application/octet-stream"): FormData {
  const body = new FormData();
  body.append("file", new Blob([typeof data === "string" ? data : new Uint8Array(data)], { type }), filename);
  return body;
}
const upload = (client: TestClient, body: FormData) =>
  client.request<{ upload: Upload; deduplicated: boolean }>("POST", `/projects/${projectId}/uploads`, body);

async function noise(width: number, height: number, format: "png" | "jpeg"): Promise<Buffer> {
  const image = sharp({
    create: {
      width,
      height,
      channels: 3,
      background: "#000",
      noise: { type: "gaussian", mean: 128, sigma: 40 },
    },
  } as const);
  return format === "png" ? image.png().toBuffer() : image.jpeg({ quality: 90 }).toBuffer();
}

/** A PNG whose header claims width x height, with almost no data: a decompression bomb's shape. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.alloc(width * 3 + 1))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  api = await startTestApi(
    { UPLOAD_MAX_BYTES: String(MAX_BYTES), UPLOAD_MAX_PIXELS: String(MAX_PIXELS) },
    "uploads",
  );
  [owner, viewer, outsider] = [api.client(), api.client(), api.client()];
  await signUp(owner, "owner");
  await signUp(viewer, "viewer");
  await signUp(outsider, "outsider");
  projectId = (await owner.post<{ project: Project }>("/projects", { name: "Uploads" })).body.project.id;
  await owner.post(`/projects/${projectId}/members`, { email: viewer.user!.email, role: "viewer" });
});
afterAll(async () => {
  await api?.close();
});

describe("uploads", () => {
  it("stores a normalised image by SHA-256 with a thumbnail, once per project", async () => {
    // 600x300 JPEG with EXIF orientation 6 (rotate 90°), a Display P3 profile and a comment.
    const original = await sharp({ create: { width: 600, height: 300, channels: 3, background: "#d04030" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withIccProfile("p3")
      .withExif({ IFD0: { ImageDescription: "secret location" } })
      .toBuffer();
    const first = await upload(owner, form(original, "photo.jpg", "image/jpeg"));
    expect(first.status).toBe(201);
    const up = first.body.upload;
    expect(up).toMatchObject({ projectId, mime: "image/jpeg", width: 300, height: 600 });
    expect(first.body.deduplicated).toBe(false);

    const stored = await viewer.request("GET", `/uploads/${up.id}`);
    const bytes = Buffer.from(
      await (
        await fetch(`${api.url}${up.url}`, { headers: { cookie: `cs_session=${viewer.cookie}` } })
      ).arrayBuffer(),
    );
    expect(stored.status).toBe(200);
    expect(stored.headers.get("content-type")).toBe("image/jpeg");
    expect(stored.headers.get("cache-control")).toMatch(/private/);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(up.sha256);
    expect(up.bytes).toBe(bytes.length);
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height]).toEqual([300, 600]);
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.space).toBe("srgb");

    const thumbRes = await fetch(`${api.url}${up.thumbnailUrl}`, {
      headers: { cookie: `cs_session=${viewer.cookie}` },
    });
    expect(thumbRes.headers.get("content-type")).toBe("image/webp");
    const thumb = await sharp(Buffer.from(await thumbRes.arrayBuffer())).metadata();
    expect([thumb.width, thumb.height]).toEqual([128, 256]);

    const again = await upload(owner, form(original, "same.jpg"));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ deduplicated: true, upload: { id: up.id } });
    const list = await viewer.get<{ uploads: Upload[] }>(`/projects/${projectId}/uploads`);
    expect(list.body.uploads.map((u) => u.id)).toEqual([up.id]);
  });

  it("decides the type by content: a PNG named .jpg is a PNG; the declared type is ignored", async () => {
    const png = await noise(32, 32, "png");
    const reply = await upload(owner, form(png, "mislabelled.jpg", "image/jpeg"));
    expect(reply.status).toBe(201);
    expect(reply.body.upload.mime).toBe("image/png");
  });

  it("refuses files that are not images, whatever their name or declared type", async () => {
    expectError(
      await upload(owner, form("just some text", "notes.png", "image/png")),
      415,
      "UNSUPPORTED_MEDIA",
    );
    const html = "<html><script>alert(document.cookie)</script></html>";
    expectError(await upload(owner, form(html, "picture.jpg", "image/jpeg")), 415, "UNSUPPORTED_MEDIA");
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>';
    expectError(await upload(owner, form(svg, "vector.svg", "image/svg+xml")), 415, "UNSUPPORTED_MEDIA");
    // Magic bytes alone are not enough: a PNG signature followed by junk does not decode.
    const fake = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from("junk".repeat(50)),
    ]);
    expectError(await upload(owner, form(fake, "fake.png", "image/png")), 415, "UNSUPPORTED_MEDIA");
  });

  it("refuses truncated images", async () => {
    const jpeg = await noise(200, 200, "jpeg");
    expectError(
      await upload(owner, form(jpeg.subarray(0, Math.floor(jpeg.length / 2)), "cut.jpg")),
      415,
      "UNSUPPORTED_MEDIA",
    );
    const png = await noise(120, 120, "png");
    expectError(
      await upload(owner, form(png.subarray(0, Math.floor(png.length * 0.6)), "cut.png")),
      415,
      "UNSUPPORTED_MEDIA",
    );
  });

  it("refuses decompression bombs and images over the pixel limit before decoding them", async () => {
    const bomb = pngClaiming(60_000, 60_000);
    expect(bomb.length).toBeLessThan(MAX_BYTES);
    const reply = await upload(owner, form(bomb, "bomb.png"));
    expectError(reply, 413, "PAYLOAD_TOO_LARGE");
    expect(reply.body).toMatchObject({
      error: { details: { width: 60_000, height: 60_000, maxPixels: MAX_PIXELS } },
    });
    // A real, well-formed image that is simply too big in pixels (flat colour: few bytes).
    const big = await sharp({ create: { width: 2500, height: 2000, channels: 3, background: "#fff" } })
      .png()
      .toBuffer();
    expect(big.length).toBeLessThan(MAX_BYTES);
    expectError(await upload(owner, form(big, "big.png")), 413, "PAYLOAD_TOO_LARGE");
  });

  it("refuses files over the byte limit, declared or streamed", async () => {
    const heavy = await noise(400, 400, "png");
    expect(heavy.length).toBeGreaterThan(MAX_BYTES);
    expectError(await upload(owner, form(heavy, "heavy.png")), 413, "PAYLOAD_TOO_LARGE");

    // Chunked, with no Content-Length: the streaming parser cuts it off.
    const boundary = "----cs-test-boundary";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="heavy.png"\r\n` +
        "Content-Type: image/png\r\n\r\n",
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${api.url}/api/projects/${projectId}/uploads`,
        {
          method: "POST",
          headers: {
            "content-type": `multipart/form-data; boundary=${boundary}`,
            "transfer-encoding": "chunked",
            origin: APP_ORIGIN,
            cookie: `cs_session=${owner.cookie}`,
          },
        },
        (res) => {
          let text = "";
          res.on("data", (c) => {
            text += c;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      req.write(head);
      for (let i = 0; i < heavy.length; i += 16_384) req.write(heavy.subarray(i, i + 16_384));
      req.end(tail);
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });

  it("refuses malformed requests: not multipart, no file", async () => {
    expectError(await owner.post(`/projects/${projectId}/uploads`, { file: "x" }), 415, "UNSUPPORTED_MEDIA");
    const empty = new FormData();
    empty.append("note", "no file here");
    expectError(await upload(owner, empty), 400, "BAD_REQUEST");
    expectError(await upload(owner, form(Buffer.alloc(0), "empty.png")), 400, "BAD_REQUEST");
  });

  it("lets only editors upload and only members read", async () => {
    const png = await noise(16, 16, "png");
    expectError(await upload(viewer, form(png, "v.png")), 403, "FORBIDDEN");
    expectError(await upload(outsider, form(png, "o.png")), 404, "NOT_FOUND");
    expectError(await upload(api.client(), form(png, "anon.png")), 401, "UNAUTHENTICATED");
    const mine = await upload(owner, form(png, "mine.png"));
    expect(mine.status).toBe(201);
    expectError(await outsider.get(`/uploads/${mine.body.upload.id}`), 404, "NOT_FOUND");
    expectError(await outsider.get(`/uploads/${mine.body.upload.id}?thumb=1`), 404, "NOT_FOUND");
    expectError(await outsider.get(`/projects/${projectId}/uploads`), 404, "NOT_FOUND");
    expectError(await api.client().get(`/uploads/${mine.body.upload.id}`), 401, "UNAUTHENTICATED");
    expectError(await viewer.get(`/uploads/${crypto.randomUUID()}`), 404, "NOT_FOUND");
    expect((await viewer.get(`/uploads/${mine.body.upload.id}`)).status).toBe(200);
  });
});
