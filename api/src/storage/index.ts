import { LocalDiskStorage, type ObjectStorage, S3Storage } from "@comic-studio/infra";
import type { ApiConfig } from "../config.ts";

export { LocalDiskStorage, type ObjectStorage, S3Storage, type StoredObject } from "@comic-studio/infra";

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
