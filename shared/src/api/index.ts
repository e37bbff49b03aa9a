import { authEndpoints } from "./auth.ts";
import { creditEndpoints } from "./credits.ts";
import { exportEndpoints } from "./exports.ts";
import { generationEndpoints } from "./generations.ts";
import { pageEndpoints } from "./pages.ts";
import { projectEndpoints } from "./projects.ts";
import { systemEndpoints } from "./system.ts";
import { uploadEndpoints } from "./uploads.ts";
import { webhookEndpoints } from "./webhooks.ts";

export * from "./auth.ts";
export * from "./common.ts";
export * from "./credits.ts";
export * from "./endpoint.ts";
export * from "./exports.ts";
export * from "./generations.ts";
export * from "./pages.ts";
export * from "./projects.ts";
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
  ...exportEndpoints,
  ...uploadEndpoints,
  ...webhookEndpoints,
} as const;
export type ApiEndpointName = keyof typeof API_ENDPOINTS;
