import "./review.css";
import type { Role } from "@comic-studio/shared";
import type { ReactNode } from "react";
import type { Editor } from "tldraw";
import { CommentsPanel } from "./CommentsPanel.tsx";
import { useReviewState, useReviewStore } from "./ReviewContext.tsx";

export interface ReviewSidebarProps {
  editor: Editor | null;
  role: Role;
  /** The Generate tab's content (the generation panel). */
  generation: ReactNode;
}

/**
 * The editor's right sidebar: Generate and Comments tabs in one fixed-width column, so that
 * switching tabs never resizes the canvas.
 */
export function ReviewSidebar({ editor, role, generation }: ReviewSidebarProps) {
  const store = useReviewStore();
  const state = useReviewState(store);
  const open = state.threads.filter((t) => t.status === "open").length;
  const unread = state.threads.some((t) => t.unreadCount > 0);
  const tab = state.tab;
  return (
    <div className="rv-sidebar">
      <div className="rv-tabs" role="tablist" aria-label="Sidebar">
        <button
          type="button"
          role="tab"
          aria-selected={tab === "generate"}
          className="rv-tab"
          onClick={() => store?.setTab("generate")}
        >
          Generate
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === "comments"}
          className="rv-tab"
          data-testid="comments-tab"
          onClick={() => store?.setTab("comments")}
        >
          Comments
          {open > 0 && <span className={`rv-count ${unread ? "rv-count--unread" : ""}`}>{open}</span>}
        </button>
      </div>
      {/* The generation panel stays mounted, so a half-written prompt survives a look at the comments. */}
      <div className="rv-tabpanel" hidden={tab !== "generate"}>
        {generation}
      </div>
      {tab === "comments" && (
        <aside className="rv-panel" aria-label="Comments" role="tabpanel">
          {store && editor ? (
            <CommentsPanel store={store} editor={editor} role={role} />
          ) : (
            <p className="muted">Opening the comments…</p>
          )}
        </aside>
      )}
    </div>
  );
}
