import type { ApiConfig } from "../config.ts";
import { LocalDiskStorage } from "./local.ts";
import { S3Storage } from "./s3.ts";
import type { ObjectStorage } from "./storage.ts";

export { LocalDiskStorage } from "./local.ts";
export { S3Storage } from "./s3.ts";
export type { ObjectStorage, StoredObject } from "./storage.ts";

/** The storage STORAGE_DRIVER names. */
export function createStorage(config: ApiConfig): ObjectStorage {
  switch (config.STORAGE_DRIVER) {
    case "local":
      return new LocalDiskStorage(config.STORAGE_DIR);
    case "s3":
      return new S3Storage({
        bucket: config.S3_BUCKET!,
        region: config.S3_REGION,
        endpoint: config.S3_ENDPOINT,
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
      });
  }
}
