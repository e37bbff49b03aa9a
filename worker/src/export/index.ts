export { ExportError } from "./errors.ts";
export { imageKeyFromUrl } from "./images.ts";
export { type ExportDeps, loadPages, runExport } from "./job.ts";
export { pageLayout, pixelsForMm, pricedPanelCount } from "./page.ts";
export { buildPdf } from "./pdf.ts";
export { renderPage } from "./render.ts";
export { gutters, planSlices } from "./slicing.ts";
export { layoutStrip, renderStrip } from "./strip.ts";
export { createExportWorker } from "./worker.ts";
