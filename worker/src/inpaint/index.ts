export { type InpaintDeps, type InpaintJobResult, processInpaint } from "./job.ts";
export { blendThroughMask, maskCoverage } from "./mask.ts";
export { createInpaintWorker, type InpaintWorker, type InpaintWorkerOptions } from "./worker.ts";
