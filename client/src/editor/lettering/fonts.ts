import { LETTERING_FONTS, type LetteringFontId } from "@comic-studio/shared";
import bangers400 from "@fontsource/bangers/files/bangers-latin-400-normal.woff2?url";
import comicNeue300 from "@fontsource/comic-neue/files/comic-neue-latin-300-normal.woff2?url";
import comicNeue400 from "@fontsource/comic-neue/files/comic-neue-latin-400-normal.woff2?url";
import comicNeue700 from "@fontsource/comic-neue/files/comic-neue-latin-700-normal.woff2?url";
import luckiestGuy400 from "@fontsource/luckiest-guy/files/luckiest-guy-latin-400-normal.woff2?url";
import patrickHand400 from "@fontsource/patrick-hand/files/patrick-hand-latin-400-normal.woff2?url";
import permanentMarker400 from "@fontsource/permanent-marker/files/permanent-marker-latin-400-normal.woff2?url";
import { useSyncExternalStore } from "react";
import { clearMeasureCache } from "./measure.ts";

// The comic fonts, bundled by Vite from the npm packages (served from our origin, never a CDN)
// and registered through the FontFace API, so the canvas can wait for them before measuring.

const FONT_URLS: Record<LetteringFontId, Record<number, string>> = {
  "comic-neue": { 300: comicNeue300, 400: comicNeue400, 700: comicNeue700 },
  bangers: { 400: bangers400 },
  "patrick-hand": { 400: patrickHand400 },
  "permanent-marker": { 400: permanentMarker400 },
  "luckiest-guy": { 400: luckiestGuy400 },
};

let loading: Promise<void> | null = null;
let ready = false;
const listeners = new Set<() => void>();

/** Registers and loads every lettering font once; resolves when the browser can draw them. */
export function loadLetteringFonts(): Promise<void> {
  loading ??= (async () => {
    const loads: Promise<FontFace>[] = [];
    for (const font of Object.values(LETTERING_FONTS)) {
      for (const file of font.files) {
        const url = FONT_URLS[font.id][file.weight];
        if (!url) continue;
        const face = new FontFace(font.family, `url(${url}) format("woff2")`, {
          weight: String(file.weight),
          style: "normal",
          display: "block",
        });
        document.fonts.add(face);
        loads.push(face.load());
      }
    }
    // A font that fails to load falls back to the browser's; the bubble still shows its text.
    await Promise.allSettled(loads);
    await document.fonts.ready;
    clearMeasureCache();
    ready = true;
    for (const listener of listeners) listener();
  })();
  return loading;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  void loadLetteringFonts();
  return () => listeners.delete(listener);
}

/** True once the lettering fonts are loaded (text is measured only then, so wrapping is right). */
export function useLetteringFontsReady(): boolean {
  return useSyncExternalStore(subscribe, () => ready);
}
