import { describe, expect, it } from "vitest";
import { measureChroma } from "../analysis/measure.ts";
import { applyTone } from "../engines/sketch/tone.ts";

/** The optional `saturation` style parameter this module added to the sketch engine's tone pass. */
describe("sketch saturation (tone pass) and its measurement", () => {
  const source = () => {
    let s = 5;
    return new Uint8Array(3 * 40_000).map(() => {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      return 40 + (s % 180);
    });
  };
  const chroma = (data: Uint8Array) => measureChroma({ data: Buffer.from(data), width: 200, height: 200 });

  it("greyscale at 0, unchanged without the field, more colourful above 1", () => {
    const base = source();
    const plain = Uint8Array.from(base);
    const one = Uint8Array.from(base);
    applyTone(plain, { warmth: 0, shadingLevels: 4 });
    applyTone(one, { warmth: 0, shadingLevels: 4, saturation: 1 });
    expect(Buffer.compare(Buffer.from(plain), Buffer.from(one))).toBe(0);
    const grey = Uint8Array.from(base);
    applyTone(grey, { warmth: 0, shadingLevels: 4, saturation: 0 });
    expect(chroma(grey)).toBeLessThan(1.5);
    const muted = Uint8Array.from(base);
    applyTone(muted, { warmth: 0, shadingLevels: 4, saturation: 0.45 });
    const vivid = Uint8Array.from(base);
    applyTone(vivid, { warmth: 0, shadingLevels: 4, saturation: 1.4 });
    expect(chroma(muted)).toBeLessThan(chroma(plain) * 0.6);
    expect(chroma(vivid)).toBeGreaterThan(chroma(plain) * 1.15);
  });
});
