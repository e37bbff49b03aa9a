/**
 * The storage key behind a panel image URL (`/api/files/projects/<projectId>/…`), or null when the
 * URL is not a file of this project: a document must not pull another project's pictures into
 * an export.
 */
export function imageKeyFromUrl(url: string, projectId: string): string | null {
  const prefix = "/api/files/";
  if (!url.startsWith(prefix)) return null;
  let parts: string[];
  try {
    parts = url.slice(prefix.length).split("?")[0]!.split("/").map(decodeURIComponent);
  } catch {
    return null;
  }
  if (parts[0] !== "projects" || parts[1]?.toLowerCase() !== projectId.toLowerCase()) return null;
  if (parts.some((p) => p === "" || p === "." || p === ".." || p.includes("/"))) return null;
  return parts.join("/");
}

/** Loads a panel image by its URL; null when it is missing or not this project's. */
export type ImageLoader = (url: string) => Promise<Buffer | null>;
