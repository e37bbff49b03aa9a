import type { PanelGenerationPayload } from "@comic-studio/shared";
import type { PanelDescription } from "../engines/types.ts";

/** Reads one stored object (null when it is missing). */
export type ObjectLoader = (key: string) => Promise<Buffer | null>;

/**
 * Loads the library images a panel payload names into its engine description: each character's
 * nearest anchor and references, and the saved location's variant (the background). A missing
 * object is skipped: the engine then draws from the palette and the description alone.
 */
export async function withLibraryImages(
  description: PanelDescription,
  payload: PanelGenerationPayload,
  load: ObjectLoader,
): Promise<PanelDescription> {
  const characters = await Promise.all(
    description.characters.map(async (character, i) => {
      const source = payload.characters[i];
      if (!source || source.id !== character.id) return character;
      const anchor = source.anchorKey ? await load(source.anchorKey) : null;
      const references: Buffer[] = [];
      for (const key of source.referenceKeys ?? []) {
        const bytes = await load(key);
        if (bytes) references.push(bytes);
      }
      return {
        ...character,
        ...(anchor ? { anchor } : {}),
        ...(references.length ? { references } : {}),
        ...(source.angle ? { angle: source.angle } : {}),
      };
    }),
  );
  let location = description.location;
  const variantKey = payload.location?.variantKey;
  if (location && variantKey) {
    const background = await load(variantKey);
    const depthKey = payload.location?.depthKey;
    const depth = depthKey ? await load(depthKey) : null;
    if (background) location = { ...location, background, ...(depth ? { depth } : {}) };
  }
  return { ...description, characters, ...(location ? { location } : {}) };
}
