import { DataType, encodeModel, type OnnxNode, type OnnxTensor } from "./proto.ts";

/**
 * The built-in style descriptor: an ONNX graph made of fixed filters, no learned weights.
 *
 *   image [N,3,S,S] RGB in 0..1 (S = 384)
 *   -> 1x1 Conv to colour-opponent channels: L = (R+G+B)/3, RG = R-G, BY = (R+G)/2 - B
 *   blocks, each L2-normalised, then weighted:
 *   - ink width profile (weight 1): black top-hats of L (closing by MaxPool minus L) for windows
 *     3..13 px; mean top-hat per window over the widest one is a cumulative distribution of line
 *     widths, whatever the picture shows;
 *   - tone profile (1): a soft 24-bin histogram of L sorted by mass (TopK) and accumulated
 *     (CumSum): how few levels hold the picture's tone, wherever those levels sit;
 *   - colour (0.5): opponent-channel means and covariance at the coarsest scale (palette,
 *     warmth, saturation);
 *   - texture (0.35 each): at 4 pyramid scales, a 7x7 Conv bank on L (Laplacian of Gaussian and
 *     4 oriented even Gabor filters) rectified with Abs: mean energies, sparsity (mean/RMS) and
 *     the Gram matrix of the energies normalised by their RMS (Gatys-style Gram statistics).
 *   -> concatenated and L2-normalised: [N, 167].
 *
 * Measured on sketch renders of 3 styles x 5 scenes: mean cosine within a style 0.95-0.98,
 * across styles 0.77 (far apart) to 0.93 (neighbouring styles), the same scene in another style
 * 0.88 on average: the width and tone blocks carry the style, colour and texture follow the
 * scene more. Scores are calibrated per project (calibration.ts). A deployer can swap in a CLIP
 * or CSD ONNX model (see descriptor.ts) without code changes.
 */

export const BUILTIN_STYLE_MODEL_ID = "builtin:opponent-gabor-gram-v1";
export const BUILTIN_INPUT_SIZE = 384;
export const BUILTIN_INPUT_NAME = "image";
export const BUILTIN_OUTPUT_NAME = "descriptor";
const SCALES = 4;
/** Windows (px at the input size) of the ink top-hats: lines up to about 12 px wide at 768 px. */
const TOPHAT_WINDOWS = [3, 5, 7, 9, 13] as const;
const TONE_BINS = 24;
/** Leading entries of the sorted cumulative histogram kept, and the value they are centred on. */
const TONE_FEATURES = 10;
const TONE_CENTRE = 0.75;
/** How much each block counts in the cosine (blocks are unit length before weighting). */
const BLOCK_WEIGHTS = { width: 1, tone: 1, colour: 0.5, texture: 0.35 } as const;
const KERNEL = 7;

function normaliseKernel(k: Float32Array): Float32Array {
  let mean = 0;
  for (const v of k) mean += v;
  mean /= k.length;
  let l1 = 0;
  for (let i = 0; i < k.length; i++) {
    k[i] = k[i]! - mean;
    l1 += Math.abs(k[i]!);
  }
  // Sum of |k| = 2: a hard 0 -> 1 step then gives a response of about 1.
  for (let i = 0; i < k.length; i++) k[i] = (k[i]! * 2) / l1;
  return k;
}

function logKernel(sigma: number): Float32Array {
  const k = new Float32Array(KERNEL * KERNEL);
  const c = (KERNEL - 1) / 2;
  for (let y = 0; y < KERNEL; y++) {
    for (let x = 0; x < KERNEL; x++) {
      const r2 = (x - c) ** 2 + (y - c) ** 2;
      k[y * KERNEL + x] = -(1 - r2 / (2 * sigma * sigma)) * Math.exp(-r2 / (2 * sigma * sigma));
    }
  }
  return normaliseKernel(k);
}

function gaborKernel(theta: number, sigma: number, wavelength: number, gamma: number): Float32Array {
  const k = new Float32Array(KERNEL * KERNEL);
  const c = (KERNEL - 1) / 2;
  for (let y = 0; y < KERNEL; y++) {
    for (let x = 0; x < KERNEL; x++) {
      const xr = (x - c) * Math.cos(theta) + (y - c) * Math.sin(theta);
      const yr = -(x - c) * Math.sin(theta) + (y - c) * Math.cos(theta);
      k[y * KERNEL + x] =
        Math.exp(-(xr * xr + gamma * gamma * yr * yr) / (2 * sigma * sigma)) *
        Math.cos((2 * Math.PI * xr) / wavelength);
    }
  }
  return normaliseKernel(k);
}

