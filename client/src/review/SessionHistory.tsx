import { apiPath, type CommentThread, type ReviewSession, reviewEndpoints as r } from "@comic-studio/shared";
import { formatTime, threadExcerpt } from "./format.ts";
import { OUTCOME_LABEL, sessionThreads } from "./session-summary.ts";

export interface SessionHistoryProps {
  pageId: string;
  sessions: ReviewSession[];
  threads: CommentThread[];
  numbers: Map<string, number>;
  onSelect: (threadId: string) => void;
}

/** Past review sessions of the page with their outcome and threads, and the summary downloads. */
export function SessionHistory({ pageId, sessions, threads, numbers, onSelect }: SessionHistoryProps) {
  const ended = sessions.filter((s) => s.status === "ended");
  const summary = (format: "md" | "pdf") =>
    `/api${apiPath(r.exportReviewSummary, { pageId })}?${new URLSearchParams({ format }).toString()}`;
  return (
    <section className="rv-sessions" aria-label="Review sessions">
      <h3>Review sessions</h3>
      {ended.length === 0 ? (
        <p className="muted">No review has ended on this page yet.</p>
      ) : (
        <ol className="rv-session-list">
          {ended.map((s, i) => (
            <SessionItem
              key={s.id}
              session={s}
              threads={threads}
              numbers={numbers}
              open={i === 0}
              onSelect={onSelect}
            />
          ))}
        </ol>
      )}
      <p className="rv-downloads">
        Review summary:{" "}
        <a className="button link" href={summary("md")} download data-testid="summary-md">
          Markdown
        </a>
        {" · "}
        <a className="button link" href={summary("pdf")} download data-testid="summary-pdf">
          PDF
        </a>
      </p>
    </section>
  );
}

function SessionItem(props: {
  session: ReviewSession;
  threads: CommentThread[];
  numbers: Map<string, number>;
  open: boolean;
  onSelect: (threadId: string) => void;
}) {
  const { session: s } = props;
  const { opened, resolved } = sessionThreads(s, props.threads);
  const row = (t: CommentThread) => (
    <li key={t.id}>
      <button type="button" className="button link rv-session-thread" onClick={() => props.onSelect(t.id)}>
        #{props.numbers.get(t.id) ?? "?"} {threadExcerpt(t)}
      </button>
    </li>
  );
  return (
    <li className="rv-session" data-testid="review-session" data-session-id={s.id}>
      <details open={props.open}>
        <summary>
          <span className={`rv-outcome-badge rv-outcome-badge--${s.outcome ?? "none"}`}>
            {s.outcome ? OUTCOME_LABEL[s.outcome] : "Ended"}
          </span>{" "}
          {s.title ?? formatTime(s.startedAt)}
        </summary>
        <p className="muted">
          Presented by {s.presenter.displayName}
          {s.endedBy ? ` · ended by ${s.endedBy.displayName}` : ""}
          {s.endedAt ? ` · ${formatTime(s.endedAt)}` : ""}
        </p>
        <p data-testid="session-counts">
          {s.summary.threadsOpened} opened · {s.summary.threadsResolved} resolved ·{" "}
          {s.summary.threadsStillOpen} still open on the page
        </p>
        {s.note && <blockquote className="rv-note">{s.note}</blockquote>}
        {opened.length > 0 && (
          <>
            <h4>Opened</h4>
            <ul className="rv-session-threads" data-testid="session-opened">
              {opened.map(row)}
            </ul>
          </>
        )}
        {resolved.length > 0 && (
          <>
            <h4>Resolved</h4>
            <ul className="rv-session-threads" data-testid="session-resolved">
              {resolved.map(row)}
            </ul>
          </>
        )}
      </details>
    </li>
  );
}
