import type { Sql } from "@comic-studio/infra";
import { AppError, type Upload } from "@comic-studio/shared";
import type { ObjectStorage } from "../storage/index.ts";
import { EXTENSION, type ImageMime, type NormalisedImage } from "./images.ts";

interface UploadRow {
  id: string;
  project_id: string;
  sha256: string;
  mime: ImageMime;
  width: number;
  height: number;
  bytes: number;
  storage_key: string;
  thumbnail_key: string;
  created_at: Date;
}

export function toUpload(row: UploadRow): Upload {
  return {
    id: row.id,
    projectId: row.project_id,
    sha256: row.sha256,
    mime: row.mime,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    url: `/api/uploads/${row.id}`,
    thumbnailUrl: `/api/uploads/${row.id}?thumb=1`,
    createdAt: row.created_at.toISOString(),
  };
}

/** Content-addressed keys: the same bytes are stored once, whoever uploads them. */
export function storageKeys(image: Pick<NormalisedImage, "sha256" | "mime">) {
  const shard = image.sha256.slice(0, 2);
  return {
    original: `uploads/${shard}/${image.sha256}.${EXTENSION[image.mime]}`,
    thumbnail: `thumbs/${shard}/${image.sha256}.webp`,
  };
}

/** Stores the image and records it for the project; an image the project already has is reused. */
export async function saveUpload(
  sql: Sql,
  storage: ObjectStorage,
  projectId: string,
  userId: string,
  image: NormalisedImage,
): Promise<{ upload: Upload; deduplicated: boolean }> {
  const keys = storageKeys(image);
  // Objects first, row second: a row never points at missing bytes. Both puts are idempotent.
  await storage.put(keys.original, image.data, image.mime);
  await storage.put(keys.thumbnail, image.thumbnail, "image/webp");
  const [inserted] = await sql<UploadRow[]>`
    insert into uploads (project_id, sha256, mime, width, height, bytes, storage_key, thumbnail_key, uploaded_by)
    values (${projectId}, ${image.sha256}, ${image.mime}, ${image.width}, ${image.height}, ${image.data.length},
            ${keys.original}, ${keys.thumbnail}, ${userId})
    on conflict (project_id, sha256) do nothing
    returning *`;
  if (inserted) return { upload: toUpload(inserted), deduplicated: false };
  const [existing] = await sql<UploadRow[]>`
    select * from uploads where project_id = ${projectId} and sha256 = ${image.sha256}`;
  return { upload: toUpload(existing!), deduplicated: true };
}

export async function listUploads(sql: Sql, projectId: string): Promise<Upload[]> {
  const rows = await sql<UploadRow[]>`
    select * from uploads where project_id = ${projectId} order by created_at desc, id`;
  return rows.map(toUpload);
}

export async function findUpload(sql: Sql, uploadId: string): Promise<UploadRow> {
  const [row] = await sql<UploadRow[]>`select * from uploads where id = ${uploadId}`;
  if (!row)
    throw new AppError("NOT_FOUND", "There is no such image, or you are not a member of its project.");
  return row;
}
