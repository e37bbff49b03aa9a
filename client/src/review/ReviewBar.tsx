import "./review.css";
import { can, type ReviewOutcome, type ReviewSession, type Role } from "@comic-studio/shared";
import { useEffect, useRef, useState } from "react";
import { createUserId, type Editor, useValue } from "tldraw";
import { useReviewState, useReviewStore } from "./ReviewContext.tsx";
import { activeSession, errorText, type ReviewStore } from "./review-store.ts";
import { OUTCOME_LABEL, sessionThreads } from "./session-summary.ts";

export interface ReviewBarProps {
  /** The page's tldraw editor once the canvas is shown (following needs it). */
  editor: Editor | null;
  role: Role;
}

/**
 * The review session in the editor header: editors start one; everyone sees who presents
 * and can follow the presenter's viewport (and stop); the presenter (or an editor) ends it
 * with an outcome.
 */
export function ReviewBar({ editor, role }: ReviewBarProps) {
  const store = useReviewStore();
  const state = useReviewState(store);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!store || !state.loaded) return null;
  const session = activeSession(state);
  const canRun = can.editCanvas(role);

  if (!session) {
    if (!canRun) return null;
    return (
      <div className="rv-bar">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await store.startSession(null);
            } catch (e) {
              setError(errorText(e));
            } finally {
              setBusy(false);
            }
          }}
        >
          {busy ? "Starting…" : "Start review"}
        </button>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </div>
    );
  }
  const presenting = session.presenter.id === store.me.id;
  return (
    <div className="rv-bar rv-bar--live" data-testid="review-bar" aria-live="polite">
      <span className="rv-live-dot" aria-hidden="true" />
      <span data-testid="review-presenter">
        {presenting ? "You are presenting" : `${session.presenter.displayName} is presenting`}
      </span>
      {!presenting && editor && <FollowButton editor={editor} session={session} />}
      {(presenting || canRun) && <EndReview store={store} session={session} />}
    </div>
  );
}

function FollowButton({ editor, session }: { editor: Editor; session: ReviewSession }) {
  const presenceId = createUserId(session.presenter.id);
  const following = useValue("following", () => editor.getInstanceState().followingUserId, [editor]);
  const here = useValue(
    "presenter here",
    () => editor.getCollaborators().some((c) => c.userId === presenceId),
    [editor, presenceId],
  );
  // When the session ends (this button goes), followers get their own camera back.
  useEffect(
    () => () => {
      if (editor.getInstanceState().followingUserId === presenceId) editor.stopFollowingUser();
    },
    [editor, presenceId],
  );
  if (following === presenceId) {
    return (
      <button type="button" className="button" onClick={() => editor.stopFollowingUser()}>
        Stop following
      </button>
    );
  }
  return (
    <button
      type="button"
      className="button primary"
      disabled={!here}
      title={here ? "See what the presenter sees" : "The presenter is not on this page right now"}
      onClick={() => editor.startFollowingUser(presenceId)}
    >
      Follow presenter
    </button>
  );
}

function EndReview({ store, session }: { store: ReviewStore; session: ReviewSession }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const state = useReviewState(store);
  const [outcome, setOutcome] = useState<ReviewOutcome>("approved");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { opened, resolved } = sessionThreads(session, state.threads);

  async function end() {
    setBusy(true);
    setError(null);
    try {
      await store.endSession(session.id, outcome, note.trim() || null);
      dialog.current?.close();
      store.setTab("comments");
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button" onClick={() => dialog.current?.showModal()}>
        End review
      </button>
      <dialog ref={dialog} className="rv-dialog" aria-label="End the review">
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            void end();
          }}
        >
          <h2>End the review</h2>
          <p className="muted">
            {opened.length} {opened.length === 1 ? "thread" : "threads"} opened · {resolved.length} resolved
            during this session.
          </p>
          <fieldset className="rv-outcome">
            <legend>Outcome</legend>
            {(["approved", "changes_requested"] as const).map((o) => (
              <label key={o} className="rv-check">
                <input
                  type="radio"
                  name="outcome"
                  value={o}
                  checked={outcome === o}
                  onChange={() => setOutcome(o)}
                />
                {OUTCOME_LABEL[o]}
              </label>
            ))}
          </fieldset>
          <label>
            Note (optional)
            <textarea value={note} rows={3} onChange={(e) => setNote(e.target.value)} />
          </label>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="rv-dialog__actions">
            <button type="button" className="button ghost" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? "Ending…" : "End review"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
