/** The workflow side of the fake ComfyUI: node specs, validation as execution.py does it, order. */

export type Workflow = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

interface NodeSpec {
  required: string[];
  output?: boolean;
}

/** The core nodes the workflows use, with their required inputs (from nodes.py). */
export const NODES: Record<string, NodeSpec> = {
  KSampler: {
    required: [
      "model",
      "seed",
      "steps",
      "cfg",
      "sampler_name",
      "scheduler",
      "positive",
      "negative",
      "latent_image",
      "denoise",
    ],
  },
  CheckpointLoaderSimple: { required: ["ckpt_name"] },
  EmptyLatentImage: { required: ["width", "height", "batch_size"] },
  CLIPTextEncode: { required: ["text", "clip"] },
  VAEDecode: { required: ["samples", "vae"] },
  VAEEncode: { required: ["pixels", "vae"] },
  SaveImage: { required: ["images", "filename_prefix"], output: true },
  LoadImage: { required: ["image"] },
  ImageScale: { required: ["image", "upscale_method", "width", "height", "crop"] },
  RepeatLatentBatch: { required: ["samples", "amount"] },
  VAEEncodeForInpaint: { required: ["pixels", "vae", "mask", "grow_mask_by"] },
  SetLatentNoiseMask: { required: ["samples", "mask"] },
  ImageCompositeMasked: { required: ["destination", "source", "x", "y", "resize_source"] },
};

/** The LoadImage node an inpainting node (VAEEncodeForInpaint, SetLatentNoiseMask) reads its mask from. */
export function inpaintSource(workflow: Workflow): string | null {
  for (const node of Object.values(workflow)) {
    if (node.class_type !== "VAEEncodeForInpaint" && node.class_type !== "SetLatentNoiseMask") continue;
    const link = node.inputs.mask;
    if (!Array.isArray(link)) continue;
    const source = workflow[String(link[0])];
    if (source?.class_type === "LoadImage") return String(source.inputs.image);
  }
  return null;
}

/** As execution.validate_prompt: unknown classes, missing inputs, bad links, no outputs, files. */
export function validateWorkflow(
  workflow: Workflow,
  context: { checkpoints?: string[]; hasInputImage: (name: string) => boolean },
): Record<string, unknown> | null {
  for (const [id, node] of Object.entries(workflow)) {
    if (!node || typeof node.class_type !== "string") {
      return {
        error: {
          type: "invalid_prompt",
          message: "Cannot execute because a node is missing the class_type property.",
          details: `Node ID '#${id}'`,
          extra_info: {},
        },
        node_errors: [],
      };
    }
    if (!NODES[node.class_type]) {
      return {
        error: {
          type: "invalid_prompt",
          message: `Cannot execute because node ${node.class_type} does not exist.`,
          details: `Node ID '#${id}'`,
          extra_info: {},
        },
        node_errors: [],
      };
    }
  }
  const outputs = outputNodes(workflow);
  if (outputs.length === 0) {
    return {
      error: { type: "prompt_no_outputs", message: "Prompt has no outputs", details: "", extra_info: {} },
      node_errors: [],
    };
  }
  const nodeErrors: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(workflow)) {
    const errors: Record<string, unknown>[] = [];
    for (const input of NODES[node.class_type]!.required) {
      const value = node.inputs?.[input];
      if (value === undefined) {
        errors.push({
          type: "required_input_missing",
          message: "Required input is missing",
          details: input,
          extra_info: { input_name: input },
        });
      } else if (Array.isArray(value) && (value.length !== 2 || !workflow[String(value[0])])) {
        errors.push({
          type: "bad_linked_input",
          message: "Bad linked input, must be a length-2 list of [node_id, slot_index]",
          details: input,
          extra_info: { input_name: input },
        });
      }
    }
    if (
      node.class_type === "CheckpointLoaderSimple" &&
      context.checkpoints &&
      !context.checkpoints.includes(String(node.inputs.ckpt_name))
    ) {
      errors.push({
        type: "value_not_in_list",
        message: "Value not in list",
        details: `ckpt_name: '${String(node.inputs.ckpt_name)}' not in ${JSON.stringify(context.checkpoints)}`,
        extra_info: { input_name: "ckpt_name" },
      });
    }
    if (node.class_type === "LoadImage" && !context.hasInputImage(String(node.inputs.image))) {
      errors.push({
        type: "custom_validation_failed",
        message: "Custom validation failed for node",
        details: `image - Invalid image file: ${String(node.inputs.image)}`,
        extra_info: { input_name: "image" },
      });
    }
    if (errors.length) nodeErrors[id] = { errors, dependent_outputs: outputs, class_type: node.class_type };
  }
  if (Object.keys(nodeErrors).length) {
    const details = Object.values(nodeErrors)
      .flatMap((n) =>
        (n as { errors: { message: string; details: string }[] }).errors.map(
          (e) => `${e.message}: ${e.details}`,
        ),
      )
      .join("\n");
    return {
      error: {
        type: "prompt_outputs_failed_validation",
        message: "Prompt outputs failed validation",
        details,
        extra_info: {},
      },
      node_errors: nodeErrors,
    };
  }
  return null;
}

export function outputNodes(workflow: Workflow): string[] {
  return Object.entries(workflow)
    .filter(([, node]) => NODES[node.class_type]?.output)
    .map(([id]) => id);
}

function links(node: { inputs: Record<string, unknown> }): string[] {
  return Object.values(node.inputs ?? {})
    .filter((v): v is [string, number] => Array.isArray(v) && v.length === 2)
    .map((v) => String(v[0]));
}

export function topologicalOrder(workflow: Workflow): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const dep of links(workflow[id]!)) visit(dep);
    order.push(id);
  };
  for (const id of outputNodes(workflow)) visit(id);
  return order;
}

/** The first value of `input` on the node or anything upstream of it. */
export function findInput(workflow: Workflow, from: string, input: string): unknown {
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = workflow[id]!;
    const value = node.inputs?.[input];
    if (value !== undefined && !Array.isArray(value)) return value;
    stack.push(...links(node));
  }
  return undefined;
}

export function imageGeometry(
  workflow: Workflow,
  saveNode: string,
): { width: number; height: number; batch: number } {
  const width = Number(findInput(workflow, saveNode, "width") ?? 512);
  const height = Number(findInput(workflow, saveNode, "height") ?? 512);
  const batch = Number(
    findInput(workflow, saveNode, "batch_size") ?? findInput(workflow, saveNode, "amount") ?? 1,
  );
  // Latents are 1/8 of the image: sizes round down to multiples of 8.
  return { width: Math.floor(width / 8) * 8, height: Math.floor(height / 8) * 8, batch };
}
