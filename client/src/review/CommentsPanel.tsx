import { can, type Role } from "@comic-studio/shared";
import type { Editor } from "tldraw";
import { useValue } from "tldraw";
import { anchorPagePoint } from "./anchor.ts";
import { useReviewState } from "./ReviewContext.tsx";
import { activeSession, type ReviewStore } from "./review-store.ts";
import { SessionHistory } from "./SessionHistory.tsx";
import { sessionThreads } from "./session-summary.ts";
import { ThreadList } from "./ThreadList.tsx";
import { ThreadView } from "./ThreadView.tsx";
import { threadNumbers } from "./thread-numbers.ts";

export interface CommentsPanelProps {
  store: ReviewStore;
  editor: Editor;
  role: Role;
}

/** The Comments tab: add a comment, the page's threads or the open one, and past reviews. */
export function CommentsPanel({ store, editor, role }: CommentsPanelProps) {
  const state = useReviewState(store);
  const canComment = can.comment(role);
  const numbers = threadNumbers(state.threads);
  // A thread is detached when the server says so or its shape is no longer on the page.
  const detachedIds = useValue(
    "detached threads",
    () => state.threads.filter((t) => t.detached || !anchorPagePoint(editor, t.anchor)).map((t) => t.id),
    [editor, state.threads],
  );
  const detached = new Set(detachedIds);
  const selected = state.threads.find((t) => t.id === state.selectedId) ?? null;
  const running = activeSession(state);
  const live = running ? sessionThreads(running, state.threads) : null;

  if (state.error && state.threads.length === 0) {
    return (
      <div className="rv-comments">
        <p className="error" role="alert">
          {state.error}
        </p>
        <button type="button" className="button" onClick={() => void store.load()}>
          Try again
        </button>
      </div>
    );
  }
  if (!state.loaded) return <p className="muted">Loading comments…</p>;

  return (
    <div className="rv-comments">
      {selected ? (
        <ThreadView
          store={store}
          thread={detached.has(selected.id) ? { ...selected, detached: true } : selected}
          canComment={canComment}
          onLocate={() => store.select(selected.id, { focus: true })}
          onClose={() => store.select(null)}
        />
      ) : (
        <>
          <div className="rv-comments__head">
            <h2>Comments</h2>
            {canComment && (
              <button
                type="button"
                className={`button ${state.placing ? "" : "primary"}`}
                data-testid="add-comment"
                aria-pressed={state.placing}
                onClick={() => store.setPlacing(!state.placing)}
              >
                {state.placing ? "Cancel" : "Add comment"}
              </button>
            )}
          </div>
          {live && (
            <p className="rv-live-summary" data-testid="live-session-summary">
              Review in progress: {live.opened.length} opened · {live.resolved.length} resolved so far
            </p>
          )}
          {state.placing && (
            <p className="muted">Click a panel or a point of the page to pin your comment.</p>
          )}
          {state.draft && <p className="muted">Write your comment in the box on the canvas.</p>}
          <ThreadList
            threads={state.threads}
            meId={store.me.id}
            numbers={numbers}
            detached={detached}
            onSelect={(id) => store.select(id, { focus: true })}
          />
          <SessionHistory
            pageId={store.pageId}
            sessions={state.sessions}
            threads={state.threads}
            numbers={numbers}
            onSelect={(id) => store.select(id, { focus: true })}
          />
        </>
      )}
    </div>
  );
}
