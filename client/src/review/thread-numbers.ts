import type { CommentThread } from "@comic-studio/shared";

/** Pin numbers: 1, 2, 3… in the order threads were opened, the same for everyone. */
export function threadNumbers(threads: readonly CommentThread[]): Map<string, number> {
  const ordered = [...threads].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
  return new Map(ordered.map((t, i) => [t.id, i + 1]));
}
