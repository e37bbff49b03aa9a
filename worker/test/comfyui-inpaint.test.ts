import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { ComfyUIEngine } from "../src/engines/comfyui/engine.ts";
import type { ProgressEvent } from "../src/engines/types.ts";
import { FakeComfyUI } from "./fake-comfyui.ts";

const W = 160;
const H = 120;

let fake: FakeComfyUI | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

/** A horizontal grey ramp, so every column differs from the fake's flat "generated" colour. */
async function picture(): Promise<Buffer> {
  const data = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      data.fill(40 + Math.round((x / W) * 60), (y * W + x) * 3, (y * W + x) * 3 + 3);
  return sharp(data, { raw: { width: W, height: H, channels: 3 } })
    .png()
    .toBuffer();
}

/** White (regenerate) in the right half's middle, black elsewhere; half the picture's size. */
async function mask(): Promise<Buffer> {
  const w = W / 2;
  const h = H / 2;
  const data = Buffer.alloc(w * h);
  for (let y = 15; y < 45; y++) for (let x = 45; x < 75; x++) data[y * w + x] = 255;
  return sharp(data, { raw: { width: w, height: h, channels: 1 } })
    .png()
    .toBuffer();
}

describe("ComfyUI inpainting", () => {
  it("uploads the picture and its mask, runs the inpainting graph and keeps what is outside the mask", async () => {
    fake = await FakeComfyUI.start({ stepDelayMs: 1 });
    const engine = new ComfyUIEngine({ baseUrl: fake.url, steps: 4 });
    const events: ProgressEvent[] = [];
    const image = await picture();
    const result = await engine.inpaint(
      { image, mask: await mask(), prompt: "a red balloon", seed: 77 },
      { onProgress: (e) => events.push(e) },
    );
    expect(fake.requests.map((r) => `${r.method} ${r.path}`).slice(0, 3)).toEqual([
      "POST /upload/image",
      "POST /upload/mask",
      "POST /prompt",
    ]);
    const body = fake.requests.find((r) => r.path === "/prompt")!.body as {
      prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>;
    };
    const nodes = Object.values(body.prompt);
    const load = nodes.find((n) => n.class_type === "LoadImage")!;
    expect(String(load.inputs.image)).toMatch(/-masked\.png$/);
    expect(nodes.map((n) => n.class_type)).toEqual(
      expect.arrayContaining([
        "VAEEncodeForInpaint",
        "KSampler",
        "VAEDecode",
        "ImageCompositeMasked",
        "SaveImage",
      ]),
    );
    expect(
      nodes.find((n) => n.class_type === "CLIPTextEncode" && String(n.inputs.text).includes("red balloon")),
    ).toBeDefined();
    // Each step reports its progress, then its preview frame.
    expect([...new Set(events.map((e) => e.step))]).toEqual([1, 2, 3, 4]);
    expect(events.some((e) => e.preview)).toBe(true);
    expect([result.width, result.height, result.engine]).toEqual([W, H, "comfyui"]);

    const out = await sharp(result.png).raw().toBuffer();
    const src = await sharp(image).raw().toBuffer();
    const px = (buf: Buffer, x: number, y: number) => [...buf.subarray((y * W + x) * 3, (y * W + x) * 3 + 3)];
    // Far from the mask: the picture as it was. Inside: the server's regenerated (flat) colour.
    for (const [x, y] of [
      [10, 10],
      [40, 100],
      [150, 5],
    ] as const)
      expect(px(out, x, y)).toEqual(px(src, x, y));
    const inside = px(out, 120, 60);
    expect(inside).not.toEqual(px(src, 120, 60));
    expect(px(out, 110, 50)).toEqual(inside);
  });

  it("fails the inpainting when ComfyUI cannot run the graph", async () => {
    fake = await FakeComfyUI.start({
      failOn: { classType: "VAEEncodeForInpaint", message: "out of memory" },
    });
    const engine = new ComfyUIEngine({ baseUrl: fake.url, steps: 2 });
    await expect(
      engine.inpaint({ image: await picture(), mask: await mask(), prompt: "x", seed: 1 }),
    ).rejects.toMatchObject({ code: "ENGINE_FAILED" });
  });
});
