export { createStorage, type StorageEnv, storageEnvSchema } from "./env.ts";
export { LocalDiskStorage } from "./local.ts";
export { S3Storage, type S3StorageOptions } from "./s3.ts";
export { assertSafeKey, type ObjectStorage, type StoredObject } from "./storage.ts";
