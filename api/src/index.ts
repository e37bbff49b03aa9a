export { type ApiServer, createApiServer, type RunningApi } from "./app.ts";
export { type ApiConfig, apiConfigSchema, loadConfig } from "./config.ts";
export type { ApiDeps } from "./deps.ts";
export { buildOpenApi } from "./openapi.ts";
export { LocalDiskStorage, type ObjectStorage, S3Storage } from "./storage/index.ts";
