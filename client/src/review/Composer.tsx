import "./review.css";
import { MAX_COMMENT_LENGTH, type MentionableMember, reviewEndpoints as r } from "@comic-studio/shared";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { call } from "../lib/api.ts";
import { errorText } from "./review-store.ts";

const MENTION_DEBOUNCE_MS = 120;
const MENTION_LIMIT = 8;

/** The `@query` being typed just before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]{0,40})$/.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}

export interface ComposerProps {
  projectId: string;
  /** Text to start from (editing a message). */
  initial?: string;
  /** Users already mentioned in `initial`, so that an edit keeps them. */
  initialMentions?: { id: string; displayName: string }[];
  placeholder: string;
  submitLabel: string;
  /** Posts the text; throw (ApiError) to keep the text and show why. */
  onSubmit: (body: string, mentions: string[]) => Promise<void>;
  /** Esc (with no suggestion list open) and the Cancel button; no Cancel button without it. */
  onCancel?: () => void;
  autoFocus?: boolean;
  testId?: string;
}

/**
 * A message box: Enter sends, Shift+Enter breaks the line, `@` suggests project members
 * (arrow keys and Enter or Tab pick one, Esc closes the list, then cancels).
 */
export function Composer(props: ComposerProps) {
  const { projectId, onSubmit, onCancel } = props;
  const [text, setText] = useState(props.initial ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [options, setOptions] = useState<MentionableMember[]>([]);
  const [active, setActive] = useState(0);
  const mentioned = useRef(new Map((props.initialMentions ?? []).map((m) => [m.displayName, m.id])));
  const box = useRef<HTMLTextAreaElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!query) {
      setOptions([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      call(r.listMentionableMembers, {
        params: { projectId },
        query: { q: query.query, limit: String(MENTION_LIMIT) },
      })
        .then(({ members }) => {
          if (!live) return;
          setOptions(members);
          setActive(0);
        })
        .catch(() => live && setOptions([]));
    }, MENTION_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, projectId]);

  const updateQuery = (value: string, caret: number) => setQuery(mentionQuery(value, caret));

  function pick(member: MentionableMember) {
    const el = box.current;
    if (!el || !query) return;
    const caret = el.selectionStart;
    const insert = `@${member.displayName} `;
    const next = text.slice(0, query.start) + insert + text.slice(caret);
    mentioned.current.set(member.displayName, member.userId);
    setText(next);
    setQuery(null);
    const at = query.start + insert.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at, at);
    });
  }

  async function submit() {
    const body = text.trim();
    if (!body || busy) return;
    const mentions = [...mentioned.current].filter(([name]) => body.includes(`@${name}`)).map(([, id]) => id);
    setBusy(true);
    setError(null);
    try {
      await onSubmit(body, [...new Set(mentions)]);
      setText("");
      mentioned.current.clear();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Keys typed here are ours, not the canvas's shortcuts.
    event.stopPropagation();
    const listOpen = query !== null && options.length > 0;
    if (listOpen && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
      return;
    }
    if (listOpen && (event.key === "Enter" || event.key === "Tab")) {
      event.preventDefault();
      pick(options[active] ?? options[0]!);
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      if (query) setQuery(null);
      else onCancel?.();
      return;
    }
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  const listOpen = query !== null && options.length > 0;
  return (
    <div className="rv-composer" data-testid={props.testId}>
      <div className="rv-composer__field">
        <textarea
          ref={box}
          value={text}
          rows={2}
          maxLength={MAX_COMMENT_LENGTH}
          placeholder={props.placeholder}
          aria-label={props.placeholder}
          // biome-ignore lint/a11y/noAutofocus: the box opens because the user asked to write
          autoFocus={props.autoFocus}
          disabled={busy}
          role="combobox"
          aria-expanded={listOpen}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={listOpen ? `${listId}-${active}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            updateQuery(e.target.value, e.target.selectionStart);
          }}
          onSelect={(e) => updateQuery(e.currentTarget.value, e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onKeyUp={(e) => e.stopPropagation()}
        />
        {listOpen && (
          <div className="rv-mentions" role="listbox" id={listId} aria-label="Mention a member">
            {options.map((m, i) => (
              <div
                key={m.userId}
                tabIndex={-1}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? "active" : undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(m);
                }}
              >
                <strong>{m.displayName}</strong> <span className="muted">{m.role}</span>
              </div>
            ))}
          </div>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="muted rv-hint">Enter to send · Shift+Enter for a new line · @ to mention</p>
      <div className="rv-composer__actions">
        {onCancel && (
          <button type="button" className="button ghost" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
        <button
          type="button"
          className="button primary"
          disabled={busy || !text.trim()}
          onClick={() => void submit()}
        >
          {busy ? "Sending…" : props.submitLabel}
        </button>
      </div>
    </div>
  );
}
