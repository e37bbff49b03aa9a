import { createStorage as createFromEnv, type ObjectStorage } from "@comic-studio/infra";
import type { ApiConfig } from "../config.ts";

export { LocalDiskStorage, type ObjectStorage, S3Storage, type StoredObject } from "@comic-studio/infra";

/** The storage STORAGE_DRIVER names. */
export function createStorage(config: ApiConfig): ObjectStorage {
  return createFromEnv(config, "api");
}
