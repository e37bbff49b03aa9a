export * from "./api/index.ts";
export * from "./auth.ts";
export * from "./env.ts";
export * from "./errors.ts";
export * from "./jobs.ts";
export * from "./prices.ts";
export * from "./roles.ts";
