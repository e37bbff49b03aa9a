/** Adds a version to an image URL so a regenerated picture is fetched again, not served from cache. */
export function versioned(url: string, version: number | string): string {
  return `${url}${url.includes("?") ? "&" : "?"}v=${encodeURIComponent(String(version))}`;
}
