import { describe, expect, it } from "vitest";
import { can, isRole, roleAtLeast } from "./roles.ts";

describe("roles", () => {
  it("orders owner > editor > commenter > viewer", () => {
    expect(roleAtLeast("owner", "editor")).toBe(true);
    expect(roleAtLeast("editor", "owner")).toBe(false);
    expect(roleAtLeast("commenter", "viewer")).toBe(true);
    expect(roleAtLeast("viewer", "commenter")).toBe(false);
  });
  it("lets commenters comment but not edit the canvas", () => {
    expect(can.comment("commenter")).toBe(true);
    expect(can.editCanvas("commenter")).toBe(false);
    expect(can.editCanvas("editor")).toBe(true);
  });
  it("recognises roles", () => {
    expect(isRole("viewer")).toBe(true);
    expect(isRole("admin")).toBe(false);
  });
});
