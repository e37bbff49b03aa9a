import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from "react";
import { type ReviewMe, type ReviewState, ReviewStore } from "./review-store.ts";

const ReviewContext = createContext<ReviewStore | null>(null);

export interface ReviewProviderProps {
  pageId: string;
  projectId: string;
  me: ReviewMe;
  /** The sidebar tab shown first (commenters start on the comments). */
  initialTab?: ReviewState["tab"];
  children: ReactNode;
}

/** One review store per page, for the sidebar, the header and the canvas overlay beneath it. */
export function ReviewProvider({ pageId, projectId, me, initialTab, children }: ReviewProviderProps) {
  const [store, setStore] = useState<ReviewStore | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one store per page and user, not per render of `me`
  useEffect(() => {
    const created = new ReviewStore(pageId, projectId, me, initialTab);
    setStore(created);
    // A link from a notification names the thread to open: `?thread=<id>`.
    const linked = new URLSearchParams(window.location.search).get("thread");
    void created.load().then(() => {
      if (linked && created.getState().threads.some((t) => t.id === linked)) {
        created.select(linked, { focus: true });
      }
    });
    return () => setStore(null);
  }, [pageId, projectId, me.id]);
  return <ReviewContext.Provider value={store}>{children}</ReviewContext.Provider>;
}

/** The page's review store, or null outside a page (or before it exists). */
export function useReviewStore(): ReviewStore | null {
  return useContext(ReviewContext);
}

const EMPTY: ReviewState = {
  loaded: false,
  error: null,
  threads: [],
  sessions: [],
  selectedId: null,
  placing: false,
  draft: null,
  tab: "generate",
  focus: null,
};
const noop = () => () => undefined;

/** The review state, re-rendering on every change. */
export function useReviewState(store: ReviewStore | null): ReviewState {
  return useSyncExternalStore(store?.subscribe ?? noop, store?.getState ?? (() => EMPTY));
}
