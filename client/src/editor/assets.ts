import { getAssetUrls } from "@tldraw/assets/selfHosted";

// tldraw's fonts, icons, translations and embed icons, bundled with the app (never a CDN).
// `@tldraw/assets/imports.vite` would do the same, but Vite's dependency optimizer cannot
// pre-bundle its `?url` imports (the dev server stops); a glob of the same files can be.
const files = import.meta.glob<string>(
  "../../node_modules/@tldraw/assets/{fonts/*.woff2,icons/icon/*.svg,translations/*.json,embed-icons/*.png}",
  { query: "?url", import: "default", eager: true },
);
const byPath = new Map(
  Object.entries(files).map(([path, url]) => [
    path.slice(path.indexOf("@tldraw/assets/") + "@tldraw/assets/".length),
    url,
  ]),
);

/** tldraw's asset URLs, each pointing at the copy in our own bundle. */
export const assetUrls = getAssetUrls((path) => {
  const url = byPath.get(path.replace(/^\.?\//, ""));
  if (!url) throw new Error(`tldraw asset ${path} is not bundled`);
  return url;
});
