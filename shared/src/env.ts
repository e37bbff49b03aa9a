import type { z } from "zod";

/** Thrown when a service's environment does not fit its schema; names each variable. */
export class ConfigError extends Error {
  readonly issues: { variable: string; problem: string }[];
  constructor(service: string, issues: { variable: string; problem: string }[]) {
    super(
      `Invalid configuration for ${service}:\n${issues.map((i) => `  ${i.variable}: ${i.problem}`).join("\n")}`,
    );
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/**
 * Parses a service's settings from an environment record (passed in: shared does no I/O).
 * Each schema key is the variable's name, so an error names the variable at fault.
 */
export function parseEnv<S extends z.ZodObject>(
  service: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    service,
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? "(root)"),
      problem: issue.message,
    })),
  );
}
