import type { CommentMessage, CommentThread } from "@comic-studio/shared";
import { type KeyboardEvent, useState } from "react";
import { Composer } from "./Composer.tsx";
import { bodyParts, formatTime } from "./format.ts";
import { errorText, type ReviewStore } from "./review-store.ts";

export interface ThreadViewProps {
  store: ReviewStore;
  thread: CommentThread;
  /** Commenter and above: reply, resolve, reopen. */
  canComment: boolean;
  /** Shows the pin on the canvas again. */
  onLocate: () => void;
  onClose: () => void;
}

/** One thread: its messages, a reply box, resolve / reopen, and the author's edit and delete. */
export function ThreadView({ store, thread, canComment, onLocate, onClose }: ThreadViewProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const resolved = thread.status === "resolved";

  async function toggleResolved() {
    setBusy(true);
    setError(null);
    try {
      await store.setResolved(thread.id, !resolved);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && !event.defaultPrevented) onClose();
  };

  return (
    <section
      className={`rv-thread ${resolved ? "rv-thread--resolved" : ""}`}
      aria-label="Comment thread"
      data-testid="thread-view"
      data-thread-id={thread.id}
      onKeyDown={onKeyDown}
    >
      <header className="rv-thread__head">
        <button type="button" className="button link" onClick={onClose} aria-label="Back to all threads">
          ← All threads
        </button>
        <span className={`rv-status rv-status--${thread.status}`} data-testid="thread-status">
          {resolved ? "Resolved" : "Open"}
        </span>
      </header>
      <p className="rv-thread__where muted">
        {thread.detached ? (
          <span className="rv-detached">Its shape was deleted: the thread is detached.</span>
        ) : (
          <button type="button" className="button link" onClick={onLocate}>
            {thread.anchor.kind === "shape" ? "Show on the panel" : "Show on the page"}
          </button>
        )}
        {resolved && thread.resolvedBy && thread.resolvedAt
          ? ` · resolved by ${thread.resolvedBy.displayName}, ${formatTime(thread.resolvedAt)}`
          : ""}
      </p>
      <ol className="rv-messages">
        {(thread.messages ?? []).map((m) => (
          <MessageItem key={m.id} store={store} message={m} mine={m.author.id === store.me.id} />
        ))}
      </ol>
      {canComment && !resolved && (
        <Composer
          key={thread.id}
          projectId={store.projectId}
          placeholder="Reply…"
          submitLabel="Reply"
          testId="reply-composer"
          onSubmit={(body, mentions) => store.reply(thread.id, body, mentions)}
          onCancel={onClose}
        />
      )}
      {canComment && (
        <button
          type="button"
          className={`button ${resolved ? "" : "primary"}`}
          disabled={busy}
          onClick={() => void toggleResolved()}
        >
          {resolved ? "Reopen thread" : "Resolve thread"}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function MessageItem({
  store,
  message,
  mine,
}: {
  store: ReviewStore;
  message: CommentMessage;
  mine: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deleted = message.deletedAt !== null;

  async function remove() {
    if (!window.confirm("Delete this message? The thread keeps a placeholder.")) return;
    setError(null);
    try {
      await store.deleteMessage(message.threadId, message.id);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <li className="rv-message" data-testid="comment-message">
      <div className="rv-message__meta">
        <strong>{message.author.displayName}</strong>
        <span className="muted">
          {formatTime(message.createdAt)}
          {message.editedAt && !deleted ? " · edited" : ""}
        </span>
      </div>
      {deleted ? (
        <p className="rv-message__body muted">This message was deleted.</p>
      ) : editing ? (
        <Composer
          projectId={store.projectId}
          initial={message.body}
          initialMentions={message.mentions}
          placeholder="Edit your message"
          submitLabel="Save"
          autoFocus
          onSubmit={async (body, mentions) => {
            await store.editMessage(message.threadId, message.id, body, mentions);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <p className="rv-message__body" data-testid="comment-body">
          {bodyParts(message).map((part, i) =>
            part.mention ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable text
              <mark key={i} className="rv-mention">
                {part.text}
              </mark>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable text
              <span key={i}>{part.text}</span>
            ),
          )}
        </p>
      )}
      {mine && !deleted && !editing && (
        <div className="rv-message__actions">
          <button type="button" className="button link" onClick={() => setEditing(true)}>
            Edit
          </button>
          <button type="button" className="button link danger" onClick={() => void remove()}>
            Delete
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
