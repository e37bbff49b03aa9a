import { describe, expect, it } from "vitest";
import { type PageSnapshot, snapshotRows } from "./snapshots.ts";

const snap = (over: Partial<PageSnapshot> & { id: string; createdAt: string }): PageSnapshot => ({
  label: null,
  createdBy: null,
  bytes: 100,
  ...over,
});
const iso = (d: string) => (d.length > 10 ? d : `${d}T00:00:00.000Z`);

describe("snapshotRows", () => {
  const names = new Map([["u-ada", "Ada Inker"]]);
  const fmt = (d: Date) => d.toISOString().slice(0, 16);

  it("lists newest first with labels and people in words", () => {
    const rows = snapshotRows(
      [
        snap({ id: "a", createdAt: iso("2025-01-01T10:00:00.000Z"), label: "auto" }),
        snap({
          id: "c",
          createdAt: iso("2025-01-01T12:00:00.000Z"),
          label: "before restore of b",
          createdBy: "u-ada",
        }),
        snap({
          id: "b",
          createdAt: iso("2025-01-01T11:00:00.000Z"),
          label: "  Inks done ",
          createdBy: "u-ada",
        }),
        snap({ id: "d", createdAt: iso("2025-01-01T09:00:00.000Z"), createdBy: "u-gone" }),
      ],
      names,
      fmt,
    );
    expect(rows.map((r) => r.id)).toEqual(["c", "b", "a", "d"]);
    expect(rows.map((r) => [r.title, r.who, r.automatic])).toEqual([
      ["Before restoring the snapshot of 2025-01-01T11:00", "Ada Inker", false],
      ["Inks done", "Ada Inker", false],
      ["Automatic snapshot", "Comic Studio", true],
      ["Snapshot", "A former member", false],
    ]);
    expect(rows[0]!.createdAt.toISOString()).toBe("2025-01-01T12:00:00.000Z");
  });

  it("names a safety snapshot whose restored snapshot is gone", () => {
    const [row] = snapshotRows(
      [snap({ id: "x", createdAt: iso("2025-02-01"), label: "before restore of zzz", createdBy: "u-ada" })],
      names,
      fmt,
    );
    expect(row!.title).toBe("Before a restore");
  });
});
