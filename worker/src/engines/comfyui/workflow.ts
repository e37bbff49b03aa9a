import { deltaE, hexToRgb, type Lab, rgbToLab } from "../../analysis/color.ts";
import { EngineInputError } from "../errors.ts";
import type { CharacterSpec, PanelDescription } from "../types.ts";

/**
 * Workflow templates in ComfyUI's API format ({node id: {class_type, inputs}}), with
 * placeholders. A string that is exactly "{{name}}" is replaced by the typed value (a number
 * stays a number); "{{name}}" inside longer text is replaced as text.
 */
export type WorkflowTemplate = Record<
  string,
  { class_type: string; inputs: Record<string, unknown>; _meta?: unknown }
>;

export const PLACEHOLDERS = [
  "prompt",
  "negative",
  "seed",
  "width",
  "height",
  "batch_size",
  "steps",
  "cfg",
  "sampler",
  "scheduler",
  "checkpoint",
  "denoise",
  "filename_prefix",
  "reference_image",
  /** The uploaded picture whose alpha is the inpainting mask (0 = regenerate). */
  "inpaint_image",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string | number>>;

/** Plain text-to-image with a Stable Diffusion checkpoint (the ComfyUI default graph). */
export const TXT2IMG_TEMPLATE: WorkflowTemplate = {
  "3": {
    class_type: "KSampler",
    inputs: {
      seed: "{{seed}}",
      steps: "{{steps}}",
      cfg: "{{cfg}}",
      sampler_name: "{{sampler}}",
      scheduler: "{{scheduler}}",
      denoise: 1,
      model: ["4", 0],
      positive: ["6", 0],
      negative: ["7", 0],
      latent_image: ["5", 0],
    },
  },
  "4": { class_type: "CheckpointLoaderSimple", inputs: { ckpt_name: "{{checkpoint}}" } },
  "5": {
    class_type: "EmptyLatentImage",
    inputs: { width: "{{width}}", height: "{{height}}", batch_size: "{{batch_size}}" },
  },
  "6": { class_type: "CLIPTextEncode", inputs: { text: "{{prompt}}", clip: ["4", 1] } },
  "7": { class_type: "CLIPTextEncode", inputs: { text: "{{negative}}", clip: ["4", 1] } },
  "8": { class_type: "VAEDecode", inputs: { samples: ["3", 0], vae: ["4", 2] } },
  "9": { class_type: "SaveImage", inputs: { filename_prefix: "{{filename_prefix}}", images: ["8", 0] } },
};

/**
 * Image-to-image from the character's anchor: the anchor is uploaded, scaled to the panel, encoded
 * and repeated to the batch size, then sampled at partial denoise so the character's colours and
 * shapes carry over. Core ComfyUI nodes only.
 */
export const REFERENCE_TEMPLATE: WorkflowTemplate = {
  ...TXT2IMG_TEMPLATE,
  "3": {
    class_type: "KSampler",
    inputs: { ...TXT2IMG_TEMPLATE["3"]!.inputs, denoise: "{{denoise}}", latent_image: ["13", 0] },
  },
  "10": { class_type: "LoadImage", inputs: { image: "{{reference_image}}" } },
  "11": {
    class_type: "ImageScale",
    inputs: {
      image: ["10", 0],
      upscale_method: "bilinear",
      width: "{{width}}",
      height: "{{height}}",
      crop: "center",
    },
  },
  "12": { class_type: "VAEEncode", inputs: { pixels: ["11", 0], vae: ["4", 2] } },
  "13": { class_type: "RepeatLatentBatch", inputs: { samples: ["12", 0], amount: "{{batch_size}}" } },
};

const PLACEHOLDER_PATTERN = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Every placeholder a template uses; throws on names this engine cannot fill. */
export function templatePlaceholders(template: WorkflowTemplate): Set<Placeholder> {
  const found = new Set<Placeholder>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      for (const match of value.matchAll(PLACEHOLDER_PATTERN)) {
        const name = match[1]!;
        if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
          throw new EngineInputError(`Unknown workflow placeholder {{${name}}}`, { placeholder: name });
        }
        found.add(name as Placeholder);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") Object.values(value).forEach(visit);
  };
  visit(template);
  return found;
}

/** Checks a template's shape: API format, at least one SaveImage output. */
export function validateTemplate(template: unknown): WorkflowTemplate {
  if (!template || typeof template !== "object" || Array.isArray(template)) {
    throw new EngineInputError("A ComfyUI workflow must be an object of nodes (API format)");
  }
  for (const [id, node] of Object.entries(template)) {
    const n = node as { class_type?: unknown; inputs?: unknown };
    if (typeof n?.class_type !== "string" || typeof n.inputs !== "object" || n.inputs === null) {
      throw new EngineInputError(`Workflow node ${id} is not in API format (class_type and inputs)`, {
        node: id,
      });
    }
  }
  const workflow = template as WorkflowTemplate;
  if (!Object.values(workflow).some((n) => n.class_type === "SaveImage")) {
    throw new EngineInputError("The workflow has no SaveImage node, so it would produce no pictures");
  }
  templatePlaceholders(workflow);
  return workflow;
}

