import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/api.ts";
import { errorText } from "./errors.ts";

describe("errorText", () => {
  it("spells out a credit shortfall from the error's details", () => {
    const e = new ApiError("INSUFFICIENT_BUZZ", "You have 40 credits; this needs 100.", 402, {
      balance: 40,
      required: 100,
    });
    expect(errorText(e)).toBe(
      "Not enough credits: this needs 100 and you have 40. Get more on the Credits page.",
    );
  });

  it("keeps the server's words when the shortfall has no details", () => {
    const e = new ApiError("INSUFFICIENT_BUZZ", "The account has 3 credits.", 402);
    expect(errorText(e)).toBe("Not enough credits. The account has 3 credits.");
  });

  it("shows other api errors as the server wrote them, anything else as the fallback", () => {
    expect(errorText(new ApiError("CONFLICT", "The location is already locked.", 409))).toBe(
      "The location is already locked.",
    );
    expect(errorText(new Error("boom"), "Could not save.")).toBe("Could not save.");
  });
});
