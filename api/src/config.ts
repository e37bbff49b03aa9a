import { storageEnvSchema } from "@comic-studio/infra";
import { ConfigError, parseEnv } from "@comic-studio/shared";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

/** The api's settings, read from the environment (see .env.example). */
export const apiConfigSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
    DATABASE_URL: z.url().default("postgres://postgres@127.0.0.1:5432/comic_studio"),
    REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
    /** Prefix of every Redis key the api writes (rate limits, OIDC state, queues). */
    REDIS_PREFIX: z.string().min(1).default("cs"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** The browser origin allowed to make mutating requests (CSRF origin check). */
    APP_ORIGIN: z.url().default("http://localhost:5173"),
    /** Secure cookies; default on outside development and test. */
    COOKIE_SECURE: bool,
    /** Express `trust proxy` setting, so rate limits see the client's address behind a proxy. */
    TRUST_PROXY: z.string().optional(),
    /** HMAC secret for /api/webhooks/*; webhooks answer 503 while it is unset. */
    WEBHOOK_SECRET: z.string().min(16, "Use at least 16 characters").optional(),
    /** Bearer token Prometheus sends to GET /api/metrics; while unset only admin sessions may read it. */
    METRICS_TOKEN: z.string().min(16, "Use at least 16 characters").optional(),
    /** Failed sign-ins per account before a pause, per window. */
    SIGNIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    /** Failed sign-ins per client address per window (set TRUST_PROXY behind a proxy). */
    SIGNIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
    /** Sign-ups per client address per window. */
    SIGNUP_MAX_PER_IP: z.coerce.number().int().min(1).default(30),
    /** The window of the sign-in and sign-up limits, in seconds. Default 15 minutes. */
    SIGNIN_WINDOW_S: z.coerce.number().int().min(1).default(900),
    /** Largest upload accepted, in bytes. Default 20 MiB. */
    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(20 * 1024 * 1024),
    /** Largest decoded image accepted, in pixels (decompression bombs stop here). Default 40 MP. */
    UPLOAD_MAX_PIXELS: z.coerce.number().int().min(1).default(40_000_000),
    /** How often expired credit reservations are released, in ms. 0 turns the sweep off. */
    RESERVATION_SWEEP_MS: z.coerce.number().int().min(0).default(30_000),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    /** Where the provider sends the browser back; default `${APP_ORIGIN}/api/auth/oidc/callback`. */
    OIDC_REDIRECT_URI: z.url().optional(),
    OIDC_SCOPES: z.string().default("openid email profile"),
    /** Where notification emails go: `log` writes them to the log (the default), `off` drops them. */
    EMAIL_ADAPTER: z.enum(["log", "off"]).default("log"),
  })
  .extend(storageEnvSchema.shape);

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const config = parseEnv("api", apiConfigSchema, env);
  const oidc = [config.OIDC_ISSUER, config.OIDC_CLIENT_ID, config.OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    const missing = (["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const).filter(
      (k) => !config[k],
    );
    throw new ConfigError(
      "api",
      missing.map((variable) => ({ variable, problem: "required when any OIDC_* setting is given" })),
    );
  }
  return config;
}

/** Secure cookies unless told otherwise or running locally. */
export function cookieSecure(config: ApiConfig): boolean {
  if (config.COOKIE_SECURE !== undefined) return config.COOKIE_SECURE;
  return config.NODE_ENV === "production";
}
