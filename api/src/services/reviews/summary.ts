import { type Sql, selectThreads, withMessages } from "@comic-studio/infra";
import type { SessionUser } from "@comic-studio/shared";
import type { Response } from "express";
import type { ObjectStorage } from "../../storage/index.ts";
import type { PageRef } from "./access.ts";
import { panelCrop } from "./crops.ts";
import { anchorLabel, formatTime, pageLabel, type ReviewSummaryData } from "./summary-format.ts";
import { renderSummaryPdf } from "./summary-pdf.ts";

export async function gatherSummary(
  deps: { sql: Sql; storage: ObjectStorage },
  page: PageRef,
  projectName: string,
  user: SessionUser,
  status: "open" | "resolved" | "all",
): Promise<ReviewSummaryData> {
  const { sql } = deps;
  const where =
    status === "all" ? sql`t.page_id = ${page.id}` : sql`t.page_id = ${page.id} and t.status = ${status}`;
  const threads = await withMessages(sql, await selectThreads(sql, where));
  const withCrops = [];
  for (const thread of threads) withCrops.push({ thread, crop: await panelCrop(sql, deps.storage, thread) });
  return { projectName, page, generatedAt: new Date(), generatedBy: user.displayName, threads: withCrops };
}

/** Markdown cannot hold a comment's own markup safely: escape what would start a block. */
function quote(text: string): string {
  return text
    .split("\n")
    .map((line) => `> ${line.replace(/([\\`*_[\]<>#|])/g, "\\$1")}`)
    .join("\n");
}

/** The summary as Markdown; crops are embedded as data URIs so the file stands alone. */
export function renderSummaryMarkdown(data: ReviewSummaryData): string {
  const open = data.threads.filter((t) => t.thread.status === "open").length;
  const lines = [
    `# Review summary: ${data.projectName}`,
    "",
    `**${pageLabel(data.page)}**  `,
    `Generated ${formatTime(data.generatedAt.toISOString())} by ${data.generatedBy}.  `,
    `${data.threads.length} threads: ${open} open, ${data.threads.length - open} resolved.`,
    "",
  ];
  data.threads.forEach(({ thread, crop }, index) => {
    const status = thread.status === "open" ? "Open" : "Resolved";
    lines.push(`## ${index + 1}. ${status}, on ${anchorLabel(thread, crop?.panelNumber ?? null)}`, "");
    lines.push(`Opened by ${thread.createdBy.displayName} at ${formatTime(thread.createdAt)}.`);
    if (thread.resolvedBy && thread.resolvedAt) {
      lines.push(`Resolved by ${thread.resolvedBy.displayName} at ${formatTime(thread.resolvedAt)}.`);
    }
    lines.push("");
    if (crop) {
      lines.push(`![Panel ${crop.panelNumber}](data:image/jpeg;base64,${crop.jpeg.toString("base64")})`, "");
    }
    for (const message of thread.messages ?? []) {
      const edited = message.editedAt ? " (edited)" : "";
      lines.push(`**${message.author.displayName}**, ${formatTime(message.createdAt)}${edited}:`, "");
      lines.push(message.deletedAt ? "> _message deleted_" : quote(message.body), "");
    }
  });
  return `${lines.join("\n").trimEnd()}\n`;
}

function fileName(data: ReviewSummaryData, ext: string): string {
  return `review-summary-ch${data.page.chapterNumber}-p${data.page.pageNumber}.${ext}`;
}

/** Answers the export request with the summary as a download in the asked format. */
export async function sendReviewSummary(
  res: Response,
  deps: { sql: Sql; storage: ObjectStorage },
  page: PageRef,
  projectName: string,
  user: SessionUser,
  query: { format: "md" | "pdf"; status: "open" | "resolved" | "all" },
): Promise<void> {
  const data = await gatherSummary(deps, page, projectName, user, query.status);
  if (query.format === "md") {
    const body = Buffer.from(renderSummaryMarkdown(data), "utf8");
    res.status(200);
    res.setHeader("content-type", "text/markdown; charset=utf-8");
    res.setHeader("content-disposition", `attachment; filename="${fileName(data, "md")}"`);
    res.end(body);
    return;
  }
  const pdf = await renderSummaryPdf(data);
  res.status(200);
  res.setHeader("content-type", "application/pdf");
  res.setHeader("content-disposition", `attachment; filename="${fileName(data, "pdf")}"`);
  res.end(Buffer.from(pdf));
}
