import "./pins.css";
import type { CommentThread } from "@comic-studio/shared";
import { useEffect, useRef } from "react";
import { type Editor, useEditor, useValue } from "tldraw";
import { useCanvasContext } from "../editor/canvas-context.ts";
import { anchorAt, anchorPagePoint, centerOnAnchor } from "./anchor.ts";
import { Composer } from "./Composer.tsx";
import { useReviewState, useReviewStore } from "./ReviewContext.tsx";
import type { ReviewStore } from "./review-store.ts";
import { threadNumbers } from "./thread-numbers.ts";

/**
 * In front of the canvas: the comment pins (each following its shape), the click layer of
 * comment mode and the box for a new thread's first message. It also connects the review
 * store to the page's live channel. Works on a read-only canvas: it never edits the page.
 */
export function ReviewCanvasLayer() {
  const store = useReviewStore();
  const editor = useEditor();
  const { session, state: connection } = useCanvasContext();

  useEffect(() => (store ? session.onStateless(store.receive) : undefined), [store, session]);
  // Events sent while we were disconnected are lost: load again after a reconnect.
  const wasConnected = useRef(false);
  useEffect(() => {
    if (connection.connection !== "connected") return;
    if (wasConnected.current) void store?.load();
    wasConnected.current = true;
  }, [connection.connection, store]);

  if (!store) return null;
  return <Layer store={store} editor={editor} />;
}

function Layer({ store, editor }: { store: ReviewStore; editor: Editor }) {
  const state = useReviewState(store);
  const numbers = threadNumbers(state.threads);

  // A thread chosen in the list (or from a notification): bring its pin to the middle.
  const focusSeq = state.focus?.seq;
  // biome-ignore lint/correctness/useExhaustiveDependencies: moves once per request, not per thread change
  useEffect(() => {
    const thread = state.threads.find((t) => t.id === state.focus?.threadId);
    if (thread && !thread.detached) centerOnAnchor(editor, thread.anchor);
  }, [focusSeq, editor]);

  useEffect(() => {
    if (!state.placing && !state.draft) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      if (state.placing) store.setPlacing(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [state.placing, state.draft, store]);

  return (
    <>
      {state.threads.map((t) => (
        <Pin
          key={t.id}
          editor={editor}
          thread={t}
          number={numbers.get(t.id) ?? 0}
          selected={state.selectedId === t.id}
          onSelect={() => store.select(t.id)}
        />
      ))}
      {state.placing && (
        <div
          className="rv-place-layer"
          data-testid="comment-place-layer"
          onPointerDown={(event) => {
            event.stopPropagation();
            const point = editor.screenToPage({ x: event.clientX, y: event.clientY });
            store.startDraft(anchorAt(editor, point));
          }}
        >
          <p className="rv-place-hint">Click a panel or the page to place your comment · Esc to cancel</p>
        </div>
      )}
      {state.draft && <DraftBox store={store} editor={editor} />}
    </>
  );
}

function Pin(props: {
  editor: Editor;
  thread: CommentThread;
  number: number;
  selected: boolean;
  onSelect: () => void;
}) {
  const { editor, thread } = props;
  // Reactive on the camera and on the anchored shape's bounds: the pin follows its shape.
  const at = useValue("comment pin", () => {
    const point = anchorPagePoint(editor, thread.anchor);
    return point ? editor.pageToViewport(point) : null;
  }, [editor, thread.anchor]);
  if (!at || thread.detached) return null;
  const label = `Comment ${props.number} by ${thread.createdBy.displayName}${thread.status === "resolved" ? " (resolved)" : ""}`;
  return (
    <button
      type="button"
      className={`rv-pin rv-pin--${thread.status} ${props.selected ? "rv-pin--selected" : ""} ${thread.unreadCount > 0 ? "rv-pin--unread" : ""}`}
      style={{ transform: `translate(${at.x}px, ${at.y}px)` }}
      data-testid="comment-pin"
      data-thread-id={thread.id}
      data-selected={props.selected}
      aria-label={label}
      title={label}
      onPointerDown={(e) => e.stopPropagation()}
      onClick={props.onSelect}
    >
      <span>{props.number}</span>
    </button>
  );
}

function DraftBox({ store, editor }: { store: ReviewStore; editor: Editor }) {
  const anchor = useReviewState(store).draft?.anchor;
  const at = useValue("draft pin", () => {
    const point = anchor ? anchorPagePoint(editor, anchor) : null;
    return point ? editor.pageToViewport(point) : null;
  }, [editor, anchor]);
  const bounds = useValue("viewport", () => editor.getViewportScreenBounds(), [editor]);
  if (!anchor || !at) return null;
  // Keep the box inside the canvas: flip it left / up near the right and bottom edges.
  const BOX_W = 300;
  const BOX_H = 190;
  const left = at.x + 18 + BOX_W > bounds.w ? Math.max(8, at.x - BOX_W - 18) : at.x + 18;
  const top = Math.min(Math.max(8, at.y - 16), Math.max(8, bounds.h - BOX_H - 8));
  return (
    <>
      <span className="rv-pin rv-pin--draft" style={{ transform: `translate(${at.x}px, ${at.y}px)` }}>
        <span>+</span>
      </span>
      <div
        className="rv-draft"
        style={{ left, top, width: BOX_W }}
        data-testid="new-thread"
        onPointerDown={(e) => e.stopPropagation()}
      >
        <p className="rv-draft__title">
          {anchor.kind === "shape" ? "Comment on this shape" : "Comment on the page"}
        </p>
        <Composer
          projectId={store.projectId}
          placeholder="Write a comment…"
          submitLabel="Comment"
          autoFocus
          onSubmit={async (body, mentions) => {
            await store.createThread(anchor, body, mentions);
          }}
          onCancel={() => store.cancelDraft()}
        />
      </div>
    </>
  );
}