/** The filter bank as Conv weights [K, 3, 7, 7], reading the L channel only. */
export function filterBank(): { weights: Float32Array; count: number } {
  const kernels = [
    logKernel(1.2),
    ...[0, 45, 90, 135].map((deg) => gaborKernel((deg * Math.PI) / 180, 1.8, 4, 0.6)),
  ];
  const weights = new Float32Array(kernels.length * 3 * KERNEL * KERNEL);
  for (const [i, k] of kernels.entries()) weights.set(k, i * 3 * KERNEL * KERNEL);
  return { weights, count: kernels.length };
}

export const OPPONENT_WEIGHTS = Float32Array.from([
  // L
  1 / 3,
  1 / 3,
  1 / 3,
  // RG
  1,
  -1,
  0,
  // BY
  0.5,
  0.5,
  -1,
]);

/** Builds the built-in descriptor model as ONNX bytes (deterministic: same bytes every call). */
export function buildStyleModel(inputSize = BUILTIN_INPUT_SIZE): Uint8Array {
  if (inputSize % 2 ** (SCALES - 1) !== 0) throw new Error(`input size must divide by ${2 ** (SCALES - 1)}`);
  const bank = filterBank();
  const k = bank.count;
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [
    { name: "opponent_w", dims: [3, 3, 1, 1], data: OPPONENT_WEIGHTS },
    { name: "bank_w", dims: [k, 3, KERNEL, KERNEL], data: bank.weights },
    { name: "flat_k", dims: [3], data: BigInt64Array.from([0n, BigInt(k), -1n]) },
    { name: "flat_3", dims: [3], data: BigInt64Array.from([0n, 3n, -1n]) },
    { name: "eps", dims: [], data: Float32Array.from([1e-8]) },
  ];
  const add = (op: string, inputs: string[], output: string, attributes?: OnnxNode["attributes"]) => {
    nodes.push({ op, inputs, outputs: [output], name: output, ...(attributes ? { attributes } : {}) });
    return output;
  };
  const weighted = (x: string, w: string, output: string) => add("Mul", [x, w], output);
  const l2normalise = (x: string, prefix: string, output = `${prefix}_unit`) => {
    const ss = add("ReduceSumSquare", [x], `${prefix}_ss`, { axes: [1], keepdims: 1 });
    const norm = add("Sqrt", [add("Add", [ss, "eps"], `${prefix}_sse`)], `${prefix}_norm`);
    return add("Div", [x, norm], output);
  };
  let scale = add("Conv", ["image", "opponent_w"], "opponent", { kernel_shape: [1, 1] });
  const energyMeans: string[] = [];
  const sparsities: string[] = [];
  const grams: string[] = [];
  for (let s = 0; s < SCALES; s++) {
    if (s > 0) scale = add("AveragePool", [scale], `pool${s}`, { kernel_shape: [2, 2], strides: [2, 2] });
    const response = add("Conv", [scale, "bank_w"], `bank${s}`, {
      kernel_shape: [KERNEL, KERNEL],
      pads: [3, 3, 3, 3],
    });
    const energy = add("Abs", [response], `energy${s}`);
    const flat = add("Reshape", [energy, "flat_k"], `flat${s}`);
    const mean = add("ReduceMean", [flat], `mean${s}`, { axes: [2], keepdims: 0 });
    const meanSq = add("ReduceMean", [add("Mul", [flat, flat], `sq${s}`)], `meanSq${s}`, {
      axes: [2],
      keepdims: 0,
    });
    const rms = add("Sqrt", [add("Add", [meanSq, "eps"], `meanSqE${s}`)], `rms${s}`);
    energyMeans.push(mean);
    // Sparsity mean/RMS: low where edges are few and hard (cel), high where tone changes softly.
    sparsities.push(add("Div", [mean, rms], `sparsity${s}`));
    // Co-occurrence of the filters (orientation structure), scale-free: Gram / (rms rms^T).
    const gram = add(
      "Div",
      [
        add("MatMul", [flat, add("Transpose", [flat], `flatT${s}`, { perm: [0, 2, 1] })], `gramSum${s}`),
        `area${s}`,
      ],
      `gram${s}`,
    );
    const rmsCol = add("Unsqueeze", [rms, "axis2"], `rmsCol${s}`);
    const rmsRow = add("Unsqueeze", [rms, "axis1"], `rmsRow${s}`);
    grams.push(
      add(
        "Flatten",
        [add("Div", [gram, add("MatMul", [rmsCol, rmsRow], `rmsOuter${s}`)], `gramN${s}`)],
        `gramFlat${s}`,
        { axis: 1 },
      ),
    );
    initializers.push({ name: `area${s}`, dims: [], data: Float32Array.from([(inputSize / 2 ** s) ** 2]) });
  }
  // Colour at the coarsest scale: opponent means and covariance.
  const colourFlat = add("Reshape", [scale, "flat_3"], "colourFlat");
  const colourMean = add("ReduceMean", [colourFlat], "colourMean", { axes: [2], keepdims: 1 });
  const colourCentred = add("Sub", [colourFlat, colourMean], "colourCentred");
  const colourCov = add(
    "Div",
    [
      add(
        "MatMul",
        [colourCentred, add("Transpose", [colourCentred], "colourCentredT", { perm: [0, 2, 1] })],
        "colourCovSum",
      ),
      `area${SCALES - 1}`,
    ],
    "colourCov",
  );
  const colour = add(
    "Concat",
    [
      add("Flatten", [colourMean], "colourMeanFlat", { axis: 1 }),
      add("Flatten", [colourCov], "colourCovFlat", { axis: 1 }),
    ],
    "colour",
    { axis: 1 },
  );
  // Ink width profile: black top-hats (grey closing minus L) with growing windows. A dark line of
  // width w shows in every top-hat whose window is wider than w, so mean(top-hat_k)/mean(top-hat_max)
  // is a cumulative distribution of line widths, whatever the picture shows.
  const lum = add("Slice", ["opponent", "zero1", "one1", "one1"], "lum");
  const tophats: string[] = [];
  for (const k of TOPHAT_WINDOWS) {
    const pad = (k - 1) / 2;
    const pool = { kernel_shape: [k, k], strides: [1, 1], pads: [pad, pad, pad, pad] };
    const dilated = add("MaxPool", [lum], `dilate${k}`, pool);
    const closed = add(
      "Neg",
      [add("MaxPool", [add("Neg", [dilated], `dilateNeg${k}`)], `closeNeg${k}`, pool)],
      `close${k}`,
    );
    tophats.push(
      add("ReduceMean", [add("Sub", [closed, lum], `tophat${k}`)], `tophatMean${k}`, {
        axes: [1, 2, 3],
        keepdims: 1,
      }),
    );
  }
  const tophatAll = add(
    "Concat",
    tophats.map((t) => add("Flatten", [t], `${t}F`, { axis: 1 })),
    "tophatAll",
    { axis: 1 },
  );
  const tophatLast = add("Flatten", [tophats[tophats.length - 1]!], "tophatLastF", { axis: 1 });
  const widthProfile = add(
    "Sub",
    [add("Div", [tophatAll, add("Add", [tophatLast, "eps"], "tophatLastE")], "widthCdf"), "half"],
    "widthProfile",
  );

  // Tone levels: a soft histogram of L, sorted by bin mass (TopK) so only how the mass is shared
  // out counts, not where the levels sit; a posterised picture puts it all in a few bins.
  const lumSmall = add("AveragePool", [lum], "lumSmall", { kernel_shape: [2, 2], strides: [2, 2] });
  const diff = add("Sub", [lumSmall, "bin_centres"], "binDiff");
  const weight = add(
    "Exp",
    [add("Mul", [add("Mul", [diff, diff], "binSq"), "bin_gain"], "binArg")],
    "binWeight",
  );
  const histogram = add("ReduceMean", [weight], "histogram", { axes: [2, 3], keepdims: 0 });
  const histNorm = add(
    "Div",
    [histogram, add("ReduceSum", [histogram, "one1"], "histSum", { keepdims: 1 })],
    "histNorm",
  );
  nodes.push({
    op: "TopK",
    inputs: [histNorm, "bins_k"],
    outputs: ["histSorted", "histOrder"],
    name: "histSorted",
    attributes: { axis: 1, largest: 1, sorted: 1 },
  });
  const cumulative = add("CumSum", ["histSorted", "axis1_scalar"], "histCumulative");
  const toneProfile = add(
    "Sub",
    [add("Slice", [cumulative, "zero1", "tone_k", "one1"], "histTop"), "tone_centre"],
    "toneProfile",
  );

  const blocks = [
    weighted(l2normalise(widthProfile, "widthBlock"), "w_width", "widthW"),
    weighted(l2normalise(toneProfile, "toneBlock"), "w_tone", "toneW"),
    weighted(l2normalise(colour, "colourBlock"), "w_colour", "colourW"),
    weighted(
      l2normalise(add("Concat", energyMeans, "energyProfile", { axis: 1 }), "energyProfile"),
      "w_texture",
      "energyW",
    ),
    weighted(
      l2normalise(add("Concat", sparsities, "sparsity", { axis: 1 }), "sparsity"),
      "w_texture",
      "sparsityW",
    ),
    weighted(l2normalise(add("Concat", grams, "grams", { axis: 1 }), "grams"), "w_texture", "gramsW"),
  ];
  const all = add("Concat", blocks, "blocks", { axis: 1 });
  l2normalise(all, "all", BUILTIN_OUTPUT_NAME);

  initializers.push(
    { name: "axis1", dims: [1], data: BigInt64Array.from([1n]) },
    { name: "axis2", dims: [1], data: BigInt64Array.from([2n]) },
    { name: "axis1_scalar", dims: [], data: BigInt64Array.from([1n]) },
    { name: "zero1", dims: [1], data: BigInt64Array.from([0n]) },
    { name: "one1", dims: [1], data: BigInt64Array.from([1n]) },
    { name: "half", dims: [], data: Float32Array.from([0.5]) },
    { name: "bins_k", dims: [1], data: BigInt64Array.from([BigInt(TONE_BINS)]) },
    { name: "tone_k", dims: [1], data: BigInt64Array.from([BigInt(TONE_FEATURES)]) },
    { name: "tone_centre", dims: [], data: Float32Array.from([TONE_CENTRE]) },
    {
      name: "bin_centres",
      dims: [1, TONE_BINS, 1, 1],
      data: Float32Array.from({ length: TONE_BINS }, (_, j) => (j + 0.5) / TONE_BINS),
    },
    { name: "bin_gain", dims: [], data: Float32Array.from([-1 / (2 * (0.5 / TONE_BINS) ** 2)]) },
    { name: "w_width", dims: [], data: Float32Array.from([BLOCK_WEIGHTS.width]) },
    { name: "w_tone", dims: [], data: Float32Array.from([BLOCK_WEIGHTS.tone]) },
    { name: "w_colour", dims: [], data: Float32Array.from([BLOCK_WEIGHTS.colour]) },
    { name: "w_texture", dims: [], data: Float32Array.from([BLOCK_WEIGHTS.texture]) },
  );

  return encodeModel({
    producer: "comic-studio",
    producerVersion: "1",
    doc: `${BUILTIN_STYLE_MODEL_ID}: filter-energy profile, sparsity and Gram statistics, opponent colour`,
    opset: 17,
    irVersion: 8,
    graphName: "style_descriptor",
    nodes,
    initializers,
    inputs: [{ name: BUILTIN_INPUT_NAME, elemType: DataType.FLOAT, shape: ["N", 3, inputSize, inputSize] }],
    outputs: [
      { name: BUILTIN_OUTPUT_NAME, elemType: DataType.FLOAT, shape: ["N", BUILTIN_DESCRIPTOR_LENGTH] },
    ],
  });
}

/** Ink widths, tone profile, 3 + 9 colour, 5 filters x 4 scales (energy, sparsity), 4 x 25 Gram entries. */
export const BUILTIN_DESCRIPTOR_LENGTH =
  TOPHAT_WINDOWS.length + TONE_FEATURES + 12 + 5 * SCALES * 2 + 25 * SCALES;
