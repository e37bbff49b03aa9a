import type { Sql } from "@comic-studio/infra";
import type { CommentThread } from "@comic-studio/shared";
import sharp from "sharp";
import type { ObjectStorage } from "../../storage/index.ts";

/** Width of a panel crop in a review summary, px. */
export const CROP_WIDTH_PX = 480;

/** The storage key behind an `/api/files/<key>` URL, or null for any other URL. */
function fileKeyOf(url: string): string | null {
  const prefix = "/api/files/";
  return url.startsWith(prefix) ? decodeURIComponent(url.slice(prefix.length)) : null;
}

async function readAll(storage: ObjectStorage, key: string): Promise<Buffer | null> {
  const object = await storage.get(key);
  if (!object) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A JPEG of the panel a thread is pinned to, from the panel's current image, scaled to
 * {@link CROP_WIDTH_PX} with the pin drawn where the thread points. Null when the thread is
 * not on a panel, or the panel has no image yet.
 */
export async function panelCrop(
  sql: Sql,
  storage: ObjectStorage,
  thread: CommentThread,
): Promise<{ jpeg: Buffer; panelNumber: number } | null> {
  if (!thread.panelId || thread.anchor.kind !== "shape") return null;
  const [panel] = await sql<{ image_url: string | null; position: number }[]>`
    select image_url, position from panels where id = ${thread.panelId}`;
  const key = panel?.image_url ? fileKeyOf(panel.image_url) : null;
  if (!panel || !key) return null;
  const source = await readAll(storage, key).catch(() => null);
  if (!source) return null;
  try {
    const resized = await sharp(source).resize({ width: CROP_WIDTH_PX, withoutEnlargement: false }).toBuffer({
      resolveWithObject: true,
    });
    const { width, height } = resized.info;
    const x = Math.round(thread.anchor.offset.x * width);
    const y = Math.round(thread.anchor.offset.y * height);
    const pin = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
         <circle cx="${x}" cy="${y}" r="11" fill="#e8590c" stroke="#fff" stroke-width="3"/>
       </svg>`,
    );
    const jpeg = await sharp(resized.data)
      .composite([{ input: pin, top: 0, left: 0 }])
      .jpeg({ quality: 82 })
      .toBuffer();
    return { jpeg, panelNumber: panel.position + 1 };
  } catch {
    // An unreadable image leaves the summary without a crop, not without the thread.
    return null;
  }
}
