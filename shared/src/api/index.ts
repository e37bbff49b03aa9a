import { authEndpoints } from "./auth.ts";
import { creditEndpoints } from "./credits.ts";
import { exportEndpoints } from "./exports.ts";
import { generationEndpoints } from "./generations.ts";
import { inpaintEndpoints } from "./inpaint.ts";
import { libraryEndpoints } from "./library.ts";
import { pageEndpoints } from "./pages.ts";
import { projectEndpoints } from "./projects.ts";
import { reviewEndpoints } from "./reviews.ts";
import { systemEndpoints } from "./system.ts";
import { uploadEndpoints } from "./uploads.ts";
import { webhookEndpoints } from "./webhooks.ts";

export * from "./auth.ts";
export * from "./common.ts";
export * from "./credits.ts";
export * from "./endpoint.ts";
export * from "./exports.ts";
export * from "./generations.ts";
export * from "./inpaint.ts";
export * from "./library.ts";
export * from "./pages.ts";
export * from "./projects.ts";
export * from "./reviews.ts";
export * from "./system.ts";
export * from "./uploads.ts";
export * from "./webhooks.ts";

/** Every route of the HTTP API, under `/api`: the api serves these and documents them in OpenAPI. */
export const API_ENDPOINTS = {
  ...systemEndpoints,
  ...authEndpoints,
  ...projectEndpoints,
  ...pageEndpoints,
  ...creditEndpoints,
  ...generationEndpoints,
  ...inpaintEndpoints,
  ...libraryEndpoints,
  ...exportEndpoints,
  ...uploadEndpoints,
  ...webhookEndpoints,
  ...reviewEndpoints,
} as const;
export type ApiEndpointName = keyof typeof API_ENDPOINTS;
