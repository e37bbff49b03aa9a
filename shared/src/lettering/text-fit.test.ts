import { describe, expect, it } from "vitest";
import { type FitTextOptions, fitText, lineSpan, wrapText } from "./text-fit.ts";

// A monospace measure: every character is half the font size wide.
const mono = (text: string, _font: string, size: number) => text.length * size * 0.5;

const base: FitTextOptions = {
  text: "",
  area: { x: 10, y: 20, w: 200, h: 100, shape: "rect" },
  fontId: "comic-neue",
  weight: 400,
  maxSizePx: 20,
  minSizePx: 8,
  lineHeight: 1.2,
  ascent: 0.9,
  descent: 0.25,
  align: "center",
  measure: mono,
};

describe("wrapText", () => {
  it("breaks between words at the line width and keeps paragraphs", () => {
    const lines = wrapText(
      "aaa bbb ccc\nddd",
      () => 7,
      (s) => s.length,
      10,
    );
    expect(lines).toEqual(["aaa bbb", "ccc", "ddd"]);
  });
  it("cuts a word longer than the line and gives up past the line limit", () => {
    expect(
      wrapText(
        "abcdefgh",
        () => 3,
        (s) => s.length,
        10,
      ),
    ).toEqual(["abc", "def", "gh"]);
    expect(
      wrapText(
        "abcdefgh",
        () => 3,
        (s) => s.length,
        2,
      ),
    ).toBeNull();
  });
});

describe("fitText", () => {
  it("keeps the preferred size when the text fits and centres the lines", () => {
    const fitted = fitText({ ...base, text: "HELLO THERE" });
    expect(fitted.sizePx).toBe(20);
    expect(fitted.overflow).toBe(false);
    expect(fitted.lines).toHaveLength(1);
    const line = fitted.lines[0]!;
    expect(line.width).toBe(110);
    expect(line.x).toBeCloseTo(10 + (200 - 110) / 2);
    // One 24px line box centred in the 100px area: top at 20 + 38, baseline inside it.
    expect(line.top).toBeCloseTo(58);
    expect(line.baseline).toBeCloseTo(58 + (24 - 1.15 * 20) / 2 + 18);
  });

  it("wraps before shrinking, then shrinks until every line fits inside the area", () => {
    const text =
      "the quick brown fox jumps over the lazy dog again and again and again and again until it is tired";
    const fitted = fitText({ ...base, text });
    expect(fitted.overflow).toBe(false);
    expect(fitted.sizePx).toBeLessThan(20);
    expect(fitted.lines.length).toBeGreaterThan(1);
    expect(fitted.lines.map((l) => l.text).join(" ")).toBe(text);
    for (const line of fitted.lines) {
      expect(line.x).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(line.x + line.width).toBeLessThanOrEqual(210 + 1e-9);
      expect(line.top).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(line.top + fitted.lineHeightPx).toBeLessThanOrEqual(120 + 1e-9);
    }
  });

  it("gives each line of an ellipse the chord it sits on", () => {
    const area = { x: 0, y: 0, w: 200, h: 100, shape: "ellipse" as const };
    const fitted = fitText({
      ...base,
      area,
      text: "one two three four five six seven eight nine",
      align: "start",
    });
    expect(fitted.overflow).toBe(false);
    for (const line of fitted.lines) {
      const span = lineSpan(area, line.top, line.top + fitted.lineHeightPx);
      expect(line.x).toBeGreaterThanOrEqual(span.left - 1e-9);
      expect(line.x + line.width).toBeLessThanOrEqual(span.left + span.width + 1e-9);
    }
    // Lines near the middle are allowed wider than those at the top and bottom.
    expect(lineSpan(area, 45, 55).width).toBeGreaterThan(lineSpan(area, 10, 20).width);
  });

  it("reports overflow at the smallest size instead of losing text", () => {
    const fitted = fitText({
      ...base,
      area: { ...base.area, w: 40, h: 10 },
      text: "far too much text for this",
    });
    expect(fitted.overflow).toBe(true);
    expect(fitted.sizePx).toBe(8);
    expect(fitted.lines.map((l) => l.text).join(" ")).toBe("far too much text for this");
  });

  it("aligns start and end", () => {
    const start = fitText({ ...base, text: "hi", align: "start" }).lines[0]!;
    const end = fitText({ ...base, text: "hi", align: "end" }).lines[0]!;
    expect(start.x).toBe(10);
    expect(end.x + end.width).toBeCloseTo(210);
  });
});
