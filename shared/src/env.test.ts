import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, parseEnv } from "./env.ts";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATABASE_URL: z.url(),
});

describe("parseEnv", () => {
  it("applies defaults", () => {
    expect(parseEnv("api", schema, { DATABASE_URL: "postgres://x@h/db" })).toEqual({
      PORT: 3000,
      DATABASE_URL: "postgres://x@h/db",
    });
  });
  it("names the variable at fault", () => {
    try {
      parseEnv("api", schema, { PORT: "abc", DATABASE_URL: "nope" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const e = error as ConfigError;
      expect(e.issues.map((i) => i.variable).sort()).toEqual(["DATABASE_URL", "PORT"]);
      expect(e.message).toContain("PORT");
    }
  });
});
