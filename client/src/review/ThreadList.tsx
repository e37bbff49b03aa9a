import type { CommentThread } from "@comic-studio/shared";
import { useState } from "react";
import { threadExcerpt } from "./format.ts";

export type StatusFilter = "open" | "resolved" | "all";

export interface ThreadListProps {
  threads: CommentThread[];
  meId: string;
  /** Pin numbers by thread id (the order threads were opened in). */
  numbers: Map<string, number>;
  /** Threads whose shape is gone (the server's flag or the shape missing from the page). */
  detached: Set<string>;
  onSelect: (threadId: string) => void;
}

const mentionsMe = (thread: CommentThread, meId: string) =>
  (thread.messages ?? []).some((m) => m.deletedAt === null && m.mentions.some((u) => u.id === meId));

/** The page's threads, open ones first, with filters and unread markers. */
export function ThreadList({ threads, meId, numbers, detached, onSelect }: ThreadListProps) {
  const [status, setStatus] = useState<StatusFilter>("all");
  const [mine, setMine] = useState(false);
  const [mentioning, setMentioning] = useState(false);

  const shown = threads
    .filter((t) => status === "all" || t.status === status)
    .filter((t) => !mine || t.createdBy.id === meId)
    .filter((t) => !mentioning || mentionsMe(t, meId))
    .sort((a, b) =>
      a.status === b.status ? b.lastMessageAt.localeCompare(a.lastMessageAt) : a.status === "open" ? -1 : 1,
    );

  return (
    <section className="rv-list" aria-label="Threads">
      <fieldset className="rv-filters" aria-label="Filter threads">
        <select
          value={status}
          aria-label="Status"
          data-testid="thread-filter-status"
          onChange={(e) => setStatus(e.target.value as StatusFilter)}
        >
          <option value="all">All</option>
          <option value="open">Open</option>
          <option value="resolved">Resolved</option>
        </select>
        <label className="rv-check">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />
          Mine
        </label>
        <label className="rv-check">
          <input type="checkbox" checked={mentioning} onChange={(e) => setMentioning(e.target.checked)} />
          Mentioning me
        </label>
      </fieldset>
      {shown.length === 0 ? (
        <p className="muted">
          {threads.length === 0 ? "No comments on this page yet." : "No thread matches."}
        </p>
      ) : (
        <ul className="rv-threads">
          {shown.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className={`rv-thread-item ${t.status === "resolved" ? "rv-thread-item--resolved" : ""}`}
                data-testid="thread-item"
                data-thread-id={t.id}
                data-unread={t.unreadCount > 0}
                onClick={() => onSelect(t.id)}
              >
                <span className={`rv-pin-badge rv-pin-badge--${t.status}`} aria-hidden="true">
                  {numbers.get(t.id) ?? "·"}
                </span>
                <span className="rv-thread-item__text">
                  <span className="rv-thread-item__meta">
                    <strong>{t.createdBy.displayName}</strong>
                    {t.unreadCount > 0 && (
                      <span className="rv-unread" title={`${t.unreadCount} unread`}>
                        {t.unreadCount} new
                      </span>
                    )}
                    {detached.has(t.id) && <span className="rv-tag">detached</span>}
                    {t.status === "resolved" && <span className="rv-tag rv-tag--ok">resolved</span>}
                  </span>
                  <span className="rv-thread-item__excerpt">{threadExcerpt(t)}</span>
                  <span className="muted rv-thread-item__count">
                    {t.messageCount} {t.messageCount === 1 ? "message" : "messages"}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
