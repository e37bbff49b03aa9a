import { createHash } from "node:crypto";
import sharp from "sharp";
import { blendThroughMask, maskCoverage, rawRgb } from "../../inpaint/mask.ts";
import { TXT2IMG_TEMPLATE, type WorkflowTemplate } from "./workflow.ts";

/**
 * Inpainting with core ComfyUI nodes: LoadImage of the picture whose alpha carries the mask
 * (uploaded with POST /upload/mask, which copies the mask's alpha onto the uploaded picture;
 * LoadImage's MASK output is 1 - alpha), VAEEncodeForInpaint (the masked pixels are blanked and the
 * mask grown a little), a full-denoise KSampler, VAEDecode, and ImageCompositeMasked so that
 * everything outside the mask stays exactly as it was.
 */
export const INPAINT_TEMPLATE: WorkflowTemplate = {
  ...TXT2IMG_TEMPLATE,
  "3": {
    class_type: "KSampler",
    inputs: { ...TXT2IMG_TEMPLATE["3"]!.inputs, denoise: 1, latent_image: ["11", 0] },
  },
  "10": { class_type: "LoadImage", inputs: { image: "{{inpaint_image}}" } },
  "11": {
    class_type: "VAEEncodeForInpaint",
    inputs: { pixels: ["10", 0], vae: ["4", 2], mask: ["10", 1], grow_mask_by: 6 },
  },
  "12": {
    class_type: "ImageCompositeMasked",
    inputs: {
      destination: ["10", 0],
      source: ["8", 0],
      x: 0,
      y: 0,
      resize_source: false,
      mask: ["10", 1],
    },
  },
  "9": { class_type: "SaveImage", inputs: { filename_prefix: "{{filename_prefix}}", images: ["12", 0] } },
};
// The txt2img graph's empty latent is not used by the inpainting graph.
delete INPAINT_TEMPLATE["5"];

/** The picture and its mask as ComfyUI wants them: an opaque PNG, and a PNG whose alpha is 0 where to redo. */
export async function inpaintUploads(
  image: Buffer,
  mask: Buffer,
): Promise<{ picture: Buffer; alphaMask: Buffer; width: number; height: number; names: [string, string] }> {
  const picture = await sharp(image).flatten({ background: "#ffffff" }).removeAlpha().png().toBuffer();
  const { width = 0, height = 0 } = await sharp(picture).metadata();
  // No feathering here: ComfyUI grows the mask itself; the seam is blended afterwards.
  const { coverage } = await maskCoverage(mask, width, height, 0.6);
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < coverage.length; i++) rgba[i * 4 + 3] = 255 - Math.round(coverage[i]! * 255);
  const alphaMask = await sharp(rgba, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
  const hash = createHash("sha256").update(picture).update(alphaMask).digest("hex").slice(0, 20);
  return {
    picture,
    alphaMask,
    width,
    height,
    names: [`comic-studio-inpaint-${hash}.png`, `comic-studio-inpaint-${hash}-masked.png`],
  };
}

/** Lays the engine's result into the original through the feathered mask (a seamless edge). */
export async function blendResult(original: Buffer, result: Buffer, mask: Buffer): Promise<Buffer> {
  const kept = await rawRgb(original);
  const fresh = await rawRgb(result, { width: kept.width, height: kept.height });
  const { coverage } = await maskCoverage(mask, kept.width, kept.height);
  return sharp(blendThroughMask(kept.data, fresh.data, coverage), {
    raw: { width: kept.width, height: kept.height, channels: 3 },
  })
    .png()
    .toBuffer();
}
