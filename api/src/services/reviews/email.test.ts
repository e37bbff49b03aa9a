import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createEmailAdapter, LogEmailAdapter, NoEmailAdapter } from "./email.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

describe("email adapters", () => {
  it("logs instead of sending by default, without the message body", async () => {
    const { logger, lines } = capture();
    const adapter = createEmailAdapter("log", logger);
    expect(adapter).toBeInstanceOf(LogEmailAdapter);
    await adapter.send({ to: "ada@example.test", subject: "Ada mentioned you", text: "secret words" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ email: { to: "ada@example.test", subject: "Ada mentioned you" } });
    expect(JSON.stringify(lines[0])).not.toContain("secret words");
  });

  it("drops mail when turned off", async () => {
    const { logger, lines } = capture();
    const adapter = createEmailAdapter("off", logger);
    expect(adapter).toBeInstanceOf(NoEmailAdapter);
    await adapter.send({ to: "a@example.test", subject: "s", text: "t" });
    expect(lines).toHaveLength(0);
  });
});
