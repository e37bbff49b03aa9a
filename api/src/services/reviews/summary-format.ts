import type { CommentThread } from "@comic-studio/shared";
import type { PageRef } from "./access.ts";

/** Everything a review summary shows, gathered once for either format. */
export interface ReviewSummaryData {
  projectName: string;
  page: PageRef;
  generatedAt: Date;
  generatedBy: string;
  threads: { thread: CommentThread; crop: { jpeg: Buffer; panelNumber: number } | null }[];
}

export function pageLabel(page: PageRef): string {
  const base = `Chapter ${page.chapterNumber}, page ${page.pageNumber}`;
  return page.title ? `${base}: ${page.title}` : base;
}

export function anchorLabel(thread: CommentThread, panelNumber: number | null): string {
  if (thread.anchor.kind === "point") {
    return `page point (${Math.round(thread.anchor.x)}, ${Math.round(thread.anchor.y)})`;
  }
  const where = panelNumber !== null ? `panel ${panelNumber}` : thread.panelId ? "a panel" : "a shape";
  return thread.detached ? `${where} (detached: the shape was deleted)` : where;
}

/** `2026-11-24 20:16 UTC`: readable, unambiguous, the same for every reader. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}
