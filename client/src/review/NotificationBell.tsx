import "./bell.css";
import { type ReviewNotification, reviewEndpoints as r } from "@comic-studio/shared";
import { useCallback, useEffect, useRef, useState } from "react";
import { call } from "../lib/api.ts";
import { useRouter } from "../lib/router.tsx";
import { formatTime } from "./format.ts";
import { useReviewStore } from "./ReviewContext.tsx";
import { errorText } from "./review-store.ts";

/** How often the bell asks for its count when nothing live told it to. */
export const NOTIFICATION_POLL_MS = 30_000;
/** The api's event stream of this user's unread count. */
const NOTIFICATION_STREAM_URL = "/api/notifications/stream";
/** The server writes a notification with the message; a live event may arrive a moment before. */
const AFTER_EVENT_MS = 400;
const LIST_LIMIT = 20;

const KIND_TEXT = { mention: "mentioned you", reply: "replied to your thread" } as const;

/**
 * The in-app notification bell: unread count, and a list of mentions and replies to the
 * user's threads with links to the thread. Refreshes on the page's live review events, when
 * the window regains focus and on a modest poll.
 */
export function NotificationBell() {
  const store = useReviewStore();
  const { navigate } = useRouter();
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<ReviewNotification[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const openRef = useRef(open);
  openRef.current = open;

  const refresh = useCallback(() => {
    call(r.unreadNotificationCount)
      .then(({ count: n }) => setCount(n))
      .catch(() => undefined);
  }, []);
  const loadList = useCallback(() => {
    call(r.listNotifications, { query: { limit: String(LIST_LIMIT) } })
      .then(({ notifications, unreadCount }) => {
        setItems(notifications);
        setCount(unreadCount);
        setError(null);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  const loadListRef = useRef(loadList);
  loadListRef.current = loadList;

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, NOTIFICATION_POLL_MS);
    window.addEventListener("focus", refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", refresh);
    };
  }, [refresh]);

  // The live count: the api pushes it when a mention or reply arrives, or when this user reads
  // notifications in another tab. EventSource reconnects by itself; the poll covers the gaps.
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(NOTIFICATION_STREAM_URL);
    const onUnread = (event: MessageEvent<string>) => {
      const { unreadCount } = JSON.parse(event.data) as { unreadCount: number };
      setCount(unreadCount);
      if (openRef.current) loadListRef.current();
    };
    source.addEventListener("unread", onUnread);
    return () => {
      source.removeEventListener("unread", onUnread);
      source.close();
    };
  }, []);

  useEffect(() => {
    if (!store) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onEvent = () => {
      clearTimeout(timer);
      timer = setTimeout(() => (open ? loadList() : refresh()), AFTER_EVENT_MS);
    };
    store.eventListeners.add(onEvent);
    return () => {
      clearTimeout(timer);
      store.eventListeners.delete(onEvent);
    };
  }, [store, open, refresh, loadList]);

  useEffect(() => {
    if (!open) return;
    loadList();
    const onDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, loadList]);

  async function markRead(ids: string[] | "all") {
    const body = ids === "all" ? { all: true } : { ids };
    const { unreadCount } = await call(r.markNotificationsRead, { body });
    setCount(unreadCount);
    const now = new Date().toISOString();
    setItems((list) =>
      (list ?? []).map((n) => (ids === "all" || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n)),
    );
  }

  function openItem(n: ReviewNotification) {
    if (!n.readAt) void markRead([n.id]).catch(() => undefined);
    setOpen(false);
    if (store && store.pageId === n.pageId) store.select(n.threadId, { focus: true });
    else navigate(`/projects/${n.projectId}/pages/${n.pageId}?thread=${encodeURIComponent(n.threadId)}`);
  }

  return (
    <div className="rv-bell" ref={root}>
      <button
        type="button"
        className="button ghost rv-bell__button"
        aria-label={count > 0 ? `Notifications, ${count} unread` : "Notifications"}
        aria-expanded={open}
        aria-haspopup="true"
        data-testid="notification-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinejoin="round"
          />
        </svg>
        {count > 0 && (
          <span className="rv-bell__count" data-testid="notification-count">
            {count > 99 ? "99+" : count}
          </span>
        )}
      </button>
      {open && (
        <div className="rv-bell__menu" role="dialog" aria-label="Notifications">
          <div className="rv-bell__head">
            <strong>Notifications</strong>
            <button
              type="button"
              className="button link"
              disabled={count === 0}
              onClick={() => void markRead("all").catch((e: unknown) => setError(errorText(e)))}
            >
              Mark all read
            </button>
          </div>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {items === null ? (
            <p className="muted">Loading…</p>
          ) : items.length === 0 ? (
            <p className="muted">Nothing yet. Mentions and replies to your threads show up here.</p>
          ) : (
            <ul className="rv-bell__list">
              {items.map((n) => (
                <li key={n.id}>
                  <a
                    href={`/projects/${n.projectId}/pages/${n.pageId}?thread=${encodeURIComponent(n.threadId)}`}
                    className={`rv-note-item ${n.readAt ? "" : "rv-note-item--unread"}`}
                    data-testid="notification-item"
                    onClick={(e) => {
                      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                      e.preventDefault();
                      openItem(n);
                    }}
                  >
                    <span>
                      <strong>{n.actor.displayName}</strong> {KIND_TEXT[n.kind]}
                    </span>
                    <span className="rv-note-item__excerpt">{n.excerpt}</span>
                    <span className="muted rv-note-item__time">{formatTime(n.createdAt)}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
