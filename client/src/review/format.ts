import type { CommentMessage, CommentThread } from "@comic-studio/shared";

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatTime(iso: string): string {
  return TIME.format(new Date(iso));
}

/** The first message's text (or a placeholder), for lists. */
export function threadExcerpt(thread: CommentThread): string {
  const first = thread.messages?.[0];
  if (!first) return "(no message)";
  return first.deletedAt ? "(deleted message)" : first.body;
}

/** Splits a message body into text and `@Name` mentions of the users it mentions. */
export function bodyParts(message: CommentMessage): { text: string; mention: boolean }[] {
  const names = message.mentions.map((m) => m.displayName).filter(Boolean);
  if (names.length === 0) return [{ text: message.body, mention: false }];
  const escaped = names
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(@(?:${escaped.join("|")}))`, "g");
  // With one capture group, split() puts the matches at the odd indexes.
  return message.body
    .split(pattern)
    .map((text, i) => ({ text, mention: i % 2 === 1 }))
    .filter((part) => part.text !== "");
}
