import type { CommentThread, ReviewSession } from "@comic-studio/shared";

/** The threads a session opened and resolved: its recorded summary once ended, counted live before. */
export function sessionThreads(
  session: ReviewSession,
  threads: readonly CommentThread[],
): { opened: CommentThread[]; resolved: CommentThread[] } {
  const byId = new Map(threads.map((t) => [t.id, t]));
  if (session.status === "ended") {
    const pick = (ids: string[]) => ids.map((id) => byId.get(id)).filter((t): t is CommentThread => !!t);
    return {
      opened: pick(session.summary.openedThreadIds),
      resolved: pick(session.summary.resolvedThreadIds),
    };
  }
  return {
    opened: threads.filter((t) => t.sessionId === session.id),
    resolved: threads.filter(
      (t) => t.status === "resolved" && t.resolvedAt !== null && t.resolvedAt >= session.startedAt,
    ),
  };
}

export const OUTCOME_LABEL = { approved: "Approved", changes_requested: "Changes requested" } as const;