/** A copy of the template with its placeholders filled; a missing value is EngineInputError. */
export function fillTemplate(template: WorkflowTemplate, values: PlaceholderValues): Record<string, unknown> {
  const fill = (value: unknown): unknown => {
    if (typeof value === "string") {
      const whole = /^\{\{\s*([a-z_]+)\s*\}\}$/.exec(value);
      if (whole) return lookup(whole[1]!);
      return value.replace(PLACEHOLDER_PATTERN, (_, name: string) => String(lookup(name)));
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    }
    return value;
  };
  const lookup = (name: string): string | number => {
    const v = values[name as Placeholder];
    if (v === undefined)
      throw new EngineInputError(`No value for workflow placeholder {{${name}}}`, { placeholder: name });
    return v;
  };
  return fill(template) as Record<string, unknown>;
}

const LIGHTING_WORDS = {
  day: "bright daylight",
  dusk: "dusk, warm low sunset light",
  night: "night, moonlight and lamp light",
  interior: "indoors, soft interior lighting",
} as const;
const CAMERA_WORDS = {
  eye: "eye-level view",
  low: "low angle shot, looking up",
  high: "high angle shot, bird's eye view",
} as const;
const SHOT_WORDS = { wide: "wide establishing shot", medium: "medium shot", close: "close-up" } as const;

const NAMED_COLOURS: [string, string][] = [
  ["black", "#111111"],
  ["white", "#f5f5f5"],
  ["grey", "#808080"],
  ["red", "#c0392b"],
  ["dark red", "#7b1e1e"],
  ["pink", "#f4a6c0"],
  ["orange", "#e67e22"],
  ["brown", "#7b5134"],
  ["beige", "#e3cfa8"],
  ["yellow", "#f1c40f"],
  ["gold", "#c9a227"],
  ["green", "#3f9b4f"],
  ["dark green", "#1e5631"],
  ["teal", "#1f8a8a"],
  ["light blue", "#8ec5f0"],
  ["blue", "#2e63c7"],
  ["navy", "#1f2a5a"],
  ["purple", "#7d3c98"],
  ["blonde", "#e8cf8a"],
  ["tan", "#d2a679"],
];
const NAMED_LAB: [string, Lab][] = NAMED_COLOURS.map(([name, hex]) => {
  const [r, g, b] = hexToRgb(hex);
  return [name, rgbToLab(r, g, b)];
});

/** The nearest everyday colour name for a hex colour (diffusion prompts do not read hex). */
export function colourName(hex: string): string {
  const [r, g, b] = hexToRgb(hex);
  const lab = rgbToLab(r, g, b);
  let best = NAMED_LAB[0]!;
  for (const entry of NAMED_LAB) if (deltaE(entry[1], lab) < deltaE(best[1], lab)) best = entry;
  return best[0];
}

function describeCharacter(c: CharacterSpec): string {
  const where = c.x < 0.38 ? "on the left" : c.x > 0.62 ? "on the right" : "in the centre";
  const parts = [c.name || "a character"];
  const wearing = c.palette.slice(0, 2).map(colourName);
  if (wearing.length) parts.push(`wearing ${[...new Set(wearing)].join(" and ")}`);
  if (c.palette[2]) parts.push(`${colourName(c.palette[2])} hair`);
  if (c.pose) parts.push(c.pose);
  if (c.expression) parts.push(`${c.expression} expression`);
  return `${parts.join(", ")} ${where}`;
}

function describeStyle(style: PanelDescription["style"]): string {
  const line =
    style.lineWeight < 0.3
      ? "fine thin lineart"
      : style.lineWeight > 0.7
        ? "bold thick ink outlines"
        : "clean lineart";
  const shading =
    style.shadingLevels <= 3
      ? "hard cel shading"
      : style.shadingLevels >= 6
        ? "soft painterly shading"
        : "cel shading";
  const warmth =
    style.warmth > 0.3
      ? "warm colour palette"
      : style.warmth < -0.3
        ? "cool colour palette"
        : "balanced colours";
  const detail =
    style.detail > 0.66
      ? "highly detailed background"
      : style.detail < 0.33
        ? "simple minimal background"
        : "moderately detailed";
  const palette = style.palette?.length
    ? `, palette of ${[...new Set(style.palette.slice(0, 4).map(colourName))].join(", ")}`
    : "";
  return `comic panel, ${line}, ${shading}, ${warmth}, ${detail}${palette}`;
}

export const DEFAULT_NEGATIVE =
  "photo, photorealistic, 3d render, blurry, lowres, jpeg artifacts, watermark, signature, text, speech bubble, extra limbs, deformed hands";

/** The positive prompt: the creator's words, then location, characters and style in words. */
export function buildPrompt(description: PanelDescription): string {
  const parts = [description.prompt.trim()].filter(Boolean);
  const loc = description.location;
  if (loc) {
    parts.push(
      `${loc.name}, ${LIGHTING_WORDS[loc.lighting]}, ${CAMERA_WORDS[loc.camera]}, ${SHOT_WORDS[loc.shot]}`,
    );
  }
  for (const c of description.characters) parts.push(describeCharacter(c));
  parts.push(describeStyle(description.style));
  return parts.join(", ");
}
