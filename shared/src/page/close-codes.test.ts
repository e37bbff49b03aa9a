import { describe, expect, it } from "vitest";
import { COLLAB_CLOSE, collabCloseKind } from "./close-codes.ts";
import { pageDocumentName, parsePageDocumentName } from "./names.ts";

describe("collab close codes", () => {
  it("codes and reasons are unique and map back to their kind", () => {
    const kinds = Object.keys(COLLAB_CLOSE) as (keyof typeof COLLAB_CLOSE)[];
    expect(new Set(kinds.map((k) => COLLAB_CLOSE[k].code)).size).toBe(kinds.length);
    expect(new Set(kinds.map((k) => COLLAB_CLOSE[k].reason)).size).toBe(kinds.length);
    for (const k of kinds) {
      expect(collabCloseKind({ reason: COLLAB_CLOSE[k].reason })).toBe(k);
      expect(collabCloseKind({ code: COLLAB_CLOSE[k].code })).toBe(k);
      expect(COLLAB_CLOSE[k].code).toBeGreaterThanOrEqual(4000);
    }
    expect(collabCloseKind({ reason: "Forbidden", code: 1006 })).toBeNull();
  });

  it("page document names round-trip and reject anything else", () => {
    const id = "0b7a4c1e-3f2d-4e5a-9b8c-7d6e5f4a3b2c";
    expect(parsePageDocumentName(pageDocumentName(id))).toBe(id);
    expect(parsePageDocumentName(`page:${id.toUpperCase()}`)).toBe(id);
    expect(parsePageDocumentName("page:nope")).toBeNull();
    expect(parsePageDocumentName(`project:${id}`)).toBeNull();
  });
});
